// strategy: free, as ansible-playbook 2.14 runs it: each host of the batch goes
// through the play's sections (and their handler flushes) on its own, as fast
// as it can, so a slow or silent host holds no other. The batch ends when every
// host has; serial batches still follow one another. What the hosts share: the
// batch's host table and forks (and each task's throttle) through one gate.
// Handlers are notified and flushed per host. As in Ansible's free strategy
// (plugins/strategy/free.py): max_fail_percentage and any_errors_fatal are
// ignored (failure-policy.ts) and run_once tasks run on every host, each said
// once per run with Ansible's own warning (a run_once task that fails on one
// host fails the others too); a batch whose every host failed still ends the
// play (run-play.ts).
import type { InventoryHost } from '../types/inventory.js';
import type { ModuleTask } from '../types/playbook.js';
import { notificationsFor } from './handler-names.js';
import type { BatchContext } from './run-list.js';
import { taskGate } from './throttle.js';

/** ansible-core 2.14's warnings under strategy free, word for word. */
export const FREE_WARNINGS = {
  maxFailPercentage:
    'Using max_fail_percentage with the free strategy is not supported, as tasks are executed independently on each host',
  anyErrorsFatal:
    'Using any_errors_fatal with the free strategy is not supported, as tasks are executed independently on each host',
  runOnce:
    'Using run_once with the free strategy is not currently supported. ' +
    'This task will still be executed for every host in the inventory list.',
} as const;

/** What one host does in the batch, in the context given (its own notifications and flush). */
export type HostRun = (host: InventoryHost, own: BatchContext) => Promise<void>;

/** Runs `each` for every host of the batch at once, each with its own handler notifications. */
export async function runFreeBatch(
  batch: readonly InventoryHost[],
  b: BatchContext,
  each: HostRun,
  flush: (hosts: InventoryHost[], own: BatchContext) => Promise<void>,
): Promise<void> {
  // Ansible warns as each batch starts (and says a warning once per run).
  if (b.play.maxFailPercentage !== undefined) b.run.warn(FREE_WARNINGS.maxFailPercentage);
  const gate = taskGate(b.run.forks);
  const finished = new Set<string>();
  await Promise.all(
    batch.map((host) => {
      const own: BatchContext = {
        ...b,
        gate: (task, throttle, run) =>
          gate(task, throttle, async () => {
            warnOnDispatch(task, b);
            const before = b.table.lastFailure.get(host.name);
            await run();
            if (task.runOnce === true && b.table.lastFailure.get(host.name) !== before)
              failTheOthers(host.name, b, finished);
          }),
        notifications: notificationsFor(b.play, b.run),
        flush: (hosts) => flush(hosts, own),
      };
      return each(host, own).finally(() => finished.add(host.name));
    }),
  );
}

/**
 * A run_once task failed on `host` (ignore_errors aside): as Ansible's strategy
 * base does, every other host of the batch still under way is failed too, where
 * it stands: it ends the step it is in, runs its blocks' `always:` and stops. A
 * host done with the play stays done. The stopped hosts count no failure in the
 * recap but count as failed for the batch (all failed: the run ends).
 */
function failTheOthers(host: string, b: BatchContext, finished: ReadonlySet<string>): void {
  for (const other of b.table.hosts)
    if (other !== host && !finished.has(other) && b.table.going(other)) b.table.leave(other, 'stopped');
}

/**
 * As Ansible's free strategy, when it hands a task to a host (before its `when`
 * is read): run_once, then any_errors_fatal (the task's, its blocks' or the
 * play's). A templated run_once warns whatever it renders to: the gate has no
 * host variables to render it with (it still runs on every host).
 */
function warnOnDispatch(task: ModuleTask, b: BatchContext): void {
  if (task.runOnce !== false) b.run.warn(FREE_WARNINGS.runOnce);
  if (task.anyErrorsFatal ?? b.play.anyErrorsFatal) b.run.warn(FREE_WARNINGS.anyErrorsFatal);
}
