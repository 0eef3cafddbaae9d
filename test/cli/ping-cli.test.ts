import { expect } from 'chai';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { sudoInventory } from '../engine/become-support.js';
import { lab } from '../lab/shared.js';
import { hostNames, project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

/** The lab's hosts as the lab inventory has them, with `extra` hosts and vars added. */
function labInventory(extra: Record<string, Record<string, unknown>> = {}, knownHosts = lab().knownHostsFile): string {
  const l = lab();
  const hosts = Object.fromEntries(l.hosts.map((h) => [h.name, { ansible_host: h.address, ansible_port: h.port }]));
  const file = join(project({}), 'hosts.yaml');
  const vars = { ansible_user: 'root', ansible_ssh_private_key_file: l.keyFile, runbook_known_hosts_file: knownHosts };
  writeFileSync(file, stringify({ all: { vars, hosts: { ...hosts, ...extra } } }));
  return file;
}

const line = (out: string, host: string): string => out.split('\n').find((l) => l.startsWith(`${host} | `)) ?? '';

describe('runbook ping (real SSH to the lab)', () => {
  it('every host: SSH with its host key checked, a command, each timed; exit 0', () => {
    const r = runbook(['ping', '-i', lab().inventoryFile]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.have.length(hostNames().length);
    for (const h of lab().hosts) {
      expect(line(r.stdout, h.name)).to.match(
        new RegExp(
          `^${h.name} \\| SUCCESS => ssh in \\d+ ms \\(root@${h.address.replace(/\./g, '\\.')}:${h.port}, host key strict\\); command as root in \\d+ ms$`,
        ),
      );
    }
  });

  it('-l picks the hosts; an unknown host key and a host nobody answers on are UNREACHABLE: exit 4', () => {
    const known = join(project({}), 'known_hosts');
    writeFileSync(known, '');
    const inv = labInventory({ ghost: { ansible_host: '127.0.13.250', ansible_port: 22 } }, known);
    const r = runbook(['ping', '-i', inv, '-l', 'node1,ghost', '--connect-timeout', '3']);
    expect(r.code, r.stdout + r.stderr).to.equal(4);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]),
    ).to.deep.equal(['node1', 'ghost']);
    expect(line(r.stdout, 'node1')).to.match(/^node1 \| UNREACHABLE! => .*host key.*; after \d+ ms\)$/);
    expect(line(r.stdout, 'ghost')).to.match(
      /^ghost \| UNREACHABLE! => .*\(root@127\.0\.13\.250:22, host key strict; after \d+ ms\)$/,
    );
    // With the key accepted, the same host answers.
    const ok = runbook(['ping', '-i', inv, '-l', 'node1', '--host-key-checking', 'accept-new']);
    expect(ok.code, ok.stdout).to.equal(0);
    expect(line(ok.stdout, 'node1')).to.contain('host key accept-new');
  });

  it('become (-b, or ansible_become in the inventory): sudo checked as the login user; a wrong password is FAILED!: exit 2', () => {
    const password = lab().sudoUser!.password;
    const user = lab().sudoUser!.name;
    const good = runbook(['ping', '-i', sudoInventory(), '-b'], { env: { RUNBOOK_BECOME_PASSWORD: password } });
    expect(good.code, good.stdout + good.stderr).to.equal(0);
    for (const h of hostNames())
      expect(line(good.stdout, h)).to.match(new RegExp(`command as ${user} in \\d+ ms; sudo to root in \\d+ ms$`));

    const inv = sudoInventory({ ansible_become: true }, { node1: { ansible_become_password: 'wrong-pw-1234' } });
    const bad = runbook(['ping', '-i', inv], { env: { RUNBOOK_BECOME_PASSWORD: password } });
    expect(bad.code, bad.stdout + bad.stderr).to.equal(2);
    expect(line(bad.stdout, 'node1')).to.match(
      /^node1 \| FAILED! => ssh in \d+ ms .*; command as \S+ in \d+ ms; sudo: incorrect password/,
    );
    expect(line(bad.stdout, 'node2')).to.match(/\| SUCCESS => .*sudo to root in \d+ ms$/);
    expect(bad.stdout + bad.stderr)
      .not.to.contain('wrong-pw-1234')
      .and.not.to.contain(password);
    noStackTrace(bad.stdout + bad.stderr);
  });

  it('two -i (an INI file of addresses, then a directory with the login): the key and known_hosts paths it names are taken from that directory', () => {
    const l = lab();
    const hosts = project({
      'hosts.ini': [
        '[lab]',
        ...l.hosts.map((h) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`),
        '',
      ].join('\n'),
    });
    // Kubespray's layout: the inventory directory beside the files it names (every file in it is read as inventory).
    const creds = project({
      'inventory/login.yaml':
        'all:\n  vars:\n    ansible_user: root\n    ansible_ssh_private_key_file: ../keys/lab_key\n    runbook_known_hosts_file: ../known_hosts\n',
    });
    mkdirSync(join(creds, 'keys'));
    copyFileSync(l.keyFile, join(creds, 'keys', 'lab_key'));
    copyFileSync(l.knownHostsFile, join(creds, 'known_hosts'));
    const r = runbook(['ping', '-i', join(hosts, 'hosts.ini'), '-i', join(creds, 'inventory')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    for (const h of l.hosts)
      expect(line(r.stdout, h.name)).to.match(
        / \| SUCCESS => ssh in \d+ ms \(root@.*host key strict\); command as root in \d+ ms$/,
      );
  });

  it('an inventory without ansible_port: the port used is shown, 22 or ssh_config\'s, never "undefined"', () => {
    const l = lab();
    const h = l.hosts[0]!;
    const dir = project({});
    const inv = join(dir, 'hosts.yaml');
    const vars = {
      ansible_user: 'root',
      ansible_ssh_private_key_file: l.keyFile,
      runbook_known_hosts_file: l.knownHostsFile,
    };
    writeFileSync(inv, stringify({ all: { vars, hosts: { [h.name]: { ansible_host: h.address } } } }));
    const r = runbook(['ping', '-i', inv]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(line(r.stdout, h.name)).to.match(
      new RegExp(`\\(root@${h.address.replace(/\./g, '\\.')}:22, host key strict\\)`),
    );
    // ssh_config's Port is the one used (nothing listens there: the unreachable line names it).
    const config = join(dir, 'ssh_config');
    writeFileSync(config, `Host ${h.address}\n  Port 2200\n  ConnectTimeout 3\n`);
    const other = runbook(['ping', '-i', inv, '--ssh-config', config]);
    expect(other.code, other.stdout + other.stderr).to.equal(4);
    expect(line(other.stdout, h.name)).to.match(
      new RegExp(
        `UNREACHABLE! => .*\\(root@${h.address.replace(/\./g, '\\.')}:2200, host key strict; after \\d+ ms\\)$`,
      ),
    );
    expect(r.stdout + other.stdout).not.to.contain('undefined');
  });

  it('an IPv6 host as Ansible writes it in INI ([::1]:2299): its address is shown in brackets with the port', () => {
    const dir = project({});
    const inv = join(dir, 'hosts.ini');
    // Nothing listens on ::1 port 2299: the unreachable line names where it tried.
    writeFileSync(inv, '[v6]\n[::1]:2299 ansible_user=root\n');
    const r = runbook(['ping', '-i', inv]);
    expect(r.code, r.stdout + r.stderr).to.equal(4);
    expect(r.stdout).to.contain('(root@[::1]:2299, host key strict');
  });
});
