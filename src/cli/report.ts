// `runbook report RUN [--html OUT]`: a recorded run (or a --json file) as text, or as one HTML page.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { RunbookError } from '../errors.js';
import { findRunFile } from '../record/find-runs.js';
import { readEventLines } from '../record/read-events.js';
import { formatHtmlReport } from '../report/html-report.js';
import { buildTimeline } from '../report/run-timeline.js';
import { formatTextReport } from '../report/text-report.js';
import { EXIT_OK } from './exit-codes.js';

export function showReport(runsDir: string, run: string, o: { html?: string }, write: (text: string) => void): number {
  const file = findRunFile(runsDir, run);
  const events = readEventLines(file);
  if (events.length === 0)
    throw new RunbookError('usage', `${file} holds no events`, { hint: 'runbook runs lists the recorded runs' });
  const id = basename(file).replace(/\.jsonl?$/, '');
  const timeline = buildTimeline(events);
  if (o.html === undefined) {
    write(formatTextReport(id, timeline));
    return EXIT_OK;
  }
  try {
    writeFileSync(o.html, formatHtmlReport(id, timeline));
  } catch (err) {
    throw new RunbookError(
      'usage',
      `--html: cannot write ${o.html}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  write(`wrote ${o.html} (run ${id}: ${timeline.summary.playbook}, ${timeline.summary.result})\n`);
  return EXIT_OK;
}
