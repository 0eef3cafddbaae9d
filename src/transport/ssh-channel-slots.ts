// How many exec channels one SSH connection keeps open at once. OpenSSH refuses sessions beyond
// MaxSessions (default 10), so when the server refuses one, the limit drops to what it accepted and
// the callers queue for a free channel.
export class ChannelSlots {
  private active = 0;
  private limit = 64;
  private readonly queue: (() => void)[] = [];
  private readonly onRelease: (() => void)[] = [];

  /** `gone()` gives the error to fail with once the connection is lost, undefined while it is up. */
  constructor(private readonly gone: () => Error | undefined) {}

  /** Channels open now. */
  get inUse(): number {
    return this.active;
  }

  /** A free slot, waited for when all are taken; rejects once the connection is lost. */
  take(): Promise<void> {
    const lost = this.gone();
    if (lost) return Promise.reject(lost);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) =>
      this.queue.push(() => {
        const lostSince = this.gone();
        if (lostSince) {
          reject(lostSince);
          return;
        }
        this.active++;
        resolve();
      }),
    );
  }

  release(): void {
    this.active--;
    for (const wake of this.onRelease.splice(0)) wake();
    while (this.active < this.limit && this.queue.length > 0) this.queue.shift()!();
  }

  /** The server refused a channel: from now on at most `open` at once (never below one). */
  lowerTo(open: number): void {
    this.limit = Math.max(1, open);
  }

  /** Resolves at the next release (or when the connection is lost). */
  nextRelease(): Promise<void> {
    return new Promise<void>((resolve) => this.onRelease.push(resolve));
  }

  /** The connection is lost: every waiter wakes, and a queued one rejects with `gone()`. */
  wakeAll(): void {
    for (const wake of this.queue.splice(0)) wake();
    for (const wake of this.onRelease.splice(0)) wake();
  }
}
