// The temp file an atomic write goes through lies beside its target (so the
// rename is atomic) and is named after it. A write cut by a lost connection
// cannot remove its temp; the next write of the same target does, so a re-run
// leaves none behind.
//
// Several inventory names for one host (or delegate_to) write the same file at
// once over connections that do not know each other's temps: one write's sweep
// could take another's temp before its rename. So only temps idle for
// IDLE_TEMP_S are swept (a write in flight keeps its temp fresh), and a write
// whose temp was taken all the same is made again: every write lands whole
// and the last rename wins, as with one writer.
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

/** Seconds a temp must have been left untouched to be a cut write's. */
const IDLE_TEMP_S = 2;

/** Whether a temp last written at `mtime` is idle at `now` (seconds, both by the host's clock). */
export const isIdleTemp = (mtime: number, now: number): boolean => mtime <= now - IDLE_TEMP_S;

/** Tries of a write whose temp another write's sweep took. */
const WRITE_TRIES = 5;

/** `write()`, made again when its temp was gone at the rename (ENOENT). */
export async function untilTempKept(write: () => Promise<void>): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      return await write();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT' || tries >= WRITE_TRIES) throw err;
    }
  }
}

/**
 * A mkdir that failed is a success when a directory is there now: another
 * connection to the same host (another inventory name, a delegate_to) made it
 * at the same moment. mkdir over SFTP says only "Failure" for an existing path.
 */
export async function madeOrThere(
  mkdir: Promise<unknown>,
  stat: () => Promise<{ type: string } | null>,
): Promise<void> {
  try {
    await mkdir;
  } catch (err) {
    if ((await stat().catch(() => null))?.type !== 'directory') throw err;
  }
}
