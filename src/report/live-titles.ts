// The words on the live view's lines, kept apart from listr2 so they read as
// plain functions of a host's state.

/** What the live view counts per host in a play, as the recap does. */
export interface LiveCounts {
  ok: number;
  changed: number;
  failed: number;
  skipped: number;
  ignored: number;
}

export const noCounts = (): LiveCounts => ({ ok: 0, changed: 0, failed: 0, skipped: 0, ignored: 0 });

/** Whole seconds under a minute, then minutes and seconds: the line is redrawn once a second. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function formatCounts(c: LiveCounts): string {
  const base = `ok=${c.ok} changed=${c.changed} failed=${c.failed} skipped=${c.skipped}`;
  return c.ignored > 0 ? `${base} ignored=${c.ignored}` : base;
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
  counts?: LiveCounts,
): string {
  const text = (msg ?? '').replace(/\s+/g, ' ').trim();
  return `${label}  ${how} at "${task}"${text ? `: ${text}` : ''}${counts ? `  ${formatCounts(counts)}` : ''}`;
}
