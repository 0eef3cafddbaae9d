// The rollout-stopped report, the same in every view: why, and where each host stands.
import type { RolloutStop } from '../engine/events.js';

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
