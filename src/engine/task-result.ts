// The shapes a task's outcome takes: one attempt, a loop's aggregate, and the
// value `register:` stores (Ansible's field names, so conditions read the same).
import type { FileDiff } from '../modules/contract.js';
import type { HostStatus, ItemResult } from './events.js';
import { keptAsData } from '../vars/unsafe-values.js';

export interface Attempt {
  status: HostStatus;
  changes: string[];
  diffs: FileDiff[];
  msg?: string;
  data: Record<string, unknown>;
  facts?: Record<string, unknown>;
  delegatedTo?: string;
  /** A failed attempt that reports changed too (Ansible's `changed` beside `failed`: a command that ran, changed_when). */
  changed?: boolean;
}

/** Ansible's `changed` of an attempt: a change made, or a failure that says it changed. */
export const changedOf = (a: Attempt): boolean =>
  a.status === 'changed' || (a.status === 'failed' && a.changed === true);

/** A loop's items, and what each one's attempt gave (none for an item a timeout cut short). */
export interface LoopOutcome {
  items: ItemResult[];
  attempts: readonly Attempt[];
  loopVar: string;
  indexVar?: string;
}

export function registeredValue(a: Attempt, loop?: LoopOutcome): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...a.data,
    changed: changedOf(a),
    failed: a.status === 'failed',
    skipped: a.status === 'skipped',
    unreachable: a.status === 'unreachable',
  };
  delete out.exception;
  if (a.msg !== undefined) out.msg = a.msg;
  if (typeof a.data.stdout === 'string') out.stdout_lines = lines(a.data.stdout);
  if (typeof a.data.stderr === 'string') out.stderr_lines = lines(a.data.stderr);
  if (loop) {
    out.results = loop.items.map((i, n) => itemRegistered(i, n, loop));
    // Ansible's words for a loop's whole result.
    if (loop.items.length === 0) out.skipped_reason = 'No items in the list';
    else if (a.msg === undefined) out.msg = a.status === 'failed' ? 'One or more items failed' : 'All items completed';
  }
  // As Ansible's register (wrap_var): what the host gave is never templated again.
  return keptAsData(out);
}

// As Ansible: each item's result holds the module's fields, the item under its
// loop variable's name and `item`, and which variable that was.
function itemRegistered(i: ItemResult, n: number, loop: LoopOutcome): Record<string, unknown> {
  const own = loop.attempts[n];
  const base = own
    ? registeredValue(own)
    : { changed: false, failed: i.status === 'failed', skipped: false, unreachable: false, msg: i.msg };
  const index = loop.indexVar ? { [loop.indexVar]: n, ansible_index_var: loop.indexVar } : {};
  return { ...base, item: i.item, [loop.loopVar]: i.item, ansible_loop_var: loop.loopVar, ...index };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l.at(-1) === '') l.pop();
  return l;
}

/** A loop's outcome: failed if any item failed, changed if any changed, skipped if all skipped. */
export function aggregateItems(attempts: Attempt[]): Attempt {
  const statuses = attempts.map((a) => a.status);
  const status: HostStatus = statuses.includes('unreachable')
    ? 'unreachable'
    : statuses.includes('failed')
      ? 'failed'
      : statuses.includes('changed')
        ? 'changed'
        : statuses.length > 0 && statuses.every((s) => s === 'skipped')
          ? 'skipped'
          : 'ok';
  const failedOne = attempts.find((a) => a.status === 'failed' || a.status === 'unreachable');
  return {
    status,
    changes: attempts.flatMap((a) => a.changes),
    // As Ansible's loop result: changed when any item's result is.
    changed: status === 'failed' ? attempts.some(changedOf) : undefined,
    diffs: attempts.flatMap((a) => a.diffs),
    msg: failedOne?.msg ?? (status === 'skipped' ? 'every item was skipped' : undefined),
    data: {},
    facts: Object.assign({}, ...attempts.map((a) => a.facts ?? {})),
  };
}
