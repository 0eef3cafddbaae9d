// `meta:` directives, as ansible-core 2.14's linear strategy runs them: none is
// a task result (the recap counts none). flush_handlers, end_host,
// reset_connection and noop are decided per host (each host's `when`);
// end_play, end_batch and clear_host_errors once, with the first host's
// variables. An ended host is done with the play, not failed: it takes part
// in the next play. clear_host_errors does the same for the batch's failed
// hosts (ansible-playbook left them out of the rest of the play, in the next).
import type { InventoryHost } from '../types/inventory.js';
import type { MetaTask, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { conditionHolds } from '../vars/condition/index.js';
import type { HostTable } from './host-table.js';
import type { RunContext } from './run-context.js';
import { stepKeywords } from './step-keywords.js';
import { selectedByTags } from './tags.js';

/** What a meta task needs of the batch it runs in. */
export interface MetaRun {
  run: RunContext;
  table: HostTable;
  scope: (task: TaskCommon, host: InventoryHost) => Vars;
  /** Runs the notified handlers on `hosts`, then reads the failure policy. */
  flush: (hosts: InventoryHost[]) => Promise<void>;
  /** No later batch of the play starts. */
  endPlay: () => void;
}

const ONCE = new Set(['end_play', 'end_batch', 'clear_host_errors']);

/** An ended host leaves the task list here (and the play: the table says so). */
export async function runMeta(task: MetaTask, hosts: InventoryHost[], m: MetaRun): Promise<void> {
  const first = hosts[0];
  // Before the --start-at-task task comes up, a meta task is passed over like any other.
  if (m.run.startAt.missed) return;
  if (!first || !selectedByTags(stepKeywords(task, () => m.scope(task, first)).tags(), m.run.tags)) return;
  const holds = (h: InventoryHost) => task.when.every((c) => conditionHolds(c.value, m.scope(task, h), c.source));
  const chosen = ONCE.has(task.action) ? (holds(first) ? hosts : []) : hosts.filter(holds);
  if (chosen.length === 0) return;
  const end = (ending: readonly string[]) => {
    for (const h of ending) m.table.leave(h, 'ended');
  };
  switch (task.action) {
    case 'flush_handlers':
      return m.flush(chosen);
    case 'end_host':
      return end(chosen.map((h) => h.name));
    case 'end_play':
      m.endPlay();
      return end(m.table.hosts.filter((h) => m.table.going(h)));
    case 'end_batch':
      return end(m.table.hosts.filter((h) => m.table.going(h)));
    case 'clear_host_errors': {
      // A failed host running this task (in its block's always) goes on after the block, as
      // ansible-core 2.14 clears its fail state; one out of the list stays out (ended, not failed).
      const here = new Set(chosen.map((h) => h.name));
      for (const h of m.table.withState('failed')) {
        m.table.set(h, here.has(h) ? 'ok' : 'ended');
        if (here.has(h)) m.table.cleared.add(h);
      }
      return;
    }
    case 'reset_connection':
      for (const h of chosen) await m.run.resetConnection?.(h.name);
      return;
    case 'noop':
      return;
  }
}
