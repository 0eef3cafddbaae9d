import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../lab/shared.js';
import { project } from '../support/run.js';
import { noStackTrace, runbook } from './support.js';

// An inventory with one host nobody answers on, so the run ends with exit 4.
function unreachableProject(): { dir: string; playbook: string; inventory: string } {
  const dir = project({
    'p.yaml': '- hosts: all\n  tasks:\n    - command: "true"\n',
    'hosts.yaml': 'all:\n  hosts:\n    ghost:\n      ansible_host: 127.0.13.250\n',
  });
  return { dir, playbook: join(dir, 'p.yaml'), inventory: join(dir, 'hosts.yaml') };
}

describe('runbook apply: the files it writes beside the run', () => {
  it('--json to a path that cannot be written: exit 1, one clear line, no host touched', () => {
    const dir = project({ 'p.yaml': '- hosts: node1\n  tasks:\n    - copy: { dest: /tmp/json-unwritable, content: "x" }\n' });
    const r = runbook(['apply', join(dir, 'p.yaml'), '-i', lab().inventoryFile, '--plain', '--json', join(dir, 'no-such-dir', 'events.jsonl')]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/^error: --json: cannot write .*no-such-dir\/events\.jsonl: ENOENT$/m);
    noStackTrace(r.stderr);
    expect(r.stdout).to.equal('');
  });

  it('a .retry file that cannot be written: still exit 4, a warning naming it and the hosts to retry', () => {
    const { dir, playbook, inventory } = unreachableProject();
    mkdirSync(join(dir, 'p.retry')); // a directory where the file would go
    const r = runbook(['apply', playbook, '-i', inventory, '--plain', '--connect-timeout', '2']);
    expect(r.code, r.stderr).to.equal(4);
    expect(r.stdout).to.contain(`warning: could not write the retry file ${join(dir, 'p.retry')}`);
    expect(r.stdout).to.contain('--limit ghost');
    noStackTrace(r.stdout + r.stderr);
  });

  it('a run that failed writes PLAYBOOK.retry; under --check it writes nothing into the playbook directory', () => {
    const real = unreachableProject();
    const r = runbook(['apply', real.playbook, '-i', real.inventory, '--plain', '--connect-timeout', '2']);
    expect(r.code).to.equal(4);
    expect(existsSync(join(real.dir, 'p.retry'))).to.equal(true);

    const checked = unreachableProject();
    const c = runbook(['apply', checked.playbook, '-i', checked.inventory, '--plain', '--check', '--connect-timeout', '2']);
    expect(c.code).to.equal(4);
    expect(readdirSync(checked.dir).sort()).to.deep.equal(['hosts.yaml', 'p.yaml']);
    expect(c.stdout).not.to.contain('.retry');
  });
});
