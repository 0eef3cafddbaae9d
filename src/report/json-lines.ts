// --json FILE and the run record: every engine event as one JSON line
// (schemas/events.v1.schema.json), for machines, `runbook report` and post-mortems.
import type { StampedEvent } from '../engine/events.js';

export function eventToJson(e: StampedEvent): string {
  if (e.kind === 'run-end') return JSON.stringify({ ...e, recap: Object.fromEntries(e.recap) });
  return JSON.stringify(e);
}

export function jsonLinesReporter(write: (line: string) => void): (e: StampedEvent) => void {
  return (e) => write(eventToJson(e) + '\n');
}
