// Where a run's time went, from its `--json` events: each task step lasts from its
// task-start to the next step's start (or the play's end), summed by task name, so
// a serial play's batches add up under one name. The start-up is the process's
// start to the first event; the close is the last event to the process's end.
import { readFileSync } from 'node:fs';

interface Stamped {
  kind: string;
  at: string;
  name?: string;
  play?: string;
}

export interface TimelineRow {
  what: string;
  seconds: number;
  times: number;
}

/** The steps of the run in `eventsFile`, longest first; `startedMs` and `endedMs` are the process's own start and end. */
export function timeline(eventsFile: string, startedMs: number, endedMs: number): TimelineRow[] {
  const events = readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Stamped);
  const rows = new Map<string, TimelineRow>();
  const add = (what: string, ms: number) => {
    const row = rows.get(what) ?? rows.set(what, { what, seconds: 0, times: 0 }).get(what)!;
    row.seconds += ms / 1000;
    row.times += 1;
  };
  const first = events[0];
  const last = events.at(-1);
  if (first) add('(process start to the first event)', Date.parse(first.at) - startedMs);
  let open: { what: string; at: number } | undefined;
  for (const e of events) {
    const at = Date.parse(e.at);
    const closes = ['task-start', 'batch-start', 'play-start', 'play-end', 'run-end'].includes(e.kind);
    if (closes && open) {
      add(open.what, at - open.at);
      open = undefined;
    }
    if (e.kind === 'task-start') open = { what: e.name ?? '(unnamed)', at };
    else if (e.kind === 'batch-start' || e.kind === 'play-start')
      open = { what: `(${e.kind}: ${e.play ?? e.name})`, at };
  }
  if (last) add('(the last event to the process end)', endedMs - Date.parse(last.at));
  return [...rows.values()].sort((a, b) => b.seconds - a.seconds);
}

/** The longest `top` rows as text lines, for the bench's log. */
export function timelineLines(rows: TimelineRow[], top = 12): string[] {
  return rows.slice(0, top).map((r) => `    ${r.seconds.toFixed(3)} s  ×${r.times}  ${r.what}`);
}
