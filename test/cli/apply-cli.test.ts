import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { project, hostNames } from '../support/run.js';
import { cliMain } from '../support/cli-bin.js';

const main = cliMain();

function runbook(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStackTrace = (text: string) => expect(text).not.to.match(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe('runbook apply (the command line)', () => {
  it('prints a line per task per host and an Ansible-style PLAY RECAP; exit 0', () => {
    const dir = project({
      'p.yaml':
        '- name: cli play\n  hosts: all\n  tasks:\n    - name: write\n      copy: { dest: /tmp/cli-test, content: "x" }\n',
    });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('PLAY [cli play]').and.contain('TASK [write]').and.contain('PLAY RECAP');
    for (const h of hostNames()) {
      expect(r.stdout).to.match(new RegExp(`^(changed|ok): \\[${h}\\]$`, 'm'));
      expect(r.stdout).to.match(
        new RegExp(`^${h} +: ok=1 +changed=[01] +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=0$`, 'm'),
      );
    }
  });

  it("many hosts at once print no Node warning (the run's cancel signal has a listener per command under way)", () => {
    const hosts = Array.from({ length: 24 }, (_, i) => `    l${i}: { ansible_connection: local }`).join('\n');
    const dir = project({
      'hosts.yaml': `all:\n  hosts:\n${hosts}\n`,
      'p.yaml':
        '- hosts: all\n  gather_facts: false\n  tasks:\n    - { name: at once, command: ' +
        'sleep 0.2 }\n    - { name: with a timeout, command: "true", timeout: 30 }\n',
    });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', join(dir, 'hosts.yaml'), '--plain', '--no-record']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout.match(/: ok=2 +changed=2 +unreachable=0 +failed=0/g)).to.have.length(24);
  });

  it('exits 2 when a host failed', () => {
    const dir = project({ 'p.yaml': '- hosts: all\n  tasks:\n    - command: "false"\n' });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(r.code).to.equal(2);
    expect(r.stdout).to.match(/^fatal: \[node1\]: FAILED! => command failed \(exit code 1\)/m);
  });

  it('exits 4 when a host was unreachable and none failed', () => {
    const dir = project({ 'p.yaml': '- hosts: all\n  tasks:\n    - command: "true"\n' });
    const inv = join(dir, 'hosts.yaml');
    writeFileSync(inv, 'all:\n  hosts:\n    ghost:\n      ansible_host: 127.0.1.251\n');
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', inv, '--connect-timeout', '2']);
    expect(r.code).to.equal(4);
    expect(r.stdout).to.match(/^fatal: \[ghost\]: UNREACHABLE! => .*127\.0\.1\.251/m);
    expect(r.stdout).to.match(/^ghost +: ok=0 +changed=0 +unreachable=1 +failed=0/m);
  });

  it('a misspelled play key: exit 1, file:line:col, the line, did-you-mean, no stack trace', () => {
    const dir = project({ 'p.yaml': '- name: x\n  hots: all\n  tasks: []\n' });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`${join(dir, 'p.yaml')}:2:3`);
    expect(r.stderr).to.contain('hots: all');
    expect(r.stderr).to.contain('"hosts"');
    noStackTrace(r.stderr);
    expect(r.stdout).to.equal('');
  });

  it('an unknown module: exit 1 and the list of known modules', () => {
    const dir = project({ 'p.yaml': '- hosts: all\n  tasks:\n    - name: x\n      kopy_file: { dest: /tmp/x }\n' });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(':4:7').and.contain('command').and.contain('template');
    noStackTrace(r.stderr);
  });

  it('a malformed inventory: exit 1 with the inventory file, line and a hint', () => {
    const dir = project({
      'p.yaml': '- hosts: all\n  tasks: []\n',
      'hosts.yaml': 'all:\n  hosts:\n    - node1\n    - node2\n',
    });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', join(dir, 'hosts.yaml')]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`${join(dir, 'hosts.yaml')}:3:`);
    expect(r.stderr).to.match(/hint: .*mapping/);
    noStackTrace(r.stderr);
  });

  it('a missing playbook file and a bad option are usage errors (exit 1), not crashes', () => {
    const missing = runbook(['apply', '/nonexistent/p.yaml', '-i', lab().inventoryFile]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('/nonexistent/p.yaml');
    noStackTrace(missing.stderr);
    const bad = runbook(['apply', 'x.yaml', '-i', lab().inventoryFile, '--forks', 'many']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('--forks');
  });

  it('--json writes every event as a JSON line ending with the recap', () => {
    const dir = project({ 'p.yaml': '- hosts: node1\n  tasks:\n    - command: "true"\n' });
    const out = join(dir, 'events.jsonl');
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile, '--json', out]);
    expect(r.code).to.equal(0);
    const events = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.kind)).to.deep.equal([
      'run-start',
      'play-start',
      'task-start',
      'task-result',
      'play-end',
      'run-end',
    ]);
    expect(events.at(-1).recap.node1).to.include({ ok: 1, changed: 1 });
  });
});
