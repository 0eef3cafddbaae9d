// Unified diffs of file contents for --diff.
import { createTwoFilesPatch } from 'diff';
import type { FileDiff } from '../modules/contract.js';

export function formatDiff(d: FileDiff): string {
  if (d.binary) return `--- ${d.path} ${d.before}\n+++ ${d.path} ${d.after}\n`;
  return createTwoFilesPatch(`before: ${d.path}`, `after: ${d.path}`, d.before, d.after, undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1) // drop the "====" header line createTwoFilesPatch starts with
    .join('\n');
}
