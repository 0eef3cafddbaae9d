// The words on the live view's lines, kept apart from listr2 so they read as
// plain functions of a host's state.
import type { HostCounts } from '../engine/events.js';

/** Whole seconds under a minute, then minutes and seconds: the line is redrawn once a second. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A host's counts on its live line: the recap's (countResult), the rare ones only when there are some. */
export function formatCounts(c: HostCounts): string {
  const base = `ok=${c.ok} changed=${c.changed} failed=${c.failed} skipped=${c.skipped}`;
  return [base, ...(['rescued', 'ignored'] as const).filter((k) => c[k] > 0).map((k) => `${k}=${c[k]}`)].join(' ');
}

export function playTitle(name: string, batch?: { index: number; count: number; hosts: string[] }): string {
  const title = `PLAY [${name}]`;
  return batch ? `${title}  batch ${batch.index}/${batch.count}: ${batch.hosts.join(', ')}` : title;
}

export interface RunningTask {
  name: string;
  since: number;
  retriesLeft?: number;
}

export function runningTitle(label: string, t: RunningTask, now: number): string {
  const retry = t.retriesLeft === undefined ? '' : `, retrying: ${t.retriesLeft} left`;
  return `${label}  ${t.name} (${elapsed(now - t.since)}${retry})`;
}

/** A host's line once a failure ended it: the message on one line (the plain view keeps its shape). */
export function stoppedTitle(
  label: string,
  how: string,
  task: string,
  msg: string | undefined,
  counts?: HostCounts,
): string {
  const text = (msg ?? '').replace(/\s+/g, ' ').trim();
  return `${label}  ${how} at "${task}"${text ? `: ${text}` : ''}${counts ? `  ${formatCounts(counts)}` : ''}`;
}
