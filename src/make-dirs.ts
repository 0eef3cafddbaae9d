// `mkdir -p` that always ends. Node's own ({ recursive: true }, sync and async,
// node 20) loops for ever where mkdir says ENOENT for a path whose parent
// exists, as under /proc (RUNBOOK_HOME=/proc/x hung the CLI before any output,
// deaf to SIGINT and SIGTERM): here each level is made once, and the first
// error that is not "it exists already" is thrown.
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** `dir` and its missing parents, outermost first (the parents are not re-checked). */
function levels(dir: string): string[] {
  const out: string[] = [];
  for (let d = resolve(dir); d !== dirname(d); d = dirname(d)) out.unshift(d);
  return out;
}

const existed = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'EEXIST';

export function makeDirsSync(dir: string, mode?: number): void {
  for (const d of levels(dir)) {
    try {
      mkdirSync(d, { mode });
    } catch (err) {
      // Another process (or host) may make it at the same moment: a directory there is success.
      if (!existed(err) || !statSync(d).isDirectory()) throw err;
    }
  }
}

export async function makeDirs(dir: string, mode?: number): Promise<void> {
  for (const d of levels(dir)) {
    try {
      await mkdir(d, { mode });
    } catch (err) {
      if (!existed(err) || !(await stat(d)).isDirectory()) throw err;
    }
  }
}
