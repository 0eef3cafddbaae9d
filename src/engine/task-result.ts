// The shapes a task's outcome takes: one attempt, a loop's aggregate, and the
// value `register:` stores (Ansible's field names, so conditions read the same).
import type { FileDiff } from '../modules/contract.js';
import type { HostStatus, ItemResult } from './events.js';

export interface Attempt {
  status: HostStatus;
  changes: string[];
  diffs: FileDiff[];
  msg?: string;
  data: Record<string, unknown>;
  facts?: Record<string, unknown>;
  delegatedTo?: string;
}

export function registeredValue(a: Attempt, items?: ItemResult[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...a.data,
    changed: a.status === 'changed',
    failed: a.status === 'failed',
    skipped: a.status === 'skipped',
    unreachable: a.status === 'unreachable',
  };
  delete out.exception;
  if (a.msg !== undefined) out.msg = a.msg;
  if (typeof a.data.stdout === 'string') out.stdout_lines = lines(a.data.stdout);
  if (typeof a.data.stderr === 'string') out.stderr_lines = lines(a.data.stderr);
  if (items) out.results = items.map((i) => ({ item: i.item, changed: i.status === 'changed', failed: i.status === 'failed', skipped: i.status === 'skipped', msg: i.msg }));
  return out;
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
    diffs: attempts.flatMap((a) => a.diffs),
    msg: failedOne?.msg ?? (status === 'skipped' ? 'every item was skipped' : undefined),
    data: {},
    facts: Object.assign({}, ...attempts.map((a) => a.facts ?? {})),
  };
}
