// Finding runs in the record: the list `runbook runs` prints, the run
// `runbook report RUN` names, and the hosts `--limit @last-failed` retries.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunbookError } from '../errors.js';
import { summarizeRun, type RunSummary } from '../report/run-summary.js';
import { recordedRunIds } from './prune.js';
import { readEventLines } from './read-events.js';

export interface RecordedRun {
  id: string;
  file: string;
  summary?: RunSummary;
  /** Why the run's file could not be read (it is listed all the same). */
  error?: string;
}

export function listRuns(runsDir: string): RecordedRun[] {
  if (!existsSync(runsDir)) return [];
  return recordedRunIds(runsDir).map((id) => {
    const file = join(runsDir, `${id}.jsonl`);
    try {
      return { id, file, summary: summarizeRun(readEventLines(file)) };
    } catch (err) {
      return { id, file, error: (err as Error).message };
    }
  });
}

/** RUN: a file of event lines, `last`, or a run id (or the start of one) in the record. */
export function findRunFile(runsDir: string, ref: string): string {
  if (existsSync(ref)) return ref;
  const ids = existsSync(runsDir) ? recordedRunIds(runsDir) : [];
  const matches = ref === 'last' ? ids.slice(0, 1) : ids.filter((id) => id.startsWith(ref));
  if (matches.length === 1) return join(runsDir, `${matches[0]}.jsonl`);
  const hint = 'runbook runs lists the recorded runs; or give a file written by --json';
  if (matches.length === 0)
    throw new RunbookError('usage', `no run "${ref}" in ${runsDir}, and no such file`, { hint });
  throw new RunbookError('usage', `"${ref}" names ${matches.length} runs: ${matches.slice(0, 5).join(', ')}`, {
    hint: 'give more of the id',
  });
}

/** The failed and unreachable hosts of the last run that was not --check. */
export function lastFailedHosts(runsDir: string): string[] {
  const last = listRuns(runsDir).find((r) => r.summary && !r.summary.check);
  const hint = 'runbook runs lists the recorded runs (a --check run or one under --no-record is not one to retry)';
  if (!last?.summary) throw new RunbookError('usage', `--limit @last-failed: no run in ${runsDir}`, { hint });
  const s = last.summary;
  if (s.failedHosts.length === 0) {
    const why = s.result === 'interrupted' ? 'was interrupted before its recap' : 'failed on no host';
    throw new RunbookError('usage', `--limit @last-failed: the last run (${last.id}, ${s.playbook}) ${why}`, { hint });
  }
  return s.failedHosts;
}
