// strategy: free, as ansible-playbook 2.14 runs it: each host of the batch goes
// through the play's sections (and their handler flushes) on its own, as fast
// as it can, so a slow or silent host holds no other. The batch ends when every
// host has; serial batches still follow one another. What the hosts share: the
// batch's host table and forks (and each task's throttle) through one gate.
// Handlers are notified and flushed per host. any_errors_fatal and
// max_fail_percentage, which ansible-playbook ignores here, are refused at load
// (parse/playbook.ts); run_once runs on every host, as Ansible's free strategy does.
import type { InventoryHost } from '../types/inventory.js';
import { Notifications } from './handlers.js';
import type { BatchContext } from './run-list.js';
import { taskGate } from './throttle.js';

/** What one host does in the batch, in the context given (its own notifications and flush). */
export type HostRun = (host: InventoryHost, own: BatchContext) => Promise<void>;

/** Runs `each` for every host of the batch at once, each with its own handler notifications. */
export async function runFreeBatch(
  batch: readonly InventoryHost[],
  b: BatchContext,
  each: HostRun,
  flush: (hosts: InventoryHost[], own: BatchContext) => Promise<void>,
): Promise<void> {
  const gate = taskGate(b.run.forks);
  await Promise.all(
    batch.map((host) => {
      const own: BatchContext = {
        ...b,
        gate,
        notifications: new Notifications(b.play.handlers),
        flush: (hosts) => flush(hosts, own),
      };
      return each(host, own);
    }),
  );
}
