// What a run remembers across tasks and plays: per-host facts (register,
// set_fact), the recap counts, and each batch's table of host states (a host
// that failed or was unreachable in one takes no part in later plays).
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import type { HostCounts, Recap, TaskResult } from './events.js';
import { HostTable } from './host-table.js';

const zero = (): HostCounts => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

export class RunState {
  readonly recap: Recap = new Map();
  private readonly facts = new Map<string, Vars>();
  private readonly tables: HostTable[] = [];

  constructor(private readonly inventory: Inventory) {}

  counts(host: string): HostCounts {
    let c = this.recap.get(host);
    if (!c) {
      c = zero();
      this.recap.set(host, c);
    }
    return c;
  }

  /** A new batch's table; its hosts start `ok`. */
  startBatch(hosts: readonly string[]): HostTable {
    const table = new HostTable(hosts);
    this.tables.push(table);
    for (const h of hosts) this.counts(h);
    return table;
  }

  /** Failed or unreachable in an earlier batch: out of the rest of the run. */
  droppedOut(host: string): boolean {
    return this.tables.some((t) => t.failed().includes(host));
  }

  /** `rescue`: a failure a block's rescue takes over counts as rescued, not failed (as Ansible). */
  count(r: TaskResult, rescue = false): void {
    const c = this.counts(r.host);
    if (r.status === 'failed' && r.ignored) {
      // As ansible-core 2.14: an ignored failure also counts ok, and changed when it had begun its changes.
      c.ignored++;
      c.ok++;
      if (r.changes.length > 0) c.changed++;
    } else if (r.status === 'failed' && rescue) c.rescued++;
    else if (r.status === 'changed') {
      c.ok++;
      c.changed++;
    } else c[r.status]++;
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
