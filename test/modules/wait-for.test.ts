import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { TaskResult } from '../../src/engine/events.js';
import { shellQuoteValue as q } from '../../src/quote.js';
import type { Connection, ExecOptions, ExecResult, FileStat, ReadOptions } from '../../src/transport/connection.js';
import { DelegatingConnection } from '../../src/transport/delegating.js';
import { eventually, onHost, processCount, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

/**
 * Runs `then` once, when the module's first check (a command, a stat or a read) has
 * come back, before the next one: the awaited thing appears only once the
 * wait has seen it missing, however slow the machine.
 */
function afterFirstCheck(then: () => unknown): RunOpts {
  let pending: (() => unknown) | undefined = then;
  const fire = async () => {
    const f = pending;
    pending = undefined;
    await f?.();
  };
  class Observed extends DelegatingConnection {
    override async exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
      const r = await this.inner.exec(command, opts);
      await fire();
      return r;
    }
    override async stat(path: string): Promise<FileStat | null> {
      const r = await this.inner.stat(path);
      await fire();
      return r;
    }
    override async readFile(path: string, opts?: ReadOptions): Promise<Buffer | null> {
      const r = await this.inner.readFile(path, opts);
      await fire();
      return r;
    }
    override close(): Promise<void> {
      return this.inner.close();
    }
  }
  return { wrapConnection: (conn: Connection) => new Observed(conn) };
}

