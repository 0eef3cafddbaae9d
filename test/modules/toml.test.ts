import TOML from '@iarna/toml';
import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// toml on a lab host: apply (changed), apply again (ok, untouched), --check (nothing written).
describe('toml module', () => {
  const host = () => hostNames()[0]!;
  const play = (args: string, vars = '{}') =>
    `- hosts: ${host()}\n  vars: ${vars}\n  tasks:\n    - name: t\n      toml: ${args}\n`;
  const only = async (yaml: string, opts: Parameters<typeof runYaml>[1] = {}) =>
    (await runYaml(yaml, opts)).results[0]!;
  // biome-ignore lint/suspicious/noExplicitAny: the assertions walk a parsed document whose shape they check
  const parsed = () => TOML.parse(hostFile(host(), '/etc/containerd/config.toml') ?? '') as Record<string, any>;
  const cri = '"io.containerd.grpc.v1.cri"';
  // As Docker's bundled containerd and `containerd config default` (v2) write it, comments included.
  const config = [
    '# containerd config, version 2',
    'version = 2',
    'disabled_plugins = ["cri"]',
    '',
    `[plugins.${cri}]`,
    '  # the pause image',
    '  sandbox_image = "registry.k8s.io/pause:3.6"',
    `  [plugins.${cri}.containerd]`,
    '    snapshotter = "overlayfs"',
    '',
  ].join('\n');

  beforeEach(() =>
    onHost(
      host(),
      `rm -rf /srv/t /etc/containerd && mkdir -p /srv/t /etc/containerd && printf '%s' '${config}' > ` +
        `/etc/containerd/config.toml && chmod 0600 /etc/containerd/config.toml`,
    ),
  );

  it('sets a key by a quoted dotted path, then is ok and untouched', async () => {
    const yaml = play(
      `{ path: /etc/containerd/config.toml, key: 'plugins.${cri}.sandbox_image', value: "registry.aliyuncs.com/k8sxio/pause:3.2" }`,
    );
    const first = await only(yaml);
    expect(first.status).to.equal('changed');
    const doc = parsed();
    expect(doc.plugins['io.containerd.grpc.v1.cri'].sandbox_image).to.equal('registry.aliyuncs.com/k8sxio/pause:3.2');
    expect(doc.plugins['io.containerd.grpc.v1.cri'].containerd).to.deep.equal({ snapshotter: 'overlayfs' });
    expect(doc.version).to.equal(2);
    expect(doc.disabled_plugins).to.deep.equal(['cri']);
    expect(hostStat(host(), '/etc/containerd/config.toml')).to.equal('600 regular file');
    const before = treeDigest(host(), '/etc/containerd');
    expect((await only(yaml)).status).to.equal('ok');
    expect(treeDigest(host(), '/etc/containerd')).to.equal(before);
  });

  it('an equal value is no change even when the file has comments and another layout', async () => {
    const before = treeDigest(host(), '/etc/containerd');
    const r = await only(
      play(`{ path: /etc/containerd/config.toml, key: 'plugins.${cri}.containerd.snapshotter', value: overlayfs }`),
    );
    expect(r.status).to.equal('ok');
    expect(treeDigest(host(), '/etc/containerd')).to.equal(before);
    expect(hostFile(host(), '/etc/containerd/config.toml')).to.equal(config);
  });

  it('creates missing tables on the way (SystemdCgroup from a templated boolean) and writes nothing under --check', async () => {
    const yaml = play(
      `{ path: /etc/containerd/config.toml, key: 'plugins.${cri}.containerd.runtimes.runc.options.SystemdCgroup', value: "{{systemd}}" }`,
      '{ systemd: true }',
    );
    const before = treeDigest(host(), '/etc/containerd');
    const check = await only(yaml, { check: true, diff: true });
    expect(check.status).to.equal('changed');
    expect(check.diffs[0]?.after).to.contain(
      `[plugins.${cri}.containerd.runtimes.runc.options]\nSystemdCgroup = true\n`,
    );
    expect(treeDigest(host(), '/etc/containerd')).to.equal(before);

    expect((await only(yaml)).status).to.equal('changed');
    expect(parsed().plugins['io.containerd.grpc.v1.cri'].containerd.runtimes.runc.options).to.deep.equal({
      SystemdCgroup: true,
    });
    expect((await only(yaml)).status).to.equal('ok');
  });

  it('takes lists, mappings, numbers and strings with quotes and $(…) as values', async () => {
    const nasty = `it's "q" $(touch /srv/t/pwned) \\ end`;
    const cases: [string, unknown, string][] = [
      ['disabled_plugins', [], '[]'],
      ['oom_score', -999, '-999'],
      [
        `plugins.${cri}.registry`,
        { config_path: '/etc/containerd/certs.d' },
        '{ config_path: /etc/containerd/certs.d }',
      ],
      [`plugins."x.y".'lit.key'`, nasty, '"{{v}}"'],
    ];
    for (const [key, value, yamlValue] of cases) {
      const yaml = play(
        `{ path: /etc/containerd/config.toml, key: ${JSON.stringify(key)}, value: ${yamlValue} }`,
        JSON.stringify({ v: nasty }),
      );
      expect((await only(yaml)).status, key).to.equal('changed');
      const doc = parsed();
      const at = key.startsWith('plugins."x.y"')
        ? doc.plugins['x.y']['lit.key']
        : key.startsWith('plugins.')
          ? doc.plugins['io.containerd.grpc.v1.cri'].registry
          : doc[key];
      expect(at, key).to.deep.equal(value);
      expect((await only(yaml)).status, `${key} again`).to.equal('ok');
    }
    expect(hostStat(host(), '/srv/t/pwned')).to.equal(null);
  });

  it('state absent removes the key, then is ok', async () => {
    const yaml = play('{ path: /etc/containerd/config.toml, key: disabled_plugins, state: absent }');
    expect((await only(yaml)).status).to.equal('changed');
    expect(parsed()).to.not.have.property('disabled_plugins');
    expect((await only(yaml)).status).to.equal('ok');
  });

  it('invalid TOML on the host fails naming the file and the line, and writes nothing', async () => {
    onHost(host(), `printf 'version = 2\\n[plugins\\nx = 1\\n' > /etc/containerd/config.toml`);
    const before = treeDigest(host(), '/etc/containerd');
    const r = await only(play('{ path: /etc/containerd/config.toml, key: version, value: 3 }'));
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(/^\/etc\/containerd\/config\.toml is not valid TOML: line 2, column \d+: /);
    expect(treeDigest(host(), '/etc/containerd')).to.equal(before);
  });

  it('a missing file fails unless create: true; a key through a non-table fails; a bad path fails', async () => {
    const missing = await only(play('{ path: /srv/t/new.toml, key: a.b, value: 1 }'));
    expect(missing.msg).to.equal('/srv/t/new.toml does not exist (set create: true to create it)');
    const yaml = play('{ path: /srv/t/new.toml, key: a.b, value: 1, create: true, mode: "0644" }');
    expect((await only(yaml)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/new.toml')).to.equal('[a]\nb = 1\n');
    expect((await only(yaml)).status).to.equal('ok');

    const through = await only(play('{ path: /etc/containerd/config.toml, key: version.minor, value: 1 }'));
    expect(through.msg).to.equal(
      '/etc/containerd/config.toml: version is a number (2), not a table, so version.minor cannot be set',
    );
    const badPath = await only(play(`{ path: /etc/containerd/config.toml, key: 'plugins."unclosed', value: 1 }`));
    expect(badPath.msg).to.match(/invalid key path .* unterminated double quote/);
  });

  it('backup and validate work as for copy', async () => {
    const key = `plugins.${cri}.sandbox_image`;
    const bad = await only(
      play(
        `{ path: /etc/containerd/config.toml, key: '${key}', value: "pause:bad", backup: true, validate: "! grep -q pause:bad %s" }`,
      ),
    );
    expect(bad.status).to.equal('failed');
    expect(hostFile(host(), '/etc/containerd/config.toml')).to.equal(config);
    const good = await only(
      play(
        `{ path: /etc/containerd/config.toml, key: '${key}', value: "pause:3.9", backup: true, validate: "grep -q pause:3.9 %s" }`,
      ),
    );
    expect(good.status).to.equal('changed');
    expect(hostFile(host(), good.data.backup_file as string)).to.equal(config);
    expect(
      onHost(host(), 'ls -A /etc/containerd')
        .split('\n')
        .filter((f) => f.includes('runbook')),
    ).to.deep.equal([]);
  });
});
