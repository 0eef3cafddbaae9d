// Paths that once hung the command line before any output, deaf to SIGINT and
// SIGTERM: a RUNBOOK_HOME under /proc (node's own recursive mkdir loops for
// ever there) and a named pipe given as the inventory that nothing writes to.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cliMain } from '../support/cli-bin.js';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

const playbook = '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: hello\n      debug: { msg: hi }\n';

describe('paths that must not hang the command line', () => {
  it('a RUNBOOK_HOME under /proc costs a one-line warning; the run goes on', () => {
    const dir = project({ 'p.yaml': playbook, 'hosts.yaml': 'all:\n  hosts: {}\n' });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', join(dir, 'hosts.yaml'), '--plain'], {
      env: { RUNBOOK_HOME: '/proc/runbook-home' },
    });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain(
      'warning: no run record: cannot write /proc/runbook-home/runs: ENOENT (--no-record turns recording off)',
    );
    expect(r.stdout).to.match(/^localhost +: ok=1 +changed=0 +unreachable=0 +failed=0/m);
  });

  it('a named pipe nothing writes to, given as -i, is one clear error', () => {
    const dir = project({ 'p.yaml': playbook });
    const fifo = join(dir, 'hosts.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', fifo, '--plain']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.equal(
      `error: inventory ${fifo} is a pipe or device that no program writes to\n  hint: write the output to a file first and give that file\n`,
    );
    noStackTrace(r.stdout + r.stderr);
  });

  it('an inventory from a process substitution (a pipe with its writer) is read, however slow the writer starts', () => {
    const script = `exec "$0" "$1" inventory -i <(sleep 0.5; printf 'all:\\n  hosts:\\n    web1:\\n') --graph`;
    const out = execFileSync('bash', ['-c', script, process.execPath, cliMain()], { encoding: 'utf8' });
    expect(out).to.contain('web1');
  });
});
