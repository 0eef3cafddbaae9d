// The fast tier names its files in .mocharc.fast.json; mocha only warns about a pattern that
// matches nothing (a brace list of plain names never matched, so 17 files silently left the tier).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { repo } from './sources.js';

describe('the fast tier', () => {
  it('every spec pattern of .mocharc.fast.json finds a test file', function () {
    this.timeout(60_000);
    const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
    const run = spawnSync(process.execPath, [mocha, '--config', '.mocharc.fast.json', '--dry-run'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(`${run.stdout}${run.stderr}`).to.not.match(/Cannot find any files/);
    expect(run.status).to.equal(0);
  });
});
