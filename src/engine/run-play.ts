// One play: its hosts cut into serial batches; per batch pre_tasks, roles, tasks
// and post_tasks, each followed by a handler flush (under strategy free, each
// host on its own: strategy-free.ts). After every step (inside
// blocks too) the failure policy decides whether the rollout goes on (see
// failure-policy.ts); an interrupt lets no new task start.
import { splitBatches } from '../plan/batches.js';
import type { InventoryHost } from '../types/inventory.js';
import type { Handler, Play, Task } from '../types/playbook.js';
import type { InterruptedHost, RolloutStop } from './events.js';
import { batchStop } from './failure-policy.js';
import { notificationsFor } from './handler-names.js';
import type { HostTable } from './host-table.js';
import { halted, runList, runStep, type BatchContext } from './run-list.js';
import type { RunContext } from './run-context.js';
import { runFreeBatch } from './strategy-free.js';
import { playVars, playWithKeywords } from './step-keywords.js';

/** How a play ended: run to its end, stopped by the failure policy, or interrupted. */
export interface PlayOutcome {
  stop?: RolloutStop;
  interrupted?: { midway: InterruptedHost[]; untouched: string[] };
}

/**
 * `lastBatch`: called as the play's last batch starts, with its hosts (the run
 * reads the next play's facts ahead then: facts-ahead.ts). What was read ahead
 * for the play and not taken is let go at its end.
 */
export async function runPlay(
  written: Play,
  hosts: InventoryHost[],
  run: RunContext,
  lastBatch?: (hosts: string[]) => void,
): Promise<PlayOutcome> {
  try {
    return await runBatches(playWithKeywords(written, playVars(written, run.extraVars)), hosts, run, lastBatch);
  } finally {
    run.factsAhead?.endPlay(written);
  }
}

async function runBatches(
  play: Play,
  hosts: InventoryHost[],
  run: RunContext,
  lastBatch?: (hosts: string[]) => void,
): Promise<PlayOutcome> {
  const batches = splitBatches(hosts, play.serial);
  const done: string[] = [];
  for (const [index, batch] of batches.entries()) {
    const untouched = () =>
      batches
        .slice(index + 1)
        .flat()
        .map((h) => h.name);
    if (run.interrupt?.aborted)
      return {
        interrupted: {
          midway: [],
          untouched: batches
            .slice(index)
            .flat()
            .map((h) => h.name),
        },
      };
    if (batches.length > 1)
      run.emit({
        kind: 'batch-start',
        play: play.name,
        index: index + 1,
        count: batches.length,
        hosts: batch.map((h) => h.name),
      });
    if (index === batches.length - 1) lastBatch?.(batch.map((h) => h.name));
    const table = run.state.startBatch(batch.map((h) => h.name));
    const b = await runBatch(
      play,
      batch,
      table,
      run,
      hosts.map((h) => h.name),
    );
    if (run.interrupt?.aborted) return { interrupted: { midway: midwayHosts(b), untouched: untouched() } };
    // Hosts any_errors_fatal stopped did not fail themselves: they count as done.
    const failed = table.hosts.filter((h) => table.failedItself(h));
    done.push(...table.hosts.filter((h) => !failed.includes(h)));
    const reason = b.stop ?? batchStop(table, b.fatal);
    if (reason) {
      const failures = failed.map((host) => ({ host, task: '', msg: '', ...table.lastFailure.get(host) }));
      return { stop: { play: play.name, reason, done, failed, untouched: untouched(), failures } };
    }
    if (table.playEnded) return {};
  }
  return {};
}

async function runBatch(
  play: Play,
  batch: InventoryHost[],
  table: HostTable,
  run: RunContext,
  playHosts: string[],
): Promise<BatchContext> {
  const b: BatchContext = {
    run,
    play,
    table,
    notifications: notificationsFor(play, run),
    flush: (hosts) => flushHandlers(hosts, b, batch),
    cutInBlock: new Map(),
    playHosts,
  };
  if (play.strategy === 'free')
    await runFreeBatch(batch, b, (host, own) => runSections(play, [host], own), flushHandlers);
  else await runSections(play, batch, b);
  return b;
}

async function runSections(play: Play, hosts: InventoryHost[], b: BatchContext): Promise<void> {
  const going = () => b.table.goingOn(hosts);
  const sections: Task[][] = [
    play.gatherFacts ? [play.gatherFacts] : [],
    play.preTasks,
    play.roles,
    play.tasks,
    play.postTasks,
  ];
  for (const section of sections) {
    await runList(section, going(), b);
    if (halted(b)) return;
    if (section.length > 0) await flushHandlers(going(), b, hosts);
    if (halted(b)) return;
  }
}

/**
 * Runs the notified handlers on `hosts`. With force_handlers, a failed host of
 * `batch` has its notified handlers run too, after the others' (as ansible-core
 * 2.14 runs them); without it, a failed host's notifications are dropped.
 */
async function flushHandlers(hosts: InventoryHost[], b: BatchContext, batch: InventoryHost[] = []): Promise<void> {
  const failed = b.play.forceHandlers ? batch.filter((h) => b.table.state(h.name) === 'failed') : [];
  const forced: { handler: Handler; hosts: InventoryHost[] }[] = [];
  for (const { handler, hosts: notified } of b.notifications.take()) {
    if (halted(b)) break;
    const targets = b.table.goingOn(hosts).filter((h) => notified.includes(h.name));
    const failedTargets = failed.filter((h) => notified.includes(h.name));
    if (failedTargets.length > 0) forced.push({ handler, hosts: failedTargets });
    if (targets.length === 0) continue;
    // An include_tasks (or meta) handler runs as a task list of one: its tasks follow the batch's policy.
    if (handler.kind === 'module') await runStep(handler, targets, b, true);
    else await inHandler(handler, targets, b);
  }
  for (const { handler, hosts: targets } of forced) {
    if (halted(b)) break;
    if (handler.kind === 'module') await runStep(handler, targets, b, true);
    else await inHandler(handler, targets, b);
  }
}

async function inHandler(handler: Task, hosts: InventoryHost[], b: BatchContext): Promise<void> {
  b.inHandler = true;
  try {
    return await runList([handler], hosts, b);
  } finally {
    b.inHandler = false;
  }
}

/** The hosts an interrupt left mid-way: those that changed something in this batch, or were inside a block with a rescue. */
function midwayHosts(b: BatchContext): InterruptedHost[] {
  return b.table.hosts.flatMap((host) => {
    const block = b.cutInBlock.get(host);
    const lastChanged = b.table.lastChanged.get(host);
    if (!block && !lastChanged) return [];
    const note = block?.vars.runbook_interrupt_note;
    return [
      {
        host,
        lastChanged,
        block: block ? (block.name ?? 'unnamed block') : undefined,
        note: typeof note === 'string' ? note : undefined,
      },
    ];
  });
}
