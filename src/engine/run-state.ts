// What a run remembers across tasks and plays: per-host facts (gathered), the
// variables tasks set (register, set_fact, include_vars), the recap counts, and each batch's table of host states (a host
// that failed or was unreachable in one takes no part in later plays).
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import { countResult, noCounts, type HostCounts, type Recap, type TaskResult } from './events.js';
import { HostTable } from './host-table.js';

export class RunState {
  readonly recap: Recap = new Map();
  private readonly facts = new Map<string, Vars>();
  private readonly included = new Map<string, Vars>();
  private readonly setVars = new Map<string, Vars>();
  private readonly tables: HostTable[] = [];
  private readonly hostViews = new Map<string, Vars>();
  private allViews?: Record<string, Vars>;

  constructor(private readonly inventory: Inventory) {}

  counts(host: string): HostCounts {
    let c = this.recap.get(host);
    if (!c) {
      c = noCounts();
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
    return this.tables.some((t) => t.has(host) && t.isFailed(host));
  }

  /**
   * Failed where its last batch left it (not unreachable): a host whose errors a clear_host_errors
   * cleared is no longer failed, though the recap still counts its failure (Ansible's exit code reads this).
   */
  failedAtEnd(host: string): boolean {
    const last = this.tables.filter((t) => t.hosts.includes(host)).pop();
    if (!last) return false;
    return last.failed().includes(host) && last.state(host) !== 'unreachable';
  }

  /** Counts a result in the recap (a failure a block's rescue takes over counts as rescued, as Ansible). */
  count(r: TaskResult): void {
    countResult(this.counts(r.host), r);
  }

  /** The facts modules gathered (setup, service_facts): below play vars, as Ansible's host facts. */
  factsOf(host: string): Vars {
    return this.facts.get(host) ?? {};
  }

  /** What include_vars, then register and set_fact set: above task vars, in that order whenever set (Ansible's). */
  setVarsOf(host: string): Vars {
    return { ...this.included.get(host), ...this.setVars.get(host) };
  }

  setFacts(host: string, vars: Vars, layer: 'facts' | 'included' | 'set' = 'set'): void {
    const map = layer === 'facts' ? this.facts : layer === 'included' ? this.included : this.setVars;
    map.set(host, { ...map.get(host), ...vars });
    this.hostViews.delete(host);
    this.allViews = undefined;
  }

  /**
   * `hostvars`: inventory vars with facts and set variables on top, for every host. Built
   * anew only for a host whose variables changed since: every step asks, and a gathered
   * host's entry holds a hundred facts. Read-only, as every task of a step shares it.
   */
  hostvars(): Record<string, Vars> {
    if (this.allViews) return this.allViews;
    const out: Record<string, Vars> = {};
    for (const h of this.inventory.hosts.values()) {
      let view = this.hostViews.get(h.name);
      if (!view) {
        view = { ...h.vars, ...this.factsOf(h.name), ...this.setVarsOf(h.name) };
        this.hostViews.set(h.name, view);
      }
      out[h.name] = view;
    }
    this.allViews = out;
    return out;
  }
}
