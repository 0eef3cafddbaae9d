// `~` in a path argument, expanded on the host as Ansible's `type: path`
// arguments are (os.path.expanduser in the module, as the user it runs as).
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

/** `~`, `~/x` → the login's home; `~user/x` → that user's home; anything else as it is. */
export async function expandHome(conn: Connection, path: string): Promise<string> {
  const m = /^~([^/]*)(\/.*)?$/.exec(path);
  if (!m) return path;
  const user = m[1]!;
  const r = await conn.exec(user === '' ? 'printf %s "$HOME"' : `getent passwd ${shellJoin([user])} | cut -d: -f6`);
  const home = r.stdout.trim();
  // As os.path.expanduser: an unknown user leaves the path as it was.
  if (r.rc !== 0 || home === '') return path;
  return home.replace(/\/+$/, '') + (m[2] ?? '');
}

/**
 * A path argument: `~` expanded, and a relative one taken from the login's home, where
 * Ansible's module runs (its working directory over SSH).
 */
export async function hostPath(conn: Connection, path: string): Promise<string> {
  return expandHome(conn, /^[/~]/.test(path) ? path : `~/${path}`);
}

/** A path argument that may start with `~` or be relative to the login's home. */
export const hostPathSchema = {
  type: 'string',
  minLength: 1,
  description: "an absolute path, one starting with ~, or one relative to the login's home",
} as const;