// wait_for only reads: ok when the condition holds in time, failed otherwise,
// never changed, and it waits under --check too.
describe('wait_for module', () => {
  const host = () => hostNames()[0]!;
  const waitFor = async (args: object, opts: RunOpts = {}): Promise<TaskResult> => {
    const yaml = `- hosts: ${host()}\n  tasks:\n    - name: w\n      wait_for: ${JSON.stringify(args)}\n`;
    return (await runYaml(yaml, opts)).task('w').get(host())!;
  };
  const gone = (args: string) => eventually(() => processCount(host(), args) === 0);

  beforeEach(() => onHost(host(), 'rm -rf /srv/w && mkdir -p /srv/w'));

  it('path: waits until a file appears, then is ok (not changed); --check waits the same way', async () => {
    for (const check of [false, true]) {
      onHost(host(), 'rm -f /srv/w/ready');
      const r = await waitFor(
        { path: '/srv/w/ready', sleep: 0.2, timeout: 60 },
        { check, ...afterFirstCheck(() => onHost(host(), 'touch /srv/w/ready')) },
      );
      expect(r.status, r.msg).to.equal('ok');
      expect(r.changes).to.deep.equal([]);
      expect(r.data.checks as number).to.be.at.least(2);
      expect(r.msg).to.match(/^path "\/srv\/w\/ready" to exist on \S+ after [\d.]+ s$/);
    }
  });

  it('path state=absent waits until it is gone; a timeout fails naming the path and the time', async () => {
    onHost(host(), 'touch /srv/w/lock');
    const gone = await waitFor(
      { path: '/srv/w/lock', state: 'absent', sleep: 0.2, timeout: 60 },
      afterFirstCheck(() => onHost(host(), 'rm -f /srv/w/lock')),
    );
    expect(gone.status, gone.msg).to.equal('ok');
    expect(gone.data.checks as number).to.be.at.least(2);

    onHost(host(), 'touch /srv/w/stuck');
    const before = treeDigest(host(), '/srv/w');
    const r = await waitFor({ path: '/srv/w/stuck', state: 'absent', timeout: 1, sleep: 0.3 });
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(
      /^timed out after 1 s waiting for path "\/srv\/w\/stuck" to be absent on \S+ \(\d+ checks\)$/,
    );
    // It stops once a pause would end past the deadline: 0.3 s or less before it.
    expect(r.data.elapsed as number).to.be.at.least(0.7);
    expect(treeDigest(host(), '/srv/w')).to.equal(before);
  });

  describe('port', () => {
    let server: Server;
    let port: number;
    before(async () => {
      server = createServer((s) => s.end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('started is ok when the port accepts connections from the host; stopped fails then, with the reason', async () => {
      // Deadlines are long where the wait succeeds: it returns at the first check anyway.
      const open = await waitFor({ port, timeout: 60 });
      expect(open.status, open.msg).to.equal('ok');
      expect(open.msg).to.contain(`port ${port} on 127.0.0.1 to accept connections`);
      // 5 s, not 1: each check's connect is bounded by the time left, and on a loaded host
      // a 1 s bound can lapse before bash connects, which reads as "closed".
      const r = await waitFor({ port, host: '127.0.0.1', state: 'stopped', timeout: 5, sleep: 0.3 });
      expect(r.status).to.equal('failed');
      expect(r.msg).to.match(
        new RegExp(
          `^timed out after 5 s waiting for port ${port} on 127\\.0\\.0\\.1 to be closed .*last check: open\\)$`,
        ),
      );
    });

    it('a closed port: stopped is ok at once; started waits until it opens on the host', async () => {
      expect((await waitFor({ port: 1, state: 'stopped', timeout: 60 })).status).to.equal('ok');
      // A port known to be free, listened on once the wait has found it closed.
      const probe = createServer((s) => s.end());
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const freePort = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const listen = () => new Promise<void>((resolve) => probe.listen(freePort, '127.0.0.1', resolve));
      try {
        const r = await waitFor({ port: freePort, timeout: 60, sleep: 0.2 }, afterFirstCheck(listen));
        expect(r.status, r.msg).to.equal('ok');
        expect(r.data.checks as number).to.be.at.least(2);
      } finally {
        await new Promise<void>((resolve) => probe.close(() => resolve()));
      }
    });
  });

  it('command: runs the argv until it exits 0; a timeout fails with the last exit code and output', async () => {
    const name = `/srv/w/it's "q" $(touch pwned) \`touch pwned\``;
    const ok = await waitFor(
      { command: ['test', '-e', name], sleep: 0.2, timeout: 60 },
      afterFirstCheck(() => onHost(host(), `touch ${q(name)}`)),
    );
    expect(ok.status, ok.msg).to.equal('ok');
    expect(ok.data.checks as number).to.be.at.least(2);
    expect(onHost(host(), 'ls ~/pwned /srv/w/pwned 2>&1 | grep -c "No such file"').trim()).to.equal('2');

    // The first check fails at once; the next one runs until the deadline stops it. The
    // message gives the last check that finished, not the one the deadline cut short.
    // 10 s: the first check must come back before the deadline, also on a loaded host.
    const failOnceThenHang =
      'if [ -e /srv/w/ran ]; then exec sleep 607; fi; touch /srv/w/ran; echo not yet >&2; exit 3';
    const r = await waitFor({ command: ['sh', '-c', failOnceThenHang], timeout: 10, sleep: 0.1 });
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(
      /^timed out after 10 s waiting for command sh -c .* to succeed on \S+ \(2 checks; last check: exit code 3: not yet\)$/,
    );
    expect(await gone('sleep 607'), 'sleep 607 still runs').to.equal(true);

    const slow = await waitFor({ command: ['sleep', '608'], timeout: 1 });
    expect(slow.status).to.equal('failed');
    expect(slow.msg).to.contain('the command was still running');
    expect(await gone('sleep 608'), 'sleep 608 still runs').to.equal(true);
  });

  it('with nothing to wait for it sleeps timeout seconds; search_regex waits for a match and gives its groups', async () => {
    const slept = await waitFor({ timeout: 1 });
    expect(slept.status, slept.msg).to.equal('ok');
    expect(slept.data.elapsed as number).to.be.at.least(1);
    onHost(host(), 'printf "boot\\n" > /srv/w/log');
    const r = await waitFor(
      { path: '/srv/w/log', search_regex: 'ready (?P<what>\\w+) ([0-9]+)', sleep: 0.2, timeout: 60 },
      afterFirstCheck(() => onHost(host(), 'printf "ready node 42\\n" >> /srv/w/log')),
    );
    expect(r.status, r.msg).to.equal('ok');
    expect(r.data).to.include({ path: '/srv/w/log', search_regex: 'ready (?P<what>\\w+) ([0-9]+)' });
    expect(r.data.match_groups).to.deep.equal(['node', '42']);
    expect(r.data.match_groupdict).to.deep.equal({ what: 'node' });
    const late = await waitFor({ path: '/srv/w/log', search_regex: 'never', timeout: 1, msg: 'no sign of it' });
    expect(late.status).to.equal('failed');
    expect(late.msg).to.equal('no sign of it');
  });

  it('delay holds the first check back; arguments that do not fit together fail before waiting', async () => {
    onHost(host(), 'touch /srv/w/there');
    const delayed = await waitFor({ path: '/srv/w/there', delay: 1 });
    expect(delayed.status).to.equal('ok');
    expect(delayed.data.elapsed as number).to.be.at.least(1);
    const wrong = await waitFor({ path: '/srv/w/there', state: 'started' });
    expect(wrong.status).to.equal('failed');
    expect(wrong.msg).to.equal('state for path is present or absent, not started');
  });
});
