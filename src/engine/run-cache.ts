// The run's cache of shared reads (modules/contract.ts RunCache). Freshness is
// kept with one counter: every read and every change gets the next number, and
// a read serves a host only if it is newer than that host's last change.
import type { RunCache } from '../modules/contract.js';

export class SharedReads implements RunCache {
  private tick = 0;
  private forgotAt = 0;
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly changedAt = new Map<string, number>();

  shared<T>(key: string, host: string, read: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.at > this.forgotAt && entry.at > (this.changedAt.get(host) ?? 0)) return entry.value as Promise<T>;
    const at = ++this.tick;
    const value = read();
    this.entries.set(key, { at, value });
    // A failed read is not kept: the next task reads again.
    value.catch(() => {
      if (this.entries.get(key)?.at === at) this.entries.delete(key);
    });
    return value;
  }

  forget(): void {
    this.forgotAt = ++this.tick;
  }

  /** A task is about to apply (or has applied) a change on `host`: reads made before no longer serve it. */
  changing(host: string): void {
    this.changedAt.set(host, ++this.tick);
  }
}
