// The failure policy, read after every step (a task, inside blocks too, or a
// handler), with Ansible's semantics: failed and unreachable hosts count against
// max_fail_percentage of the batch; a rescued failure and an ignored one do not;
// any_errors_fatal stops the play for every host once the current task is done.
import type { Play } from '../types/playbook.js';
import type { HostTable } from './host-table.js';

/** Why the play must stop now, or undefined. `failedNow`: hosts this step failed (not rescued). */
export function policyStop(play: Play, table: HostTable, failedNow: readonly string[]): string | undefined {
  const failed = table.failed();
  if (failed.length === 0) return undefined;
  if (play.anyErrorsFatal && failedNow.length > 0) return `any_errors_fatal: ${failedNow.join(', ')} failed`;
  if (play.maxFailPercentage !== undefined) {
    const pct = (failed.length / table.hosts.length) * 100;
    if (pct > play.maxFailPercentage) {
      return `${failed.length} of ${table.hosts.length} hosts failed in this batch (${Math.round(pct)}%), more than max_fail_percentage ${play.maxFailPercentage}%`;
    }
  }
  return undefined;
}

/**
 * After the batch: a batch whose every host failed ends the rollout too. Not a
 * halt mid-batch: the failed hosts still run their blocks' `always`, as in Ansible.
 */
export function batchStop(table: HostTable): string | undefined {
  const failed = table.failed();
  return failed.length > 0 && failed.length === table.hosts.length ? `every host of the batch failed (${table.hosts.join(', ')})` : undefined;
}
