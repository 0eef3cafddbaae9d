// A change that deletes one file (a repository file left with nothing in it, a
// key file), shown in --diff as its old content going.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import type { Change } from '../contract.js';

export function fileRemoval(conn: Connection, path: string, summary: string, oldContent: string): Change {
  return {
    summary,
    diff: { path, before: oldContent, after: '' },
    async apply() {
      const r = await conn.exec(shellJoin(['rm', '-f', '--', path]));
      if (r.rc !== 0) return { failed: true, msg: `cannot remove ${path}: ${r.stderr.trim()}` };
    },
  };
}
