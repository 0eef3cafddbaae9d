// A loop's reads made once for all its items. A module whose items each read the
// host's state (systemd: one `systemctl show` a unit) may read every item's at the
// first item, in one round trip (ModuleContext.loopAhead). An item takes that
// reading at its first attempt only (a retry of `until` reads anew), and only if
// it runs on the same connection as the item that read (the same host or delegate,
// become and environment) and no change was applied on the host since the reading
// began: it is then the reading the item would have made itself, as facts read
// ahead are (facts-ahead.ts). Another host's task changing this one is counted
// too: a change delegated to a host counts on it (run-cache.ts).
import type { ModuleContext } from '../modules/contract.js';
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { BecomeOptions } from '../transport/become.js';
import type { SharedReads } from './run-cache.js';
import { environmentOf } from './step-keywords.js';
import { delegateOf, itemScope, renderedArgs, whenHolds } from './task-prep.js';

export interface LoopAheadTask {
  task: ModuleTask;
  module: { name: string; schema: object; templatedKeys?: boolean };
  host: string;
  vars: Vars;
  become: (target: string, vars: Vars) => BecomeOptions | undefined;
}

interface Reading {
  via: string;
  changes: number;
  value: Promise<unknown>;
}

export class LoopAhead {
  private reading?: Reading;

  constructor(
    private readonly run: LoopAheadTask,
    private readonly items: readonly unknown[],
    private readonly cache: SharedReads,
  ) {}

  /** What the module of the item whose variables are `vars` gets as `loopAhead`: one use, at its first attempt. */
  forItem(vars: Vars): ModuleContext['loopAhead'] {
    let used = false;
    return <T>(read: (items: Record<string, unknown>[]) => Promise<T>): Promise<T> | undefined => {
      if (used) return undefined;
      used = true;
      const at = this.connectionOf(vars);
      if (at === undefined) return undefined;
      const changes = this.changesOn(at.target);
      if (!this.reading) {
        this.reading = { via: at.via, changes, value: read(this.argsOfItems()) };
        return this.reading.value as Promise<T>;
      }
      if (this.reading.via !== at.via || this.reading.changes !== changes) return undefined;
      return this.reading.value as Promise<T>;
    };
  }

  private changesOn(target: string): number {
    return this.cache.changesOn(this.run.host) + (target === this.run.host ? 0 : this.cache.changesOn(target));
  }

  /** Where and how the item runs; undefined when that cannot be rendered (the item meets the error itself). */
  private connectionOf(vars: Vars): { target: string; via: string } | undefined {
    try {
      const target = delegateOf(this.run.task, vars) ?? this.run.host;
      const via = JSON.stringify([target, this.run.become(target, vars), environmentOf(this.run.task, vars)]);
      return { target, via };
    } catch {
      return undefined;
    }
  }

  /** The arguments of the items that would run (their `when` holds) and render; the others read on their own. */
  private argsOfItems(): Record<string, unknown>[] {
    const found: Record<string, unknown>[] = [];
    for (const i of this.items.keys()) {
      try {
        const vars = itemScope(this.run.task, this.run.vars, this.items, i);
        if (!whenHolds(this.run.task, vars)) continue;
        const { args, invalid } = renderedArgs(this.run.task, vars, this.run.module);
        if (invalid === undefined) found.push(args);
      } catch {
        // This item's own turn reports what is wrong with it.
      }
    }
    return found;
  }
}
