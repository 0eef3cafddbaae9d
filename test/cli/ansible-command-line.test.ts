// The command-line forms ansible-test's targets call ansible-playbook with
// (issue 28, item 7), each checked against ansible-playbook 2.14:
//   -i localhost, / -i h1,h2:2222   a host list (ungrouped; a listed localhost is a host like any other)
//   -c local / --connection local   the connection of hosts whose inventory names none
//   no -i at all                    the implicit localhost alone, with a warning
//   -v, -vv                         debug's verbosity: threshold
//   -e @file                        a vars file, !unsafe values kept as text
//   a.yml b.yml                     several playbooks: one run, their plays in order
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInventory } from '../../src/cli/cli-inventory.js';
import { noStackTrace, runbook } from './support.js';

function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'runbook-cli-forms-'));
}

const RECAP = /localhost\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=0\s+failed=0\s+skipped=(\d+)/;

describe('command-line forms of ansible-test targets', function () {
  this.timeout(60_000);

  it('-i localhost, -c local runs on the controller, as ansible-playbook -i localhost, -c local', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'p.yml'),
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: { dest: "${dir}/out", content: "{{ inventory_hostname }} {{ group_names }}\\n" }\n`,
    );
    const r = runbook(['apply', '--plain', '--no-record', '-i', 'localhost,', '-c', 'local', join(dir, 'p.yml')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    // ansible-playbook wrote `localhost ['ungrouped']`: a list in text is Python's str(), as runbook writes it.
    expect(readFileSync(join(dir, 'out'), 'utf8')).to.equal("localhost ['ungrouped']\n");
    expect(RECAP.exec(r.stdout)?.slice(1)).to.deep.equal(['1', '1', '0']);
    expect(r.stdout + r.stderr).not.to.contain('warning: no inventory');
  });

  it('no -i: the implicit localhost alone, with a warning (ansible-playbook: "No inventory was parsed")', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'p.yml'),
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: { dest: "${dir}/out", content: "local\\n" }\n`,
    );
    const r = runbook(['apply', '--plain', '--no-record', join(dir, 'p.yml')]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain('warning: no inventory given (-i): only the implicit localhost is available');
    expect(readFileSync(join(dir, 'out'), 'utf8')).to.equal('local\n');
  });

  it('-i h1:2222,h2 lists both hosts in ungrouped; a bad port and -c of an unknown kind are usage errors', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'p.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: hi }\n`);
    const listed = runbook(['apply', '-i', 'h1:2222,h2', '--list-hosts', join(dir, 'p.yml')]);
    expect(listed.code, listed.stdout + listed.stderr).to.equal(0);
    expect(listed.stdout).to.match(/h1\n\s+h2/);
    const badPort = runbook(['apply', '-i', 'h1:x,h2', join(dir, 'p.yml')]);
    expect(badPort.code).to.equal(1);
    expect(badPort.stderr).to.contain('-i h1:x,h2: "h1:x" is not host or host:port');
    const badKind = runbook(['apply', '-i', 'h1,', '-c', 'winrm', join(dir, 'p.yml')]);
    expect(badKind.code).to.equal(1);
    expect(badKind.stderr).to.contain('-c winrm: runbook has no connection "winrm"');
    noStackTrace(badPort.stderr + badKind.stderr);
  });

  it("-c local is each host's connection where the inventory names none; ansible_connection wins", () => {
    const dir = workDir();
    writeFileSync(join(dir, 'hosts.ini'), 'a\nb ansible_connection=ssh\n');
    const inv = cliInventory([join(dir, 'hosts.ini')], 'local', () => undefined);
    expect(inv.hosts.get('a')?.vars.ansible_connection).to.equal('local');
    expect(inv.hosts.get('a')?.origins.ansible_connection).to.equal('-c local');
    expect(inv.hosts.get('b')?.vars.ansible_connection).to.equal('ssh');
    const listed = cliInventory(['n1:2200, n2 ,'], undefined, () => undefined);
    expect([...listed.hosts.keys()]).to.deep.equal(['n1', 'n2']);
    expect(listed.hosts.get('n1')?.vars).to.deep.equal({ ansible_port: 2200 });
    expect(listed.hosts.get('n1')?.groups).to.deep.equal(['all', 'ungrouped']);
  });

  it('debug verbosity: skipped with "Verbosity threshold not met." below its -v count, shown at it', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'p.yml'),
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: { msg: at-two, verbosity: 2 }\n`,
    );
    const args = ['apply', '--plain', '--no-record', '-i', 'localhost,', '-c', 'local', join(dir, 'p.yml')];
    const quiet = runbook([...args, '-v']);
    expect(quiet.code, quiet.stdout + quiet.stderr).to.equal(0);
    expect(quiet.stdout).to.contain('skipping: [localhost] => Verbosity threshold not met.');
    expect(quiet.stdout).not.to.contain('at-two');
    expect(RECAP.exec(quiet.stdout)?.slice(1)).to.deep.equal(['0', '0', '1']);
    const loud = runbook([...args, '-vv']);
    expect(loud.code, loud.stdout + loud.stderr).to.equal(0);
    expect(loud.stdout).to.contain('at-two');
    expect(RECAP.exec(loud.stdout)?.slice(1)).to.deep.equal(['1', '0', '0']);
  });

  it('-e @file reads a vars file whose !unsafe values stay text', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'vars.yml'), `shown: !unsafe '{{ not_a_var }}'\n`);
    writeFileSync(
      join(dir, 'p.yml'),
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - copy: { dest: "${dir}/out", content: "{{ shown }}\\n" }\n`,
    );
    const r = runbook([
      'apply',
      '--plain',
      '--no-record',
      '-i',
      'localhost,',
      '-c',
      'local',
      '-e',
      `@${join(dir, 'vars.yml')}`,
      join(dir, 'p.yml'),
    ]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out'), 'utf8')).to.equal('{{ not_a_var }}\n');
  });

  // ansible-playbook 2.14 ran the same two files with ok=2 changed=2 at the end, but printed a recap after each
  // playbook (the counts so far: ok=1, then ok=2); runbook prints the last one only (docs/ansible-compatibility.md).
  it('a.yml b.yml: both playbooks in one run, each play reading files beside its own playbook; one recap at the end', () => {
    const dir = workDir();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'from-b.txt'), 'beside b\n');
    const play = (task: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n    - ${task}\n`;
    writeFileSync(join(dir, 'a', 'first.yml'), play(`copy: { dest: "${dir}/out-a", content: "a\\n" }`));
    writeFileSync(join(dir, 'b', 'second.yml'), play(`copy: { dest: "${dir}/out-b", src: from-b.txt }`));
    const args = ['-i', 'localhost,', '-c', 'local', join(dir, 'a', 'first.yml'), join(dir, 'b', 'second.yml')];
    const r = runbook(['apply', '--plain', '--no-record', ...args]);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out-a'), 'utf8')).to.equal('a\n');
    expect(readFileSync(join(dir, 'out-b'), 'utf8')).to.equal('beside b\n');
    expect(r.stdout.match(/PLAY RECAP/g)).to.have.length(1);
    expect(RECAP.exec(r.stdout)?.slice(1)).to.deep.equal(['2', '2', '0']);
  });
});
