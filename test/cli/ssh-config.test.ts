import { expect } from 'chai';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lab } from '../lab/shared.js';
import { emptyHome, runbookCli, type Cli } from '../support/cli-run.js';
import { project } from '../support/run.js';

const PLAY = '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: who\n      command: id -un\n';

/** Login name each host ran the task as. */
function ranAs(r: Cli): Record<string, string> {
  return Object.fromEntries([...r.task('who')].map(([h, res]) => [h, String(res.data.stdout).trim()]));
}

/**
 * A home whose ~/.ssh/config reaches the lab by alias: lab-1 … by Host blocks,
 * the key by IdentityFile (after one that does not exist), known_hosts by
 * UserKnownHostsFile. The inventory names nothing but the aliases.
 */
function labHome(extra = ''): { home: string; config: string } {
  const l = lab();
  const home = emptyHome();
  mkdirSync(join(home, 'keys'));
  copyFileSync(l.keyFile, join(home, 'keys', 'lab'));
  const aliases = l.hosts.map((h, i) => `Host lab-${i + 1}\n  HostName ${h.address}\n`).join('');
  const config = `${extra}
# the sudo login for lab-1 only
Host lab-1
  User ${l.sudoUser!.name}

${aliases}
Match host ${l.hosts[2]!.address}
  Port 22
  ConnectTimeout 5

Host lab-*
  User root
  IdentityFile ~/keys/absent
  IdentityFile ~/keys/lab
  IdentitiesOnly yes
  StrictHostKeyChecking yes
  UserKnownHostsFile ${l.knownHostsFile}
  ServerAliveInterval 5
`;
  writeFileSync(join(home, '.ssh', 'config'), config);
  return { home, config };
}

function aliasInventory(dir: string, hostVars: Record<string, Record<string, unknown>> = {}): string {
  const hosts = Object.fromEntries(lab().hosts.map((_, i) => [`lab-${i + 1}`, hostVars[`lab-${i + 1}`] ?? {}]));
  const file = join(dir, 'aliases.yaml');
  writeFileSync(file, stringify({ all: { hosts } }));
  return file;
}

describe('runbook apply: ~/.ssh/config (the command line)', () => {
  const dir = project({ 'p.yaml': PLAY });
  const playbook = join(dir, 'p.yaml');

  it('reaches hosts by their ssh_config aliases: HostName, User, IdentityFile, UserKnownHostsFile; first value wins', () => {
    const { home } = labHome();
    const r = runbookCli([playbook, '-i', aliasInventory(dir)], { home });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranAs(r)).to.deep.equal({ 'lab-1': lab().sudoUser!.name, 'lab-2': 'root', 'lab-3': 'root' });
  });

  it('inventory variables win over the file', () => {
    const { home } = labHome();
    const r = runbookCli([playbook, '-i', aliasInventory(dir, { 'lab-1': { ansible_user: 'root' } })], { home });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranAs(r)['lab-1']).to.equal('root');
  });

  it('--ssh-config reads another file; a missing one is an error', () => {
    const { home, config } = labHome();
    const file = join(dir, 'ssh_config');
    writeFileSync(file, config.replace('~/keys/lab', join(home, 'keys', 'lab')));
    const r = runbookCli([playbook, '-i', aliasInventory(dir), '--ssh-config', file], { home: emptyHome() });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(Object.keys(ranAs(r))).to.have.length(3);

    const missing = runbookCli([playbook, '-i', aliasInventory(dir), '--ssh-config', join(dir, 'nope')], {
      home: emptyHome(),
    });
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain(`error: cannot read the ssh config file ${join(dir, 'nope')}: no such file`);
  });

  it('StrictHostKeyChecking accept-new records the keys in UserKnownHostsFile; yes refuses an unknown host', () => {
    const { home } = labHome(
      'Host lab-*\n  UserKnownHostsFile ~/.ssh/fresh_known_hosts\n  StrictHostKeyChecking accept-new\n',
    );
    const r = runbookCli([playbook, '-i', aliasInventory(dir)], { home });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    const recorded = readFileSync(join(home, '.ssh', 'fresh_known_hosts'), 'utf8');
    for (const h of lab().hosts)
      expect(recorded).to.match(new RegExp(`^${h.address.replace(/\./g, '\\.')} ssh-ed25519 `, 'm'));

    const strict = labHome('Host lab-*\n  UserKnownHostsFile ~/.ssh/empty_known_hosts\n');
    const refused = runbookCli([playbook, '-i', aliasInventory(dir)], { home: strict.home });
    expect(refused.code).to.equal(4);
    expect(refused.stdout).to.match(/fatal: \[lab-1\]: UNREACHABLE! => host key for lab-1 .* is not known/);
  });

  it('a bad value in the file: exit 1 with file:line and the line', () => {
    const { home } = labHome('Host lab-2\n  ServerAliveInterval often\n');
    const r = runbookCli([playbook, '-i', aliasInventory(dir)], { home });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(
      `${join(home, '.ssh', 'config')}:2:3: error: ServerAliveInterval must be a number of seconds, ` +
        `got "often" (for host lab-2)\n  2 |   ServerAliveInterval often`,
    );
  });
});
