import { expect } from 'chai';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pruneRuns } from '../../src/record/prune.js';
import { recordedCli } from '../report/record-support.js';
import { noStackTrace } from './support.js';

const RUN_ID = /^\d{8}-\d{6}\.\d{3}-[0-9a-f]{4}$/;
const ids = (files: string[], ext: string) => files.filter((f) => f.endsWith(ext)).map((f) => f.slice(0, -ext.length));

describe('runbook apply keeps a run record; runbook runs lists it; --limit @last-failed retries from it', () => {
  it('a run that fails on one host is recorded with its .retry in the record, not beside the playbook, and listed by runbook runs', () => {
    const cli = recordedCli();
    const r = cli.apply();
    expect(r.code, r.stdout + r.stderr).to.equal(2);
    const id = ids(cli.files(), '.jsonl')[0] ?? '';
    expect(id).to.match(RUN_ID);
    expect(cli.files()).to.deep.equal([`${id}.jsonl`, `${id}.retry`]);
    expect(readFileSync(join(cli.runsDir, `${id}.retry`), 'utf8')).to.equal('node2\n');
    expect(readdirSync(cli.dir).sort()).to.deep.equal(['p.yaml']);
    expect(r.stdout).to.contain(
      `to retry the failed hosts: --limit @last-failed (or --limit @${join(cli.runsDir, `${id}.retry`)})`,
    );
    const kinds = readFileSync(join(cli.runsDir, `${id}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).kind);
    expect(kinds[0]).to.equal('run-start');
    expect(kinds.at(-1)).to.equal('run-end');

    const list = cli.run(['runs']);
    expect(list.code).to.equal(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID\s+STARTED \(UTC\)\s+RESULT\s+DURATION\s+PLAYBOOK\s+HOSTS$/);
    expect(lines).to.have.length(2);
    expect(lines[1]).to.match(
      new RegExp(
        `^${id.replace('.', '\\.')}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+failed \\(1\\)\\s+[\\d.]+ (s|ms)\\s+${cli.playbook}  node1,node2,node3$`,
      ),
    );
  });

  it("--limit @last-failed runs only the last run's failed hosts; Ansible's @file.retry form reads the record's file", () => {
    const cli = recordedCli({
      'p.yaml': '- hosts: all\n  tasks:\n    - fail: { msg: "down" }\n      when: inventory_hostname != "node1"\n',
    });
    expect(cli.apply().code).to.equal(2);
    const retry = join(cli.runsDir, `${ids(cli.files(), '.retry')[0]}.retry`);
    expect(readFileSync(retry, 'utf8')).to.equal('node2\nnode3\n');

    const touch = join(cli.dir, 'touch.yaml');
    writeFileSync(touch, '- hosts: all\n  tasks:\n    - command: "true"\n');
    const again = cli.apply(['--limit', '@last-failed'], touch);
    expect(again.code, again.stdout).to.equal(0);
    expect(again.stdout)
      .to.match(/^node2\s+: ok=1 /m)
      .and.match(/^node3\s+: ok=1 /m)
      .and.not.match(/^node1\s+:/m);

    // That run succeeded and is now the last one: it has no failed host to retry.
    const none = cli.apply(['--limit', '@last-failed'], touch);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.match(
      /^error: --limit @last-failed: the last run \(\d{8}-\d{6}\.\d{3}-[0-9a-f]{4}, .*touch\.yaml\) failed on no host/m,
    );
    noStackTrace(none.stderr);

    const fromFile = cli.apply(['--limit', `@${retry}`], touch);
    expect(fromFile.code).to.equal(0);
    expect(fromFile.stdout)
      .to.match(/^node3\s+: ok=1 /m)
      .and.not.match(/^node1\s+:/m);
  });

  it('--check records the run but writes no .retry, and @last-failed passes over it; --no-record records nothing', () => {
    const cli = recordedCli();
    expect(cli.apply().code).to.equal(2);
    const check = cli.apply(['--check']);
    expect(check.code).to.equal(2);
    expect(check.stdout).not.to.contain('retry');
    expect(ids(cli.files(), '.jsonl')).to.have.length(2);
    expect(ids(cli.files(), '.retry')).to.have.length(1);
    expect(cli.run(['runs']).stdout).to.match(/check failed \(1\)/);

    const before = cli.files();
    const off = cli.apply(['--no-record', '--limit', '@last-failed']);
    expect(off.code).to.equal(2);
    expect(off.stdout)
      .to.match(/^node2\s+: ok=\d+ .*failed=1/m)
      .and.not.match(/^node1\s+:/m);
    expect(off.stdout).to.contain('to retry the failed hosts: --limit node2');
    expect(cli.files()).to.deep.equal(before);
  });

  it('an unwritable record: one warning line, the run and its exit code stand, the retry hint names the hosts', () => {
    const cli = recordedCli();
    writeFileSync(join(cli.home, 'runs'), 'a file where the record directory would be');
    const r = cli.apply();
    expect(r.code).to.equal(2);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).to.deep.equal([
      `warning: no run record: cannot write ${cli.runsDir}: EEXIST (--no-record turns recording off)`,
    ]);
    expect(r.stdout).to.contain('to retry the failed hosts: --limit node2');
    noStackTrace(r.stdout + r.stderr);
  });

  it('@last-failed with no record and runs with none: one line each, exit 1 / 0', () => {
    const cli = recordedCli();
    const r = cli.apply(['--limit', '@last-failed']);
    expect(r.code).to.equal(1);
    expect(r.stderr.split('\n')[0]).to.equal(`error: --limit @last-failed: no run in ${cli.runsDir}`);
    const list = cli.run(['runs']);
    expect(list.code).to.equal(0);
    expect(list.stdout).to.equal(
      `no recorded runs in ${cli.runsDir} (runbook apply records each run unless --no-record)\n`,
    );
  });

  it('the record keeps the newest runs within its size cap; the run just started always stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-runs-'));
    const ids = [
      '20260101-000000.000-aaaa',
      '20260102-000000.000-bbbb',
      '20260103-000000.000-cccc',
      '20260104-000000.000-dddd',
    ];
    for (const id of ids) writeFileSync(join(dir, `${id}.jsonl`), 'x'.repeat(100));
    writeFileSync(join(dir, `${ids[0]}.retry`), 'node1\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a run');
    expect(pruneRuns(dir, ids[3]!, { runs: 3, bytes: 10_000 })).to.deep.equal([ids[0]]);
    expect(readdirSync(dir).sort()).to.deep.equal([...ids.slice(1).map((id) => `${id}.jsonl`), 'notes.txt']);
    expect(pruneRuns(dir, ids[3]!, { runs: 3, bytes: 150 })).to.deep.equal([ids[2], ids[1]]);
    expect(pruneRuns(dir, ids[3]!, { runs: 3, bytes: 10 })).to.deep.equal([]);
    expect(readdirSync(dir).sort()).to.deep.equal([`${ids[3]}.jsonl`, 'notes.txt']);
  });
});
