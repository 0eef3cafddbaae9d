// Keeps the record small: the newest KEEP_RUNS runs, and of those only as many
// as fit in KEEP_BYTES (the oldest go first; the run just started always stays).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const KEEP_RUNS = 50;
export const KEEP_BYTES = 20 * 1024 * 1024;

/** Run ids in the record, newest first. */
export function recordedRunIds(runsDir: string): string[] {
  return readdirSync(runsDir)
    .filter((f) => /^\d{8}-\d{6}\.\d{3}-[0-9a-f]+\.jsonl$/.test(f))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort()
    .reverse();
}

export function pruneRuns(runsDir: string, current: string, limits = { runs: KEEP_RUNS, bytes: KEEP_BYTES }): string[] {
  let bytes = 0;
  const removed: string[] = [];
  for (const [i, id] of recordedRunIds(runsDir).entries()) {
    const size = statSync(join(runsDir, `${id}.jsonl`)).size;
    bytes += size;
    if (id === current || (i < limits.runs && bytes <= limits.bytes)) continue;
    for (const ext of ['.jsonl', '.retry']) rmSync(join(runsDir, `${id}${ext}`), { force: true });
    removed.push(id);
  }
  return removed;
}
