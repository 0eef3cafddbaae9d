// Hosts the controller cannot reach: their names (hidden-2, hidden-3) resolve
// only inside the jump host's mount namespace, so only a connection that asks
// the jump host to resolve and connect (ProxyJump, as OpenSSH does) gets there.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { LabHost } from '../lab/lab.js';
import { lab } from '../lab/shared.js';
import { emptyHome, runbookCli, type Cli } from '../support/cli-run.js';
import { onHost } from '../support/host-shell.js';
import { project } from '../support/run.js';

const PLAY = '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: where\n      command: uname -n\n';

function ranOn(r: Cli): Record<string, string> {
  return Object.fromEntries(
    [...r.task('where')]
      .filter(([, res]) => res.status !== 'unreachable')
      .map(([h, res]) => [h, String(res.data.stdout).trim()]),
  );
}

function unreachable(r: Cli): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of r.events)
    if (e.kind === 'task-result' && e.result.status === 'unreachable') out[e.result.host] = e.result.msg ?? '';
  return out;
}

/** `Accepted publickey` lines in a lab host's sshd log: one per SSH connection it let in. */
function logins(host: string): number {
  return readFileSync(join(lab().dir, host, 'sshd.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Accepted publickey')).length;
}

describe('runbook apply: hosts behind jump hosts (the command line)', () => {
  const dir = project({ 'p.yaml': PLAY });
  const playbook = join(dir, 'p.yaml');
  let n1: LabHost, n2: LabHost, n3: LabHost;
  let jump: string;
  // node2's key under hidden-2, node3's under hidden-3: what the target proves at the last hop.
  const keyOf = (address: string): string =>
    readFileSync(lab().knownHostsFile, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${address} `))!
      .slice(address.length + 1);
  const knownHosts = join(dir, 'known_hosts');

  before(() => {
    [n1, n2, n3] = lab().hosts as [LabHost, LabHost, LabHost];
    jump = `root@${n1.address}`;
    onHost(n1.name, `echo '${n2.address} hidden-2' >> /etc/hosts; echo '${n3.address} hidden-3' >> /etc/hosts`);
    onHost(n2.name, `echo '${n3.address} hidden-3' >> /etc/hosts`);
    writeFileSync(
      knownHosts,
      `${n1.address} ${keyOf(n1.address)}\nhidden-2 ${keyOf(n2.address)}\nhidden-3 ${keyOf(n3.address)}\n`,
    );
  });
  after(() => {
    for (const h of [n1, n2]) onHost(h.name, "sed -i '/ hidden-/d' /etc/hosts");
  });

  function inventory(vars: Record<string, unknown>, hosts = ['hidden-2', 'hidden-3']): string {
    const file = join(dir, 'hosts.yaml');
    const all = {
      ansible_user: 'root',
      ansible_ssh_private_key_file: lab().keyFile,
      runbook_known_hosts_file: knownHosts,
      ...vars,
    };
    writeFileSync(file, stringify({ all: { hosts: Object.fromEntries(hosts.map((h) => [h, {}])), vars: all } }));
    return file;
  }

  it('the targets cannot be reached directly', () => {
    const r = runbookCli([playbook, '-i', inventory({})], { home: emptyHome() });
    expect(r.code).to.equal(4);
    expect(unreachable(r)).to.deep.equal({
      'hidden-2': 'cannot resolve host name hidden-2 (ENOTFOUND)',
      'hidden-3': 'cannot resolve host name hidden-3 (ENOTFOUND)',
    });
  });

  it('runbook_jump_hosts: every host behind the jump host shares one connection to it', () => {
    const before = logins(n1.name);
    const r = runbookCli([playbook, '-i', inventory({ runbook_jump_hosts: [jump] })], { home: emptyHome() });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranOn(r)).to.deep.equal({ 'hidden-2': n2.name, 'hidden-3': n3.name });
    expect(logins(n1.name) - before, 'logins on the jump host').to.equal(1);
  });

  it("ansible_ssh_common_args: '-o ProxyJump=…', as Kubespray inventories write it", () => {
    const r = runbookCli([playbook, '-i', inventory({ ansible_ssh_common_args: `-o ProxyJump=${jump}` })], {
      home: emptyHome(),
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranOn(r)).to.deep.equal({ 'hidden-2': n2.name, 'hidden-3': n3.name });
  });

  it('ProxyJump in ~/.ssh/config, the jump host named by its own Host block', () => {
    const home = emptyHome();
    writeFileSync(
      join(home, '.ssh', 'config'),
      `Host hidden-*\n  ProxyJump bastion\n\nHost bastion\n  HostName ${n1.address}\n  User root\n  ` +
        `IdentityFile ${lab().keyFile}\n  UserKnownHostsFile ${knownHosts}\n`,
    );
    const file = join(dir, 'bare.yaml');
    writeFileSync(
      file,
      stringify({
        all: {
          hosts: { 'hidden-2': {}, 'hidden-3': {} },
          vars: { ansible_ssh_private_key_file: lab().keyFile, runbook_known_hosts_file: knownHosts },
        },
      }),
    );
    const r = runbookCli([playbook, '-i', file], { home });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranOn(r)).to.deep.equal({ 'hidden-2': n2.name, 'hidden-3': n3.name });
  });

  it('a chain of two jump hosts: hidden-3 through node1, then hidden-2 (which only node1 can resolve)', () => {
    const r = runbookCli([playbook, '-i', inventory({ runbook_jump_hosts: [jump, 'root@hidden-2'] }, ['hidden-3'])], {
      home: emptyHome(),
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(ranOn(r)).to.deep.equal({ 'hidden-3': n3.name });
  });

  it('host keys are checked at every hop', () => {
    // hidden-2 recorded with node3's key: the second hop must refuse it.
    writeFileSync(
      join(dir, 'wrong_known_hosts'),
      `${n1.address} ${keyOf(n1.address)}\nhidden-2 ${keyOf(n3.address)}\nhidden-3 ${keyOf(n3.address)}\n`,
    );
    const target = runbookCli(
      [
        playbook,
        '-i',
        inventory({ runbook_jump_hosts: [jump], runbook_known_hosts_file: join(dir, 'wrong_known_hosts') }),
      ],
      { home: emptyHome() },
    );
    expect(target.code).to.equal(4);
    expect(ranOn(target)).to.deep.equal({ 'hidden-3': n3.name });
    expect(unreachable(target)['hidden-2']).to.match(/^host key for hidden-2 \(hidden-2\) has changed!/);

    // The jump host unknown: nothing behind it is reached, and each host says why.
    writeFileSync(join(dir, 'no_jump_known_hosts'), `hidden-2 ${keyOf(n2.address)}\nhidden-3 ${keyOf(n3.address)}\n`);
    const hop = runbookCli(
      [
        playbook,
        '-i',
        inventory({ runbook_jump_hosts: [jump], runbook_known_hosts_file: join(dir, 'no_jump_known_hosts') }),
      ],
      { home: emptyHome() },
    );
    expect(hop.code).to.equal(4);
    for (const why of Object.values(unreachable(hop)))
      expect(why).to.match(
        new RegExp(`^cannot reach jump host ${n1.address.replace(/\./g, '\\.')}: host key for .* is not known`),
      );
    expect(Object.keys(unreachable(hop)).sort()).to.deep.equal(['hidden-2', 'hidden-3']);
  });

  it('a name the jump host cannot resolve says which jump host tried', () => {
    const r = runbookCli([playbook, '-i', inventory({ runbook_jump_hosts: [jump] }, ['hidden-9'])], {
      home: emptyHome(),
    });
    expect(r.code).to.equal(4);
    expect(unreachable(r)['hidden-9']).to.match(
      new RegExp(`^jump host ${jump.replace(/\./g, '\\.')}:22 cannot connect to hidden-9:22 \\(`),
    );
  });

  it('~/.ssh/config with a two-hop ProxyJump drives playbooks/demo.yaml to the same result as a direct inventory', () => {
    const demo = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'demo.yaml');
    const files = () =>
      onHost(
        n3.name,
        'cat /etc/motd /etc/runbook-demo/app.conf; stat -c %a /etc/runbook-demo /etc/runbook-demo/app.conf; ' +
          'test -s /etc/runbook-demo/first-run && echo first-run',
      );
    const recap = (r: Cli) => r.events.flatMap((e) => (e.kind === 'run-end' ? [JSON.stringify(e.recap)] : []));
    const node3 = (vars: Record<string, unknown>) => {
      const file = join(dir, `demo-${Object.keys(vars).length}.yaml`);
      writeFileSync(
        file,
        stringify({
          all: {
            hosts: { node3: vars },
            vars: {
              ansible_user: 'root',
              ansible_ssh_private_key_file: lab().keyFile,
              runbook_known_hosts_file: knownHosts,
            },
          },
        }),
      );
      return file;
    };
    const reset = () => onHost(n3.name, 'rm -rf /etc/runbook-demo /etc/motd');

    if (!readFileSync(knownHosts, 'utf8').includes(`${n3.address} `))
      writeFileSync(knownHosts, `${readFileSync(knownHosts, 'utf8')}${n3.address} ${keyOf(n3.address)}\n`);
    reset();
    const direct = runbookCli([demo, '-i', node3({ ansible_host: n3.address })], { home: emptyHome() });
    expect(direct.code, direct.stdout + direct.stderr).to.equal(0);
    const directFiles = files();

    // node3 is hidden-3, which only node2 (hidden-2) resolves, and node2 only node1 does.
    reset();
    const home = emptyHome();
    writeFileSync(
      join(home, '.ssh', 'config'),
      `Host node3\n  HostName hidden-3\n  ProxyJump bastion,hidden-2\n\nHost bastion\n  HostName ` +
        `${n1.address}\n\nHost *\n  User root\n  IdentityFile ${lab().keyFile}\n  UserKnownHostsFile ` +
        `${knownHosts}\n`,
    );
    const hopped = runbookCli([demo, '-i', node3({})], { home });
    expect(hopped.code, hopped.stdout + hopped.stderr).to.equal(0);
    expect(recap(hopped)).to.deep.equal(recap(direct));
    expect(files()).to.equal(directFiles);
    expect(directFiles).to.contain('This node (node3) is managed by runbook.').and.contain('first-run');
  });
});
