import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectParams, type ConnectSettings } from '../../src/cli/connect-params.js';
import { RunbookError } from '../../src/errors.js';
import { connectionVars } from '../../src/inventory/connection-vars.js';
import { loadSshConfig } from '../../src/parse/ssh-config.js';
import type { Vars } from '../../src/types/vars.js';
import { project } from '../support/run.js';

const CONFIG = `# operators' ~/.ssh/config
Host bastion
  HostName 10.0.0.1
  User jump
  Port 2222
  IdentityFile ~/.ssh/bastion_key

Host inner-bastion
  HostName 10.1.0.1
  ProxyJump bastion

Host node-*
  User core
  IdentityFile ~/.ssh/node_key
  IdentityFile %d/.ssh/node_key_old
  IdentitiesOnly yes
  ProxyJump bastion
  StrictHostKeyChecking accept-new
  UserKnownHostsFile ~/.ssh/cluster_known_hosts
  ConnectTimeout 7
  ServerAliveInterval 2
  ServerAliveCountMax 4

Match host 192.168.5.*
  Port 2200

Host *
  ServerAliveInterval 30
`;

function settings(hosts: Record<string, Vars>, over: Partial<ConnectSettings> = {}): ConnectSettings {
  const dir = project({ config: CONFIG });
  const varDirs = (vars: Vars) => Object.fromEntries(Object.keys(vars).map((k) => [k, dir]));
  return {
    hostVars: new Map(
      Object.entries(hosts).map(([name, vars]) => [
        name,
        connectionVars({ name, groups: ['all'], vars, varDirs: varDirs(vars), origins: {} }),
      ]),
    ),
    sshConfig: loadSshConfig(join(dir, 'config'), true),
    home: '/home/op',
    defaultKnownHosts: '/home/op/.ssh/known_hosts',
    ...over,
  };
}

describe('connection settings: inventory, CLI, ssh_config, defaults', () => {
  it('takes what ssh_config says for the host: user, keys, jump host, known_hosts, timeouts', () => {
    const p = connectParams(settings({ 'node-1': {} }), 'node-1');
    expect(p).to.deep.include({
      host: 'node-1',
      address: 'node-1',
      port: 22,
      user: 'core',
      identitiesOnly: true,
      hostKeyPolicy: 'accept-new',
      knownHostsFile: '/home/op/.ssh/cluster_known_hosts',
      connectTimeoutMs: 7000,
      keepaliveIntervalMs: 2000,
      keepaliveCountMax: 4,
    });
    expect(p.identities).to.deep.equal([
      { path: '/home/op/.ssh/node_key', required: false },
      { path: '/home/op/.ssh/node_key_old', required: false },
    ]);
    expect(p.via).to.deep.include({ host: 'bastion', address: '10.0.0.1', port: 2222, user: 'jump' });
    expect(p.via!.identities.map((i) => i.path)).to.deep.equal([
      '/home/op/.ssh/bastion_key',
      '/home/op/.ssh/node_key',
      '/home/op/.ssh/node_key_old',
    ]);
    expect(p.via!.via).to.equal(undefined);
  });

  it('inventory variables win over the file, the CLI fills what the inventory leaves', () => {
    const s = settings(
      {
        'node-1': {
          ansible_user: 'admin',
          ansible_port: 22022,
          ansible_ssh_private_key_file: '/keys/id',
          runbook_jump_hosts: [],
        },
      },
      { user: 'cli-user' },
    );
    const p = connectParams(s, 'node-1');
    expect(p).to.deep.include({ user: 'admin', port: 22022 });
    expect(p.identities[0]).to.deep.equal({ path: '/keys/id', required: true });
    expect(p.via).to.equal(undefined);
    expect(connectParams(settings({ 'node-2': {} }, { user: 'cli-user' }), 'node-2').user).to.equal('cli-user');
  });

  it('matches Host patterns against ansible_host when it is set, and Match host against the HostName', () => {
    const p = connectParams(settings({ web: { ansible_host: '192.168.5.9' } }), 'web');
    expect(p).to.deep.include({ address: '192.168.5.9', port: 2200, user: 'root', keepaliveIntervalMs: 30_000 });
    expect(p.identities.map((i) => i.path)).to.deep.equal([
      '/home/op/.ssh/id_ed25519',
      '/home/op/.ssh/id_ecdsa',
      '/home/op/.ssh/id_rsa',
    ]);
  });

  it('resolves a chain of jump hosts, outermost first, each hop through ssh_config or the inventory', () => {
    const s = settings({
      app: { ansible_host: '10.2.0.5', ansible_ssh_common_args: '-o ProxyJump=ops@gw.example.com:2022,inner-bastion' },
      gw: { ansible_host: '203.0.113.7', runbook_jump_hosts: 'inner-bastion' },
      db: { runbook_jump_hosts: ['gw'] },
    });
    const app = connectParams(s, 'app');
    expect(app.via).to.deep.include({ host: 'inner-bastion', address: '10.1.0.1' });
    // The chain says what comes before inner-bastion: its own ProxyJump does not apply.
    expect(app.via!.via).to.deep.include({
      host: 'gw.example.com',
      address: 'gw.example.com',
      user: 'ops',
      port: 2022,
    });
    expect(app.via!.via!.via).to.equal(undefined);

    const db = connectParams(s, 'db');
    expect(db.via).to.deep.include({ host: 'gw', address: '203.0.113.7' });
    expect(db.via!.via).to.deep.include({ host: 'inner-bastion', address: '10.1.0.1' });
    expect(db.via!.via!.via).to.deep.include({ host: 'bastion', address: '10.0.0.1', user: 'jump', port: 2222 });
  });

  it('a jump host loop is an error, not a hang', () => {
    const s = settings({ a: { runbook_jump_hosts: 'b' }, b: { runbook_jump_hosts: 'a' } });
    expect(() => connectParams(s, 'a')).to.throw(RunbookError, /more than 8 hops deep: is there a ProxyJump loop/);
  });

  it('a bad value in the file names the file and the line', () => {
    const dir = project({ config: 'Host x\n  User u\n  Port twenty\n' });
    const cfg = loadSshConfig(join(dir, 'config'), true);
    try {
      cfg.lookup('x');
      expect.fail('no error');
    } catch (err) {
      expect(err).to.be.instanceOf(RunbookError);
      const e = err as RunbookError;
      expect(e.message).to.equal('Port must be a port number from 1 to 65535, got "twenty" (for host x)');
      expect(e.excerpt).to.equal('  Port twenty');
      expect(e.source).to.deep.equal({ file: join(dir, 'config'), line: 3, col: 3 });
    }
    writeFileSync(join(dir, 'other'), 'Host *\n  ForwardAgent yes\n  ControlMaster auto\n');
    expect(loadSshConfig(join(dir, 'other'), true).lookup('x')).to.deep.equal({});
    expect(() => loadSshConfig(join(dir, 'missing'), true)).to.throw(
      RunbookError,
      /cannot read the ssh config file .*missing: no such file/,
    );
    expect(loadSshConfig(join(dir, 'missing'), false).lookup('x')).to.deep.equal({});
  });
});
