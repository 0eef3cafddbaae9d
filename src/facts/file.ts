// Small readers of file state on a host. Re-read every time (no cache): a
// previous task may have changed the file.
import type { Connection, FileStat } from '../transport/connection.js';

export interface FileFact {
  stat: FileStat | null;
  content: Buffer | null;
}

/** Stat and, for a regular file, its content. */
export async function readFileFact(conn: Connection, path: string): Promise<FileFact> {
  const stat = await conn.stat(path);
  if (stat?.type !== 'file') return { stat, content: null };
  // The size spares the read a request of its own to learn it (transport/sftp-pipelined.ts).
  return { stat, content: await conn.readFile(path, { statSize: stat.size }) };
}

/** Missing ancestors of `path`, outermost first (`/a/b/c` with only `/a` → [`/a/b`, `/a/b/c`]). */
export async function missingDirs(conn: Connection, path: string): Promise<string[]> {
  const missing: string[] = [];
  let cur = path.replace(/\/+$/, '') || '/';
  while (cur !== '/' && cur !== '.') {
    const st = await conn.stat(cur);
    if (st) {
      if (st.type !== 'directory') throw new Error(`${cur} exists and is not a directory`);
      break;
    }
    missing.unshift(cur);
    cur = cur.slice(0, cur.lastIndexOf('/')) || '/';
  }
  return missing;
}
