import { expect } from 'chai';
import { TransportError, type Connection } from '../../src/transport/connection.js';
import { CommandTimeoutError } from '../../src/transport/connection.js';
import { eventually, processCount } from '../support/host-shell.js';
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
    await conn.exec('rm -rf /tmp/at-once && mkdir /tmp/at-once');
    const t0 = Date.now();
    // Each command waits until all 50 have started: one after another they could not finish.
    const together = (i: number) =>
      `touch /tmp/at-once/${i}; n=0; until [ $(ls /tmp/at-once | wc -l) -ge 50 ]; do sleep 0.05; n=$((n+1)); [ $n -lt 1200 ] || exit 99; done; ` +
      `echo ${i}; echo e${i} >&2; exit ${i % 7}`;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => conn.exec(together(i))));
    results.forEach((r, i) => {
      expect(r).to.deep.equal({ rc: i % 7, stdout: `${i}\n`, stderr: `e${i}\n` });
    });
    this.test!.title += ` (${Date.now() - t0} ms)`;
  });

  it('times out a command with CommandTimeoutError, not as an unreachable host, and ends it on the host', async () => {
    const err = await rejection(conn.exec('sleep 601', { timeoutMs: 300 }));
    expect(err).to.be.instanceOf(CommandTimeoutError);
    expect(err).not.to.be.instanceOf(TransportError);
    expect(err.message).to.equal('command timed out after 300 ms on node1: sleep 601');
    expect(await eventually(() => processCount('node1', 'sleep 601') === 0), 'sleep 601 still runs').to.equal(true);
    // The connection goes on working.
    expect((await conn.exec('echo still here')).stdout).to.equal('still here\n');
  });

  it('an aborted signal stops everything the command started (own process groups too), after a SIGTERM its traps see', async () => {
    await conn.exec('rm -f /tmp/trapped');
    const stop = new AbortController();
    const script = `trap 'echo trapped > /tmp/trapped; exit 1' TERM; timeout 600 sleep 602 & sleep 603 & echo started; wait`;
    const running = rejection(conn.exec(script, { signal: stop.signal }));
    expect(
      await eventually(() => processCount('node1', 'sleep 602') + processCount('node1', 'sleep 603') === 2),
    ).to.equal(true);
    stop.abort(new Error('enough'));
    expect((await running).message).to.equal('enough');
    const gone = () =>
      processCount('node1', 'sleep 602') +
        processCount('node1', 'sleep 603') +
        processCount('node1', 'timeout 600 sleep 602') ===
      0;
    expect(await eventually(gone), 'sleeps still run').to.equal(true);
    expect(viaOpenSsh(0, 'cat /tmp/trapped')).to.equal('trapped\n');
    // A signal that has already aborted runs nothing.
    expect((await rejection(conn.exec('touch /tmp/never-run', { signal: stop.signal }))).message).to.equal('enough');
    expect(viaOpenSsh(0, 'ls /tmp/never-run 2>/dev/null || echo absent')).to.equal('absent\n');
    // A stoppable command's output is what it printed, nothing more.
    expect(
      await conn.exec('echo out; echo err >&2', { signal: new AbortController().signal, timeoutMs: 60_000 }),
    ).to.deep.equal({ rc: 0, stdout: 'out\n', stderr: 'err\n' });
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
