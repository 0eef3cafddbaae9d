// The local connection keeps the Connection contract on the controller itself.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandTimeoutError } from '../../src/transport/connection.js';
import { connectLocal } from '../../src/transport/local.js';

describe('local connection', () => {
  const conn = connectLocal('localhost');
  const dir = () => mkdtempSync(join(tmpdir(), 'runbook-local-'));

  it('runs a shell line with stdin, giving rc, stdout and stderr', async () => {
    expect(await conn.exec('read x; echo "got $x"; echo err >&2; exit 3', { stdin: 'hi\n' })).to.deep.equal({ rc: 3, stdout: 'got hi\n', stderr: 'err\n', signal: undefined });
  });

  it('stops a command past timeoutMs, with everything it started', async () => {
    const d = dir();
    const started = Date.now();
    const err = await conn.exec(`(sleep 37.25; touch ${d}/late) & sleep 37.25`, { timeoutMs: 300 }).catch((e: unknown) => e);
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
    expect((await conn.stat(f))).to.include({ type: 'file', mode: 0o640, size: 4 });
    await conn.mkdir(join(d, 'sub'), 0o750);
    expect((await conn.stat(join(d, 'sub')))).to.include({ type: 'directory', mode: 0o750 });
    await conn.rmdir(join(d, 'sub'));
    await conn.unlink(f);
    expect(await conn.lstat(f)).to.equal(null);
    const err = await conn.unlink(f).catch((e: unknown) => e);
    expect(err).to.include({ code: 'ENOENT', op: 'unlink' });
  });
});
