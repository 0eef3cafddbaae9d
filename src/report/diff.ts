// Unified diffs of file contents for --diff.
import { createRequire } from 'node:module';
import type { FileDiff } from '../modules/contract.js';

export function formatDiff(d: FileDiff): string {
  if (d.binary) return `--- ${d.path} ${d.before}\n+++ ${d.path} ${d.after}\n`;
  // diff is loaded only when a diff is shown (--diff, -v).
  const { createTwoFilesPatch } = createRequire(import.meta.url)('diff') as typeof import('diff');
  return createTwoFilesPatch(`before: ${d.path}`, `after: ${d.path}`, d.before, d.after, undefined, undefined, {
    context: 3,
  })
    .split('\n')
    .slice(1) // drop the "====" header line createTwoFilesPatch starts with
    .join('\n');
}
