// --json FILE: every engine event as one JSON line, for machines and post-mortems.
import type { RunEvent } from '../engine/events.js';

export function eventToJson(e: RunEvent): string {
  if (e.kind === 'run-end') return JSON.stringify({ ...e, recap: Object.fromEntries(e.recap) });
  return JSON.stringify(e);
}

export function jsonLinesReporter(write: (line: string) => void): (e: RunEvent) => void {
  return (e) => write(eventToJson(e) + '\n');
}
