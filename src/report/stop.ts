// The rollout-stopped and interrupt reports, the same in every view: why, and
// where each host stands.
import type { RolloutStop, RunInterruption } from '../engine/events.js';

export function formatStop(s: RolloutStop): string {
  const list = (hosts: string[]) => (hosts.length > 0 ? hosts.join(', ') : 'none');
  const title = `ROLLOUT STOPPED [${s.play}]`;
  return [
    `${title} ${'*'.repeat(Math.max(3, 72 - title.length))}`,
    `reason:    ${s.reason}`,
    `done:      ${list(s.done)}`,
    `failed:    ${list(s.failed)}`,
    `untouched: ${list(s.untouched)}`,
    ...s.failures.filter((f) => f.msg !== '').map((f) => `${f.host}: ${f.msg}${f.task ? ` (task: ${f.task})` : ''}`),
    '',
  ].join('\n');
}

/** The first signal: what happens now, and how to stop at once. */
export function formatInterrupting(signal: string, graceS: number): string {
  return (
    `\nINTERRUPTED: the run was stopped (${signal}); no new task starts, ` +
    `running tasks get ${graceS} s to finish, then are stopped (Ctrl-C again to stop at once)\n`
  );
}

/** Where an interrupted run left its hosts, and what to run next. */
export function formatInterruption(i: RunInterruption): string {
  const title = `RUN INTERRUPTED${i.play ? ` [${i.play}]` : ''} (${i.signal})`;
  const lines = [`${title} ${'*'.repeat(Math.max(3, 72 - title.length))}`];
  for (const h of i.midway) {
    const where = [
      h.lastChanged ? `interrupted after '${h.lastChanged}' (changed)` : 'interrupted',
      h.block ? `inside '${h.block}', whose rescue did not run` : undefined,
      h.note,
    ].filter((x) => x !== undefined);
    lines.push(`${h.host}: ${where.join('; ')} — re-run the playbook to finish`);
  }
  if (i.midway.length === 0) lines.push('no host was left mid-way (nothing changed in the batch under way)');
  if (i.untouched.length > 0) lines.push(`untouched: ${i.untouched.join(', ')}`);
  lines.push('');
  return lines.join('\n');
}
