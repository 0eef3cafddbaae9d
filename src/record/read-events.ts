// Reads a run's event lines (the record's ID.jsonl, or a --json FILE) back,
// each checked against the line schema once, here: a line that is not one is
// an input error naming the file and line, not a crash in a report.
import { readFileSync } from 'node:fs';
import { RunbookError } from '../errors.js';
import { EVENTS_SCHEMA_VERSION } from '../engine/events.js';
import { eventLineSchema, type EventLine } from '../report/event-schema.js';
import { EVENT_LINES, validatorFor } from '../schema/precompiled.js';

export function readEventLines(file: string): EventLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RunbookError(
      'usage',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseEventLines(text, file);
}

export function parseEventLines(text: string, file: string): EventLine[] {
  // Precompiled at build time, and loaded only by the runs that read events back.
  const validate = validatorFor<EventLine>(EVENT_LINES, eventLineSchema);
  const events: EventLine[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const source = { file, line: i + 1, col: 1 };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      // A run killed mid-write leaves a cut last line: the events before it still tell the story.
      if (i === lines.length - 1) break;
      throw new RunbookError('usage', `not a JSON line: ${(err as Error).message}`, {
        source,
        hint: 'give a run record (runbook runs) or a file written by --json',
      });
    }
    if (!validate(value)) {
      const version = (value as { version?: unknown } | null)?.version;
      if (typeof version === 'number' && version !== EVENTS_SCHEMA_VERSION) {
        throw new RunbookError(
          'usage',
          `event schema version ${version}; this runbook reads version ${EVENTS_SCHEMA_VERSION}`,
          { source, hint: 'report it with the runbook that wrote it' },
        );
      }
      const e = validate.errors?.[0];
      throw new RunbookError(
        'usage',
        `not a runbook event: ${e ? `${e.instancePath || '/'} ${e.message ?? ''}` : 'invalid'}`,
        {
          source,
          hint: 'give a run record (runbook runs) or a file written by runbook apply --json (schemas/events.v1.schema.json)',
        },
      );
    }
    events.push(value);
  }
  return events;
}
