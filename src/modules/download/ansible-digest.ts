// What Ansible's get_url reports about files: sha1 checksums (checksum_src,
// checksum_dest) and the byte count of its "OK (N bytes)" message.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

export interface FileDigest {
  sha1: string;
  size: number;
}

/** sha1 and size of a file on the host. */
export async function sha1AndSize(conn: Connection, path: string): Promise<FileDigest> {
  const r = await conn.exec(`${shellJoin(['sha1sum', '--', path])} && ${shellJoin(['stat', '-c', '%s', '--', path])}`);
  const m = /^\\?([0-9a-f]{40})\b[^\n]*\n(\d+)/.exec(r.stdout);
  if (r.rc !== 0 || !m) throw new Error(`cannot read ${path} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  return { sha1: m[1]!, size: Number(m[2]) };
}

/** Ansible's message for a completed download (it counts Content-Length; runbook the bytes received). */
export const okMessage = (size: number) => `OK (${size} bytes)`;
