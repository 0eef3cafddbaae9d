import { expect } from 'chai';
import { HandshakePacer } from '../../src/transport/ssh-pacing.js';

/** A handshake that ends when the test says so, recording how many ran at once. */
function gate() {
  let open = 0;
  let peak = 0;
  const perServer = new Map<string, number>();
  const peakPerServer = new Map<string, number>();
  const pending: (() => void)[] = [];
  const handshake = (server: string) => () =>
    new Promise<string>((resolve) => {
      open++;
      peak = Math.max(peak, open);
      const n = (perServer.get(server) ?? 0) + 1;
      perServer.set(server, n);
      peakPerServer.set(server, Math.max(peakPerServer.get(server) ?? 0, n));
      pending.push(() => {
        open--;
        perServer.set(server, perServer.get(server)! - 1);
        resolve(server);
      });
    });
  const settle = async () => {
    // Let started handshakes register, then end them all; repeat until none is left.
    for (let round = 0; round < 1000; round++) {
      await new Promise((r) => setImmediate(r));
      if (pending.length === 0) return;
      for (const end of pending.splice(0)) end();
    }
  };
  return { handshake, settle, peak: () => peak, peakOf: (s: string) => peakPerServer.get(s) ?? 0 };
}

describe('ssh connection set-up pacing (transport/ssh-pacing)', () => {
  it('keeps at most the per-server limit of handshakes pending on one sshd, and runs them all', async () => {
    const pacer = new HandshakePacer(64, 8);
    const g = gate();
    const all = Promise.all(Array.from({ length: 30 }, () => pacer.run('10.0.0.1:22', g.handshake('10.0.0.1:22'))));
    await g.settle();
    expect(await all).to.have.length(30);
    expect(g.peakOf('10.0.0.1:22')).to.equal(8);
  });

  it('keeps at most the total limit across servers, and lets a free server pass a full one', async () => {
    const pacer = new HandshakePacer(10, 2);
    const g = gate();
    const servers = [
      ...Array.from({ length: 6 }, () => 'busy:22'),
      ...Array.from({ length: 40 }, (_, i) => `h${i}:22`),
    ];
    const all = Promise.all(servers.map((s) => pacer.run(s, g.handshake(s))));
    await new Promise((r) => setImmediate(r));
    // The first round: two of the busy server, eight others; not six of the busy one.
    expect(g.peak()).to.equal(10);
    expect(g.peakOf('busy:22')).to.equal(2);
    await g.settle();
    expect((await all).filter((s) => s === 'busy:22')).to.have.length(6);
    expect(g.peak()).to.equal(10);
  });

  it('frees the slot of a handshake that fails', async () => {
    const pacer = new HandshakePacer(1, 1);
    await pacer.run('a:22', () => Promise.reject(new Error('refused'))).catch(() => undefined);
    expect(await pacer.run('a:22', () => Promise.resolve('second'))).to.equal('second');
  });
});
