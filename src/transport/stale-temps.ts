// The temp file an atomic write goes through lies beside its target (so the
// rename is atomic) and is named after it. A write cut by a lost connection
// cannot remove its temp; the next write of the same target does, so a re-run
// leaves none behind.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path/posix';

const prefixOf = (path: string): string => `.${basename(path)}.runbook-`;

/** A fresh temp path for writing `path`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `${prefixOf(path)}${randomBytes(6).toString('hex')}`);
}

/** Paths among `names` (entries of `path`'s directory) that are temps of `path` no write in `inFlight` owns. */
export function staleTemps(names: readonly string[], path: string, inFlight: ReadonlySet<string>): string[] {
  const prefix = prefixOf(path);
  return names
    .filter((n) => n.startsWith(prefix) && /^[0-9a-f]{12}$/.test(n.slice(prefix.length)))
    .map((n) => join(dirname(path), n))
    .filter((p) => !inFlight.has(p));
}
