// The run record: every `runbook apply` writes its events to RUNS/ID.jsonl
// (RUNS is ~/.runbook/runs; the CLI decides where), and its failed hosts to
// RUNS/ID.retry. Recording is a convenience: a directory that cannot be
// written costs a one-line warning, never the run.
import { createWriteStream, openSync, writeFileSync, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { makeDirsSync } from '../make-dirs.js';
import { pruneRuns } from './prune.js';

export interface RunRecord {
  id: string;
  file: string;
  write(line: string): void;
  /** Writes RUNS/ID.retry (one host a line) and returns its path. */
  writeRetry(hosts: readonly string[]): string;
  close(): Promise<void>;
}

export type StartedRecord = { record: RunRecord; warning?: undefined } | { record?: undefined; warning: string };

/** 20261128-123040.123-3f9a: sorts by start time (to the millisecond), unique enough for one machine. */
export function newRunId(at: Date): string {
  const stamp = at.toISOString().replace(/Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function startRunRecord(runsDir: string, at: Date, warn: (line: string) => void): StartedRecord {
  const id = newRunId(at);
  const file = join(runsDir, `${id}.jsonl`);
  let stream: WriteStream;
  try {
    makeDirsSync(runsDir);
    stream = createWriteStream(file, { fd: openSync(file, 'wx') });
    pruneRuns(runsDir, id);
  } catch (err) {
    return {
      warning:
        `warning: no run record: cannot write ${runsDir}: ` +
        `${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (--no-record turns recording off)`,
    };
  }
  // A disk that fills up mid-run stops the record, not the run.
  let failed = false;
  stream.on('error', (err) => {
    if (!failed)
      warn(`warning: the run record ${file} is incomplete: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
    failed = true;
  });
  return {
    record: {
      id,
      file,
      write: (line) => void (failed || stream.write(line)),
      writeRetry(hosts) {
        const retry = join(runsDir, `${id}.retry`);
        writeFileSync(retry, hosts.join('\n') + '\n');
        return retry;
      },
      close: () => new Promise<void>((resolve) => (stream.closed ? resolve() : stream.end(resolve))),
    },
  };
}
