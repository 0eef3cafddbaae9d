import { expect } from 'chai';
import { TransportError, type Connection } from '../../src/transport/connection.js';
import { CommandTimeoutError } from '../../src/transport/connection.js';
import { connectTo, rejection, viaOpenSsh } from './helpers.js';

describe('ssh transport: commands on a lab host', () => {
  let conn: Connection;
  before(async () => {
    conn = await connectTo(0);
  });
  after(async () => {
    await conn?.close();
  });

  it('returns rc, stdout and stderr as UTF-8 strings', async () => {
    const r = await conn.exec(`uname -n; printf 'ünïcode ✓\\n'; echo oops >&2; exit 3`);
    expect(r).to.deep.equal({ rc: 0 + 3, stdout: 'node1\nünïcode ✓\n', stderr: 'oops\n' });
  });

  it('runs in a plain root shell (no slow .bashrc) on the host it reached', async () => {
    const r = await conn.exec('echo $USER $HOME; cat ~/.bashrc');
    expect(r.stdout).to.match(/^root \/root\n# lab host/);
  });

  it('writes stdin (string or bytes) and then closes it', async () => {
    expect((await conn.exec('cat', { stdin: 'line 1\nline 2\n' })).stdout).to.equal('line 1\nline 2\n');
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect((await conn.exec('od -An -tx1 | tr -d " \\n"', { stdin: bytes })).stdout).to.equal(bytes.toString('hex'));
    // Without stdin, a command that reads it sees end-of-file at once instead of hanging.
    expect((await conn.exec('cat; echo done')).stdout).to.equal('done\n');
  });

  it('reports a command killed by a signal with the signal name and rc 128+n', async () => {
    const r = await conn.exec('echo before; kill -TERM $$');
    expect(r).to.deep.include({ rc: 143, signal: 'SIGTERM', stdout: 'before\n' });
  });

  it('keeps multi-byte characters whole across large outputs', async () => {
    const r = await conn.exec(`yes 'ä€😀' | head -n 50000`);
    expect(r.rc).to.equal(0);
    expect(r.stdout).to.equal('ä€😀\n'.repeat(50000));
  });

  it('runs 50 commands at once on one connection, each with its own output', async function () {
    const t0 = Date.now();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => conn.exec(`sleep 0.5; echo ${i}; echo e${i} >&2; exit ${i % 7}`)));
    const ms = Date.now() - t0;
    results.forEach((r, i) => expect(r).to.deep.equal({ rc: i % 7, stdout: `${i}\n`, stderr: `e${i}\n` }));
    // One after another they would take 25 s.
    expect(ms).to.be.below(5000);
    this.test!.title += ` (${ms} ms)`;
  });

  it('times out a command with CommandTimeoutError, not as an unreachable host', async () => {
    const t0 = Date.now();
    const err = await rejection(conn.exec('sleep 20', { timeoutMs: 300 }));
    expect(Date.now() - t0).to.be.below(2000);
    expect(err).to.be.instanceOf(CommandTimeoutError);
    expect(err).not.to.be.instanceOf(TransportError);
    expect(err.message).to.equal('command timed out after 300 ms on node1: sleep 20');
    // The connection goes on working.
    expect((await conn.exec('echo still here')).stdout).to.equal('still here\n');
  });

  it('runs commands on the host a real OpenSSH client sees', async () => {
    await conn.exec('echo from-runbook > /tmp/exec-proof');
    expect(viaOpenSsh(0, 'cat /tmp/exec-proof')).to.equal('from-runbook\n');
  });

  it('rejects with TransportError once closed', async () => {
    const c = await connectTo(0);
    await c.close();
    await c.close(); // twice is fine
    const err = await rejection(c.exec('true'));
    expect(err).to.be.instanceOf(TransportError);
    expect((err as TransportError).host).to.equal('node1');
    expect(await rejection(c.stat('/'))).to.be.instanceOf(TransportError);
  });
});
