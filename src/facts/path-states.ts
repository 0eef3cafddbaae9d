// The state of many paths under one directory in a single remote command:
// type, permission bits, owner, a regular file's sha256, a symlink's target. Paths go
// in on stdin, NUL-separated, so no name is ever parsed by a shell.
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';

export type PathState =
  | { type: 'missing' | 'other' }
  | { type: 'directory'; mode: number; uid: number; gid: number }
  | { type: 'file'; mode: number; uid: number; gid: number; sha256: string }
  | { type: 'symlink'; target: string };

const SCRIPT = `cd -- "$1" || exit 3
while IFS= read -r -d '' p; do
  if [ -L "$p" ]; then printf 'l %s' "$(readlink -- "$p")"
  elif [ -d "$p" ]; then printf 'd %s' "$(stat -c '%a %u %g' -- "$p")"
  elif [ -f "$p" ]; then printf 'f %s %s' "$(stat -c '%a %u %g' -- "$p")" "$(sha256sum < "$p" | cut -c1-64)"
  elif [ -e "$p" ]; then printf o
  else printf m; fi
  printf '\\0'
done`;

/** States of `paths` (relative to `dir`), in the same order. */
export async function readPathStates(conn: Connection, dir: string, paths: string[]): Promise<PathState[]> {
  if (paths.length === 0) return [];
  const r = await conn.exec(shellJoin(['bash', '-c', SCRIPT, 'path-states', dir]), {
    stdin: paths.map((p) => `${p}\0`).join(''),
  });
  const records = r.stdout.split('\0').slice(0, -1);
  if (r.rc !== 0 || records.length !== paths.length) {
    throw new Error(`cannot read ${dir} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  }
  return records.map((rec): PathState => {
    const [kind, a = '', u = '', g = '', hash = ''] = rec.split(' ');
    if (kind === 'l') return { type: 'symlink', target: rec.slice(2) };
    const owner = { mode: parseInt(a, 8), uid: Number(u), gid: Number(g) };
    if (kind === 'd') return { type: 'directory', ...owner };
    if (kind === 'f') return { type: 'file', ...owner, sha256: hash };
    return { type: kind === 'o' ? 'other' : 'missing' };
  });
}
