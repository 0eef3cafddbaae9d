// What a run remembers across tasks and plays: per-host facts (register,
// set_fact), the recap counts, and which hosts have dropped out.
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import type { HostCounts, Recap, TaskResult } from './events.js';

const zero = (): HostCounts => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

export class RunState {
  readonly recap: Recap = new Map();
  private readonly facts = new Map<string, Vars>();
  /** Hosts that failed or were unreachable: they take no further part in the run. */
  readonly dropped = new Set<string>();
  private readonly lostLink = new Set<string>();
  /** The last task that failed on each host, and why. */
  readonly lastFailure = new Map<string, { task: string; msg: string }>();

  constructor(private readonly inventory: Inventory) {}

  counts(host: string): HostCounts {
    let c = this.recap.get(host);
    if (!c) this.recap.set(host, (c = zero()));
    return c;
  }

  count(r: TaskResult): void {
    const c = this.counts(r.host);
    if (r.status === 'failed' && r.ignored) c.ignored++;
    else if (r.status === 'changed') {
      c.ok++;
      c.changed++;
    } else c[r.status]++;
  }

  /** A failure inside a block was handled by its rescue. */
  rescued(host: string): void {
    const c = this.counts(host);
    c.failed = Math.max(0, c.failed - 1);
    c.rescued++;
  }

  markUnreachable(host: string): void {
    this.lostLink.add(host);
  }

  unreachable(host: string): boolean {
    return this.lostLink.has(host);
  }

  factsOf(host: string): Vars {
    return this.facts.get(host) ?? {};
  }

  setFacts(host: string, vars: Vars): void {
    this.facts.set(host, { ...this.factsOf(host), ...vars });
  }

  /** `hostvars`: inventory vars with facts on top, for every host. */
  hostvars(): Record<string, Vars> {
    const out: Record<string, Vars> = {};
    for (const h of this.inventory.hosts.values()) out[h.name] = { ...h.vars, ...this.factsOf(h.name) };
    return out;
  }
}
