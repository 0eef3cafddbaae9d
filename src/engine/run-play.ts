// One play: its hosts cut into serial batches; per batch pre_tasks, roles, tasks
// and post_tasks, each followed by a handler flush. After every step the failure
// policy decides whether the rollout goes on (any_errors_fatal,
// max_fail_percentage, or every host of the batch failed).
import { splitBatches } from '../plan/batches.js';
import type { InventoryHost } from '../types/inventory.js';
import type { ModuleTask, Play, Task } from '../types/playbook.js';
import type { RolloutStop } from './events.js';
import { Notifications } from './handlers.js';
import { runList, runStep, type BatchContext } from './run-list.js';
import type { RunContext } from './run-context.js';

/** Returns why the rollout stopped, or undefined when the play ran to its end. */
export async function runPlay(play: Play, hosts: InventoryHost[], run: RunContext): Promise<RolloutStop | undefined> {
  const batches = splitBatches(hosts, play.serial);
  const done: string[] = [];
  for (const [index, batch] of batches.entries()) {
    if (batches.length > 1) run.emit({ kind: 'batch-start', play: play.name, index: index + 1, count: batches.length, hosts: batch.map((h) => h.name) });
    for (const h of batch) run.state.counts(h.name);
    const reason = await runBatch(play, batch, run);
    const failed = batch.filter((h) => run.state.dropped.has(h.name)).map((h) => h.name);
    done.push(...batch.map((h) => h.name).filter((h) => !failed.includes(h)));
    if (reason) {
      const untouched = batches.slice(index + 1).flat().map((h) => h.name);
      const failures = failed.map((host) => ({ host, task: '', msg: '', ...run.state.lastFailure.get(host) }));
      return { play: play.name, reason, done, failed, untouched, failures };
    }
  }
  return undefined;
}

async function runBatch(play: Play, batch: InventoryHost[], run: RunContext): Promise<string | undefined> {
  const notifications = new Notifications(play.handlers);
  const b: BatchContext = {
    run,
    play,
    notifications,
    flush: (hosts) => flushHandlers(hosts, b),
  };
  const going = () => batch.filter((h) => !run.state.dropped.has(h.name));
  const sections: Task[][] = [gatherFacts(play), play.preTasks, play.roles, play.tasks, play.postTasks];
  for (const section of sections) {
    for (const task of section) {
      const hosts = going();
      if (hosts.length === 0) break;
      const lost = await runList([task], hosts, b);
      for (const h of lost) run.state.dropped.add(h);
      const reason = policyStop(play, batch, lost, run);
      if (reason) return reason;
    }
    if (section.length > 0) {
      const lost = await flushHandlers(going(), b);
      const reason = policyStop(play, batch, lost, run);
      if (reason) return reason;
    }
  }
  return undefined;
}

async function flushHandlers(hosts: InventoryHost[], b: BatchContext): Promise<Set<string>> {
  const lost = new Set<string>();
  for (const { handler, hosts: notified } of b.notifications.take()) {
    const targets = hosts.filter((h) => notified.includes(h.name) && !lost.has(h.name));
    for (const h of await runStep(handler, targets, b, true)) lost.add(h);
  }
  for (const h of lost) b.run.state.dropped.add(h);
  return lost;
}

function policyStop(play: Play, batch: InventoryHost[], lostNow: Set<string>, run: RunContext): string | undefined {
  const failed = batch.filter((h) => run.state.dropped.has(h.name)).length;
  if (failed === 0) return undefined;
  if (play.anyErrorsFatal && lostNow.size > 0) return `any_errors_fatal: ${[...lostNow].join(', ')} failed`;
  if (failed === batch.length) return `every host of the batch failed (${batch.map((h) => h.name).join(', ')})`;
  if (play.maxFailPercentage !== undefined) {
    const pct = (failed / batch.length) * 100;
    if (pct > play.maxFailPercentage) {
      return `${failed} of ${batch.length} hosts failed in this batch (${Math.round(pct)}%), more than max_fail_percentage ${play.maxFailPercentage}%`;
    }
  }
  return undefined;
}

function gatherFacts(play: Play): ModuleTask[] {
  if (!play.gatherFacts) return [];
  return [
    {
      kind: 'module',
      name: 'Gathering Facts',
      module: 'setup',
      args: {},
      vars: {},
      source: play.source,
      when: [],
      tags: ['always'],
      ignoreErrors: false,
      runOnce: false,
      checkMode: false,
      noLog: false,
      // become unset: facts are read the way the play's tasks run (play, inventory, -b).
      environment: {},
      loopVar: 'item',
      retries: 0,
      delay: 0,
      notify: [],
    },
  ];
}
