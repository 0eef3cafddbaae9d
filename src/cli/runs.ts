// `runbook runs`: the recorded runs, newest first.
import { listRuns } from '../record/find-runs.js';
import { formatRunsTable } from '../report/runs-table.js';
import { EXIT_OK } from './exit-codes.js';

export function listRecordedRuns(runsDir: string, o: { last: number }, write: (text: string) => void): number {
  const runs = listRuns(runsDir).slice(0, o.last);
  if (runs.length === 0) write(`no recorded runs in ${runsDir} (runbook apply records each run unless --no-record)\n`);
  else write(formatRunsTable(runs));
  return EXIT_OK;
}
