// The local connection keeps the Connection contract on the controller itself.
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandTimeoutError } from '../../src/transport/connection.js';
import { connectLocal } from '../../src/transport/local.js';

describe('local connection', () => {
  const conn = connectLocal('localhost');
  const dir = () => mkdtempSync(join(tmpdir(), 'runbook-local-'));

  it('runs a shell line with stdin, giving rc, stdout and stderr', async () => {
    expect(await conn.exec('read x; echo "got $x"; echo err >&2; exit 3', { stdin: 'hi\n' })).to.deep.equal({
      rc: 3,
      stdout: 'got hi\n',
      stderr: 'err\n',
      signal: undefined,
    });
  });

  it('stops a command past timeoutMs, with everything it started', async () => {
    const d = dir();
    const started = Date.now();
    const err = await conn
      .exec(`(sleep 37.25; touch ${d}/late) & sleep 37.25`, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(CommandTimeoutError);
    // Stopped at the timeout: waiting out the 37.25 s sleep would not be.
    expect(Date.now() - started).to.be.below(37_250);
    const left = await conn.exec(`pgrep -f "^sleep 37.25$" | wc -l`);
    expect(left.stdout.trim()).to.equal('0');
  });

  it('writes atomically with a mode, reads, stats and removes files; a missing path is null', async () => {
    const d = dir();
    const f = join(d, 'a.conf');
    expect(await conn.stat(f)).to.equal(null);
    expect(await conn.readFile(f)).to.equal(null);
    await conn.writeFile(f, 'one\n', { mode: 0o640 });
    expect(readFileSync(f, 'utf8')).to.equal('one\n');
    expect(statSync(f).mode & 0o7777).to.equal(0o640);
    await conn.writeFile(f, 'two\n');
    expect(statSync(f).mode & 0o7777).to.equal(0o640);
    expect(await conn.stat(f)).to.include({ type: 'file', mode: 0o640, size: 4 });
    await conn.mkdir(join(d, 'sub'), 0o750);
    expect(await conn.stat(join(d, 'sub'))).to.include({ type: 'directory', mode: 0o750 });
    await conn.rmdir(join(d, 'sub'));
    await conn.unlink(f);
    expect(await conn.lstat(f)).to.equal(null);
    const err = await conn.unlink(f).catch((e: unknown) => e);
    expect(err).to.include({ code: 'ENOENT', op: 'unlink' });
  });

  it('a write removes the temps a killed earlier write of the same file left, and only those', async () => {
    const d = dir();
    const f = join(d, 'app.conf');
    // What a controller killed mid-write leaves: temps named after the target; another file's temp and a look-alike stay.
    // Left a minute ago: a temp written to within the last seconds may be another write's in flight.
    for (const left of [
      '.app.conf.runbook-0123456789ab',
      '.app.conf.runbook-ba9876543210',
      '.other.conf.runbook-0123456789ab',
      '.app.conf.runbook-notatemp',
    ]) {
      writeFileSync(join(d, left), 'partial');
      utimesSync(join(d, left), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    }
    await conn.writeFile(f, 'whole\n');
    expect(readFileSync(f, 'utf8')).to.equal('whole\n');
    expect(readdirSync(d).sort()).to.deep.equal([
      '.app.conf.runbook-notatemp',
      '.other.conf.runbook-0123456789ab',
      'app.conf',
    ]);
  });

  it("concurrent writes of one file do not take each other's temps: each lands whole", async () => {
    const d = dir();
    const f = join(d, 'big.bin');
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(4 << 20, i + 1));
    await Promise.all(bodies.map((b) => conn.writeFile(f, b)));
    const got = readFileSync(f);
    expect(got.length).to.equal(4 << 20);
    expect(bodies.some((b) => b.equals(got))).to.equal(true);
    expect(readdirSync(d)).to.deep.equal(['big.bin']);
  });
});
