import { expect } from 'chai';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    const dir = project({
      'p.yaml': '- hosts: node1\n  tasks:\n    - copy: { dest: /tmp/json-unwritable, content: "x" }\n',
    });
    const r = runbook([
      'apply',
      join(dir, 'p.yaml'),
      '-i',
      lab().inventoryFile,
      '--plain',
      '--json',
      join(dir, 'no-such-dir', 'events.jsonl'),
    ]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/^error: --json: cannot write .*no-such-dir\/events\.jsonl: ENOENT$/m);
    noStackTrace(r.stderr);
    expect(r.stdout).to.equal('');
  });

  it('a failed run writes no .retry beside the playbook (the run record keeps it); under --check none at all', () => {
    const home = mkdtempSync(join(tmpdir(), 'runbook-home-'));
    const env = { RUNBOOK_HOME: home };
    const real = unreachableProject();
    const r = runbook(['apply', real.playbook, '-i', real.inventory, '--plain', '--connect-timeout', '2'], { env });
    expect(r.code).to.equal(4);
    expect(readdirSync(real.dir).sort()).to.deep.equal(['hosts.yaml', 'p.yaml']);
    expect(readdirSync(join(home, 'runs')).filter((f) => f.endsWith('.retry'))).to.have.length(1);

    const checked = unreachableProject();
    const c = runbook(
      ['apply', checked.playbook, '-i', checked.inventory, '--plain', '--check', '--connect-timeout', '2'],
      { env },
    );
    expect(c.code).to.equal(4);
    expect(readdirSync(checked.dir).sort()).to.deep.equal(['hosts.yaml', 'p.yaml']);
    expect(readdirSync(join(home, 'runs')).filter((f) => f.endsWith('.retry'))).to.have.length(1);
    expect(c.stdout).not.to.contain('.retry');
  });
});
