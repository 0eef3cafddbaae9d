// The run's cache of shared reads (modules/contract.ts RunCache). A host that
// had a change applied in this run always reads anew: what a change sets in
// motion goes on after it (a kubelet restarted on containerd reports its new
// runtime later), so no read is known to be late enough for that host. The
// others are served the newest read made since the last forget().
import type { RunCache } from '../modules/contract.js';

export class SharedReads implements RunCache {
  private tick = 0;
  private forgotAt = 0;
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly changed = new Set<string>();
  /** Changes applied on each host so far: a read started ahead is good only while its host's count stays put (facts-ahead.ts). */
  private readonly changeCounts = new Map<string, number>();

  shared<T>(key: string, host: string, read: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.at > this.forgotAt && !this.changed.has(host)) return entry.value as Promise<T>;
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

  /** A task is about to apply a change on `host`: from now on it reads anew. */
  changing(host: string): void {
    this.changed.add(host);
    this.changeCounts.set(host, this.changesOn(host) + 1);
  }

  changesOn(host: string): number {
    return this.changeCounts.get(host) ?? 0;
  }
}
