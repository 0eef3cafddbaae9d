import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// env_file on a lab host: apply (changed), apply again (ok, untouched), --check (nothing written);
// values read back by sourcing the file with the host's shell.
describe('env_file module', () => {
  const host = () => hostNames()[0]!;
  const play = (args: string, vars = '{}') =>
    `- hosts: ${host()}\n  vars: ${vars}\n  tasks:\n    - name: e\n      env_file: ${args}\n`;
  const only = async (yaml: string, opts: Parameters<typeof runYaml>[1] = {}) =>
    (await runYaml(yaml, opts)).results[0]!;
  const sourced = (key: string) => onHost(host(), `. /srv/t/kubelet && printf %s "$${key}"`);
  const kubelet =
    '# Managed by hand\nexport KUBELET_EXTRA_ARGS=--old\n\nOTHER="keep me" # note\nKUBELET_EXTRA_ARGS="--node-ip=10.0.0.1"\nLAST=1';

  beforeEach(() =>
    onHost(
      host(),
      `rm -rf /srv/t && mkdir -p /srv/t && printf '%s' '${kubelet}' > /srv/t/kubelet && chmod 0640 /srv/t/kubelet`,
    ),
  );

  it('sets the last assignment in place, keeps every other line, then is ok and untouched', async () => {
    const yaml = play(
      '{ path: /srv/t/kubelet, key: KUBELET_EXTRA_ARGS, value: "--container-runtime-endpoint=unix:///run/containerd/containerd.sock" }',
    );
    const first = await only(yaml);
    expect(first.status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/kubelet')).to.equal(
      kubelet.replace(
        'KUBELET_EXTRA_ARGS="--node-ip=10.0.0.1"',
        'KUBELET_EXTRA_ARGS="--container-runtime-endpoint=unix:///run/containerd/containerd.sock"',
      ),
    );
    expect(hostStat(host(), '/srv/t/kubelet')).to.equal('640 regular file');
    const before = treeDigest(host(), '/srv/t');
    expect((await only(yaml)).status).to.equal('ok');
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
  });

  it('under --check shows the diff and writes nothing', async () => {
    const before = treeDigest(host(), '/srv/t');
    const r = await only(play('{ path: /srv/t/kubelet, key: NEW, value: "x" }'), { check: true, diff: true });
    expect(r.status).to.equal('changed');
    expect(r.diffs[0]).to.deep.include({ before: kubelet, after: `${kubelet}\nNEW="x"\n` });
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
  });

  it('keeps the export prefix of the assignment it replaces; an equal unquoted value is no change', async () => {
    onHost(host(), `printf 'export A=abc\\nB=plain\\n' > /srv/t/kubelet`);
    expect((await only(play('{ path: /srv/t/kubelet, key: A, value: abc }'))).status).to.equal('ok');
    expect((await only(play('{ path: /srv/t/kubelet, key: B, value: plain }'))).status).to.equal('ok');
    expect((await only(play('{ path: /srv/t/kubelet, key: A, value: "a b" }'))).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/kubelet')).to.equal('export A="a b"\nB=plain\n');
  });

  it('values with spaces, quotes, $(…), backquotes and backslashes read back exactly when the file is sourced', async () => {
    const values = [
      `--flag="a b" --x='y'`,
      `$(touch /srv/t/pwned) \`touch /srv/t/pwned2\` $HOME`,
      `back\\slash\\ and trailing\\`,
      '',
      `tab\tand "double" 'single'`,
    ];
    for (const value of values) {
      const yaml = play(
        '{ path: /srv/t/kubelet, key: KUBELET_EXTRA_ARGS, value: "{{v}}" }',
        JSON.stringify({ v: value }),
      );
      expect((await only(yaml)).status, value).to.equal('changed');
      expect(sourced('KUBELET_EXTRA_ARGS'), value).to.equal(value);
      expect((await only(yaml)).status, `${value} again`).to.equal('ok');
      expect(sourced('OTHER')).to.equal('keep me');
    }
    expect(onHost(host(), 'ls -A /srv/t')).to.equal('kubelet\n');
  });

  it('state absent removes every assignment of the key, then is ok', async () => {
    const yaml = play('{ path: /srv/t/kubelet, key: KUBELET_EXTRA_ARGS, state: absent }');
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/kubelet')).to.equal('# Managed by hand\n\nOTHER="keep me" # note\nLAST=1');
    expect((await only(yaml)).status).to.equal('ok');
  });

  it('creates a missing file by default (with mode), fails with create: false, and can keep a backup', async () => {
    const yaml = play(
      '{ path: /srv/t/flags.env, key: KUBELET_KUBEADM_ARGS, value: "--pod-infra-container-image=pause:3.9", mode: "0600" }',
    );
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/flags.env')).to.equal(
      'KUBELET_KUBEADM_ARGS="--pod-infra-container-image=pause:3.9"\n',
    );
    expect(hostStat(host(), '/srv/t/flags.env')).to.equal('600 regular file');
    expect((await only(yaml)).status).to.equal('ok');

    const strict = await only(play('{ path: /srv/t/none.env, key: A, value: x, create: false }'));
    expect(strict.status).to.equal('failed');
    expect(strict.msg).to.equal('/srv/t/none.env does not exist (set create: true to create it)');

    const backup = await only(play('{ path: /srv/t/kubelet, key: LAST, value: "2", backup: true }'));
    expect(hostFile(host(), backup.data.backup_file as string)).to.equal(kubelet);
    expect(sourced('LAST')).to.equal('2');
  });

  it('a key that is not a variable name is refused at load time', async () => {
    const err = await runYaml(play('{ path: /srv/t/kubelet, key: "A-B", value: x }')).catch((e: Error) => e);
    expect(String(err)).to.contain('"key" in env_file').and.contain('a variable name');
  });
});
