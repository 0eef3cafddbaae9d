// Paces SSH connection set-up. sshd drops new unauthenticated connections beyond
// MaxStartups (OpenSSH's default 10:30:100: from 10 pending, 30% are refused), and
// a controller that starts a thousand key exchanges at once starves each of CPU
// until some pass their connect timeout. So: at most PER_SERVER handshakes pending
// on one sshd (address:port, behind the same jump host), and at most TOTAL in all.
// A handshake waiting here has not started: its connect timeout has not either.

/** Below OpenSSH's default MaxStartups start (10), so no connection is ever dropped for it. */
export const PER_SERVER = 8;
/** Enough to keep two cores busy with key exchanges without starving any of them (measured: docs/scale.md). */
export const TOTAL = 64;

export class HandshakePacer {
  private total = 0;
  private readonly perServer = new Map<string, number>();
  private readonly waiting: { server: string; start: () => void }[] = [];

  constructor(
    private readonly totalLimit = TOTAL,
    private readonly serverLimit = PER_SERVER,
  ) {}

  /** Runs `handshake` once a slot for `server` is free; the slot is held until it settles. */
  async run<T>(server: string, handshake: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ server, start });
      this.startWaiting();
    });
    try {
      return await handshake();
    } finally {
      this.total--;
      const n = (this.perServer.get(server) ?? 1) - 1;
      if (n === 0) this.perServer.delete(server);
      else this.perServer.set(server, n);
      this.startWaiting();
    }
  }

  /** Starts waiting handshakes in arrival order, skipping those whose server is full. */
  private startWaiting(): void {
    for (let i = 0; i < this.waiting.length && this.total < this.totalLimit; ) {
      const w = this.waiting[i]!;
      const n = this.perServer.get(w.server) ?? 0;
      if (n >= this.serverLimit) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.total++;
      this.perServer.set(w.server, n + 1);
      w.start();
    }
  }
}
