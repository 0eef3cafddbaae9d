// Uses its own small lab (.lab/<lab name>-link) because it kills it mid-test; its
// addresses are in this run's own range, so two runs with their own labs never clash.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { TransportError, type Connection } from '../../src/transport/connection.js';
import { labProcesses } from '../lab/host-process.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labDir, nthAddress } from '../lab/paths.js';
import { extraLabSpot } from '../support/cli-run.js';
import { eventually } from '../support/host-shell.js';
import { connectTo, rejection } from './helpers.js';

/** Mount points whose path mentions `dir`, in any process's view. */
function mountsMentioning(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n'))
        if (line.includes(dir)) found.push(`${pid}: ${line}`);
    } catch {
      // Process gone meanwhile.
    }
  }
  return found;
}

/** PIDs of processes of a lab whose command line is exactly `argv`. */
function running(l: Lab, argv: string[]): number[] {
  return labProcesses(l.dir)
    .map((p) => p.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === argv.join('\0') + '\0';
      } catch {
        return false;
      }
    });
}

describe('ssh transport: session limits and a link that drops', () => {
  let small: Lab;
  let startMs: number;
  const spot = extraLabSpot('link', 200);
  const address = (i: number) => nthAddress(spot.firstAddress, i);
  before(async () => {
    const t0 = Date.now();
    // MaxSessions 4: like a stock OpenSSH (10) but easier to overrun.
    small = await startLab({
      hosts: 2,
      dir: labDir(spot.name),
      firstAddress: address(0),
      sshdOptions: { MaxSessions: '4' },
    });
    startMs = Date.now() - t0;
  });
  after(async () => {
    await small?.stop();
  });

  it('starts a separate 2-host lab with its own key and addresses', function () {
    expect(small.hosts.map((h) => `${h.name} ${h.address}:${h.port}`)).to.deep.equal([
      `node1 ${address(0)}:22`,
      `node2 ${address(1)}:22`,
    ]);
    // How fast is a benchmark's question (bench/); startLab fails by itself if a host never answers.
    this.test!.title += ` (${startMs} ms)`;
  });

  it('runs 30 commands at once, plus SFTP, on a server that allows only 4 sessions', async () => {
    const c = await connectTo(0, {}, small);
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => c.exec(`sleep 0.1; echo ${i}`)));
      results.forEach((r, i) => {
        expect(r.stdout).to.equal(`${i}\n`);
      });
      const [stat, ...more] = await Promise.all([
        c.stat('/etc/hostname'),
        ...Array.from({ length: 8 }, () => c.exec('sleep 0.2; uname -n')),
      ]);
      expect(stat?.type).to.equal('file');
      for (const r of more) expect(r.stdout).to.equal('node1\n');
    } finally {
      await c.close();
    }
  });

  it('when the host goes away, running and later calls reject with TransportError, and the lab leaves nothing', async () => {
    const c: Connection = await connectTo(1, {}, small);
    await c.stat('/'); // SFTP session open too
    const sleeping = rejection(c.exec('sleep 30'));
    // The command must run on the host when it goes away, not still be on its way there.
    expect(await eventually(() => running(small, ['sleep', '30']).length === 1), 'sleep 30 never ran').to.equal(true);

    await small.stop();

    const err = await sleeping;
    expect(err).to.be.instanceOf(TransportError);
    expect(err.message.startsWith(`connection to root@${address(1)}:22 lost: `), err.message).to.equal(true);
    expect(await rejection(c.exec('true'))).to.be.instanceOf(TransportError);
    expect(await rejection(c.readFile('/etc/hostname'))).to.be.instanceOf(TransportError);
    await c.close();

    expect(labProcesses(small.dir)).to.deep.equal([]);
    const sshds = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .filter((pid) => {
        try {
          return (
            readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sshd') &&
            readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(small.dir)
          );
        } catch {
          return false;
        }
      });
    expect(sshds, 'sshd processes of the stopped lab').to.deep.equal([]);
    expect(mountsMentioning(small.dir)).to.deep.equal([]);
    expect(existsSync(small.dir)).to.equal(false);
  });
});
