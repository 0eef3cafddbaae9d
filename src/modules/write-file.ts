// Shared by copy and template: bring one file to the wanted content and mode.
import { readFileFact } from '../facts/file.js';
import type { Connection } from '../transport/connection.js';
import type { Change, FileDiff } from './contract.js';
import { formatMode } from './mode.js';

export interface WantedFile {
  path: string;
  content: Buffer;
  /** Permission bits, or undefined to keep the current ones (new files get 0644). */
  mode?: number;
}

export async function planFileWrite(conn: Connection, want: WantedFile): Promise<Change[]> {
  const fact = await readFileFact(conn, want.path);
  if (fact.stat && fact.stat.type !== 'file') {
    throw new Error(`${want.path} exists and is a ${fact.stat.type}, not a regular file`);
  }
  const sameContent = fact.content !== null && fact.content.equals(want.content);
  if (!sameContent) {
    return [
      {
        summary: `write ${want.path} (${want.content.length} bytes)`,
        diff: fileDiff(want.path, fact.content, want.content),
        apply: () => conn.writeFile(want.path, want.content, { mode: want.mode }),
      },
    ];
  }
  if (want.mode !== undefined && fact.stat && (fact.stat.mode & 0o7777) !== want.mode) {
    const mode = want.mode;
    return [
      {
        summary: `chmod ${formatMode(mode)} ${want.path} (was ${formatMode(fact.stat.mode)})`,
        apply: () => conn.chmod(want.path, mode),
      },
    ];
  }
  return [];
}

function isText(buf: Buffer): boolean {
  return !buf.subarray(0, 8000).includes(0);
}

export function fileDiff(path: string, before: Buffer | null, after: Buffer): FileDiff {
  const old = before ?? Buffer.alloc(0);
  if (!isText(old) || !isText(after)) {
    return { path, before: `(binary, ${old.length} bytes)`, after: `(binary, ${after.length} bytes)`, binary: true };
  }
  return { path, before: old.toString('utf8'), after: after.toString('utf8') };
}
