// sha256 of a file, computed on the host: the file never crosses the wire.
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';

/** Lower-case hex digest; throws with sha256sum's message when the file cannot be read. */
export async function sha256OnHost(conn: Connection, path: string): Promise<string> {
  const r = await conn.exec(shellJoin(['sha256sum', '--', path]));
  const hex = /^\\?([0-9a-f]{64})/.exec(r.stdout)?.[1];
  if (r.rc !== 0 || !hex)
    throw new Error(`cannot compute sha256 of ${path} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  return hex;
}
