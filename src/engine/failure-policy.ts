// The failure policy, read after every step (a task, inside blocks too, or a
// handler), with the semantics of ansible-core 2.17 and later (linear strategy):
// - any_errors_fatal: once a step fails (or is unreachable) on one host, every
//   other host of the batch is failed with it, at that point. Each then goes
//   where a failed host goes: its block's `rescue:` (a rescued host goes on),
//   else its `always:`; the hosts not rescued end there.
// - max_fail_percentage: failed and unreachable hosts (and those any_errors_fatal
//   just failed) count against it; a rescued failure and an ignored one do not.
//   Once exceeded, no new task starts anywhere, not even a rescue or an always.
// With force_handlers, max_fail_percentage never stops the play nor a serial rollout: ansible-core 2.14 lists a
// failed host as failed only once its tasks are done, and under force_handlers its handlers are still to come.
// Under strategy free neither applies: ansible-playbook 2.14 ignores both there,
// with a warning (strategy-free.ts says it), as each host runs on its own.
import type { Play } from '../types/playbook.js';
import type { HostTable } from './host-table.js';

export interface PolicyDecision {
  /** Why the play stops now: no new task starts in the batch. */
  stop?: string;
  /** any_errors_fatal fired: why, and the other hosts it fails with the failing ones. */
  fatal?: { reason: string; sweep: string[] };
}

/** `lostNow`: hosts this step failed (rescued later or not; ignored failures excluded) or found unreachable. */
export function policyAfterStep(play: Play, table: HostTable, lostNow: readonly string[]): PolicyDecision {
  const decision: PolicyDecision = {};
  if (play.strategy === 'free') return decision;
  if (play.anyErrorsFatal && lostNow.length > 0) {
    const sweep = table.hosts.filter((h) => table.going(h) && !lostNow.includes(h));
    decision.fatal = { reason: `any_errors_fatal: ${lostNow.join(', ')} failed`, sweep };
  }
  // Ansible counts the hosts any_errors_fatal failed too, rescue or not.
  const failed = new Set([...table.failed(), ...(decision.fatal?.sweep ?? [])]);
  if (play.maxFailPercentage !== undefined && !play.forceHandlers && failed.size > 0) {
    const pct = (failed.size / table.hosts.length) * 100;
    if (pct > play.maxFailPercentage) {
      decision.stop =
        `${failed.size} of ${table.hosts.length} hosts failed in this batch ` +
        `(${Math.round(pct)}%), more than max_fail_percentage ${play.maxFailPercentage}%`;
    }
  }
  return decision;
}

/**
 * After the batch: the rollout ends when any_errors_fatal fired and left a host
 * of the batch failed (not rescued), or when every host of the batch failed.
 * Not a halt mid-batch: the failed hosts still ran their blocks' `always`.
 */
export function batchStop(table: HostTable, fatal: string | undefined): string | undefined {
  const failed = table.failed();
  if (fatal !== undefined && failed.length > 0) return fatal;
  return failed.length > 0 && failed.length === table.hosts.length
    ? `every host of the batch failed (${table.hosts.join(', ')})`
    : undefined;
}
