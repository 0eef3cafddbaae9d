import { expect } from 'chai';
import { hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// file state link / hard, symbolic modes, owner/group, recurse: apply, re-apply (ok), --check (nothing written), --diff.
// What ansible-playbook 2.14 does with the same arguments is in test/ansible-corpus/file-states.
describe('file module: links, symbolic modes, owner, recurse', () => {
  const host = () => hostNames()[0]!;
  const sh = (command: string) => onHost(host(), command).trim();
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;
  const one = async (task: string, o: { check?: boolean; diff?: boolean } = {}) =>
    (await runYaml(play(`    - name: t\n      ${task}\n`), o)).task('t').get(host())!;

  beforeEach(() =>
    onHost(host(), 'rm -rf /srv/fl && mkdir -p /srv/fl && printf x > /srv/fl/f && chmod 0644 /srv/fl/f'),
  );

  it('state link: --check --diff writes nothing, apply makes the symlink, re-apply is ok, another src replaces it', async () => {
    const before = treeDigest(host(), '/srv/fl');
    const checked = await one('file: { path: /srv/fl/ln, src: f, state: link }', { check: true, diff: true });
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({ path: '/srv/fl/ln', before: '', after: 'link -> f\n' });
    expect(treeDigest(host(), '/srv/fl')).to.equal(before);
    const made = await one('file: { path: /srv/fl/ln, src: f, state: link }');
    expect(made.status).to.equal('changed');
    expect(made.data).to.deep.include({ dest: '/srv/fl/ln', src: 'f', state: 'link' });
    expect(sh('readlink /srv/fl/ln')).to.equal('f');
    expect((await one('file: { path: /srv/fl/ln, src: f, state: link }')).status).to.equal('ok');
    onHost(host(), 'printf y > /srv/fl/g');
    const moved = await one('file: { path: /srv/fl/ln, src: g, state: link }', { diff: true });
    expect(moved.status).to.equal('changed');
    expect(moved.diffs[0]).to.deep.include({ before: 'link -> f\n', after: 'link -> g\n' });
    expect(sh('readlink /srv/fl/ln; ls -a /srv/fl | grep -c runbook || true')).to.equal('g\n0');
  });

  // ansible-playbook 2.14 made /tmp/lk/pki -> /tmp/lk/ssl from an absolute src (2026-12-07); Kubespray's
  // kubeadm compat cert dir (/etc/kubernetes/pki -> /etc/kubernetes/ssl) is this link.
  it("state link with an absolute src links to it as written (not joined under the link's directory); re-apply ok", async () => {
    onHost(host(), 'mkdir -p /srv/fl/ssl');
    const made = await one('file: { path: /srv/fl/pki, src: /srv/fl/ssl, state: link, mode: "0755" }');
    expect(made.status, made.msg).to.equal('changed');
    expect(sh('readlink /srv/fl/pki')).to.equal('/srv/fl/ssl');
    expect((await one('file: { path: /srv/fl/pki, src: /srv/fl/ssl, state: link, mode: "0755" }')).status).to.equal(
      'ok',
    );
    const missing = await one('file: { path: /srv/fl/other, src: /srv/fl/nope, state: link }');
    expect(missing.msg).to.equal(
      'src file does not exist, use "force=yes" if you really want to create the link: /srv/fl/nope',
    );
  });

  it("state link refuses a missing src and a file in the way unless force, with Ansible's words", async () => {
    const missing = await one('file: { path: /srv/fl/ln, src: nope, state: link }');
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.equal(
      'src file does not exist, use "force=yes" if you really want to create the link: /srv/fl/nope',
    );
    onHost(host(), 'printf z > /srv/fl/g');
    const over = await one('file: { path: /srv/fl/g, src: f, state: link }');
    expect(over.msg).to.equal('refusing to convert from file to symlink for /srv/fl/g');
    expect((await one('file: { path: /srv/fl/g, src: f, state: link, force: true }')).status).to.equal('changed');
    expect(sh('readlink /srv/fl/g')).to.equal('f');
  });

  it('state hard: links to the same inode, re-apply is ok, a different file there needs force', async () => {
    expect((await one('file: { path: /srv/fl/h, src: /srv/fl/f, state: hard }', { check: true })).status).to.equal(
      'changed',
    );
    expect(sh('ls /srv/fl')).to.equal('f');
    expect((await one('file: { path: /srv/fl/h, src: /srv/fl/f, state: hard }')).status).to.equal('changed');
    expect(sh('stat -c %i /srv/fl/h /srv/fl/f | uniq | wc -l')).to.equal('1');
    expect((await one('file: { path: /srv/fl/h, src: /srv/fl/f, state: hard }')).status).to.equal('ok');
    onHost(host(), 'printf q > /srv/fl/other');
    expect((await one('file: { path: /srv/fl/other, src: /srv/fl/f, state: hard }')).msg).to.equal(
      'Cannot link, file exists at destination',
    );
  });

  it('symbolic modes apply to the current mode; re-apply is ok; --check --diff shows the mode and writes nothing', async () => {
    const checked = await one('file: { path: /srv/fl/f, mode: "u+x,g-r,o=" }', { check: true, diff: true });
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({
      before: 'mode: 0644\nowner: 0\ngroup: 0\n',
      after: 'mode: 0700\nowner: 0\ngroup: 0\n',
    });
    expect(hostStat(host(), '/srv/fl/f')).to.equal('644 regular file');
    expect((await one('file: { path: /srv/fl/f, mode: "u+x,g-r,o=" }')).status).to.equal('changed');
    expect(hostStat(host(), '/srv/fl/f')).to.equal('700 regular file');
    expect((await one('file: { path: /srv/fl/f, mode: "u+x,g-r,o=" }')).status).to.equal('ok');
  });

  it('owner/group by name, and recurse with a+X sets every entry under the directory, then is ok', async () => {
    onHost(
      host(),
      'mkdir -p /srv/fl/d/e && printf 1 > /srv/fl/d/e/x && chmod 0600 /srv/fl/d/e/x && chmod 0700 /srv/fl/d/e',
    );
    const r = await one(
      'file: { path: /srv/fl/d, state: directory, recurse: true, owner: nobody, group: nogroup, mode: "u=rwX,go=rX" }',
    );
    expect(r.status).to.equal('changed');
    expect(r.data).to.deep.include({
      path: '/srv/fl/d',
      owner: 'nobody',
      group: 'nogroup',
      mode: '0755',
      state: 'directory',
    });
    expect(sh('cd /srv/fl/d && stat -c "%n %a %U %G" . e e/x')).to.equal(
      '. 755 nobody nogroup\ne 755 nobody nogroup\ne/x 644 nobody nogroup',
    );
    expect(
      (
        await one(
          'file: { path: /srv/fl/d, state: directory, recurse: true, owner: nobody, group: nogroup, mode: "u=rwX,go=rX" }',
        )
      ).status,
    ).to.equal('ok');
  });

  it("~ is the home of the login on the host; recurse without state directory fails with Ansible's words", async () => {
    onHost(host(), 'rm -rf /root/fl-home');
    const r = await one('file: { path: ~/fl-home, state: directory }');
    expect(r.status).to.equal('changed');
    expect(r.data).to.deep.include({ path: '/root/fl-home' });
    expect(hostStat(host(), '/root/fl-home')).to.equal('755 directory');
    onHost(host(), 'rm -rf /root/fl-home');
    expect((await one('file: { path: /srv/fl/f, recurse: true, state: file }')).msg).to.equal(
      "recurse option requires state to be 'directory'",
    );
  });

  // ansible-playbook 2.14 (file target, diff_peek.yml; file.py execute_diff_peek): a NUL byte in the first
  // 8192 bytes, nothing changed, no warning.
  it('_diff_peek changes nothing and says whether the file looks binary', async () => {
    onHost(host(), "printf 'a\\000b' > /srv/fl/bin; chmod 0600 /srv/fl/bin");
    const before = treeDigest(host(), '/srv/fl');
    const bin = await one('file: { path: /srv/fl/bin, _diff_peek: yes, mode: "0644" }');
    expect(bin.status).to.equal('ok');
    expect(bin.data).to.deep.equal({ path: '/srv/fl/bin', appears_binary: true });
    expect((await one('file: { path: /srv/fl/f, _diff_peek: yes }')).data.appears_binary).to.equal(false);
    expect(treeDigest(host(), '/srv/fl')).to.equal(before);
  });
});
