// Recording a host key (accept-new) in a known_hosts file that other runs, or
// ssh itself, may be writing at the same moment. Under a lock file (created with
// O_EXCL; retried; a stale one left by a killed run is taken over) the file is
// read again, the key decided again on what is there now, and, only when the
// host is still unknown, the file is rewritten whole: a temp file beside it with
// the same mode, then a rename. Readers never see half a line, and two runs
// adding different hosts both keep their entries.
import { constants } from 'node:fs';
import { open, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { makeDirs } from '../make-dirs.js';
import { checkHostKey, hashHostName, knownHostLine, parseKnownHosts, type HostKeyVerdict } from './known-hosts.js';

/** How long a run waits for another's lock, and when a lock counts as left behind. */
const LOCK_WAIT_MS = 10_000;
const STALE_LOCK_MS = 30_000;

/**
 * Adds `key` for `names[0]` unless the file, read under the lock, already decides it.
 * Returns that decision: `unknown` means the key was recorded now.
 */
export async function recordHostKey(file: string, names: string[], key: Buffer): Promise<HostKeyVerdict> {
  return inProcessTurn(file, async () => {
    await makeDirs(dirname(file), 0o700);
    // Write through a symlink (a dotfiles checkout), not over it.
    const target = await realpath(file).catch(() => file);
    return withLock(`${target}.lock`, async () => {
      const current = await readFile(target, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return '';
        throw err;
      });
      const entries = parseKnownHosts(current);
      const verdict = checkHostKey(entries, names, key);
      if (verdict.kind !== 'unknown') return verdict;
      // A file whose every name is hashed (HashKnownHosts yes) gets a hashed name too.
      const hashed = entries.length > 0 && entries.every((e) => e.names.every((n) => n.startsWith('|1|')));
      const sep = current === '' || current.endsWith('\n') ? '' : '\n';
      await replaceAtomically(target, current + sep + knownHostLine(hashed ? hashHostName(names[0]!) : names[0]!, key));
      return verdict;
    });
  });
}

async function replaceAtomically(file: string, text: string): Promise<void> {
  const mode = (await stat(file).catch(() => undefined))?.mode ?? 0o644;
  const temp = join(dirname(file), `.${basename(file)}.runbook-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, text, { mode: mode & 0o7777, flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      const fd = await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await fd.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = Date.now() - ((await stat(lock).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
      else if (Date.now() > deadline)
        throw new Error(`${lock} is held by another run (remove it if no run is going on)`);
      else await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    }
  }
  try {
    return await work();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

// Many hosts of one run may be accepted at the same moment: they take turns
// here, so they do not wait on each other's lock file.
const turns = new Map<string, Promise<unknown>>();

function inProcessTurn<T>(file: string, work: () => Promise<T>): Promise<T> {
  const next = (turns.get(file) ?? Promise.resolve()).then(work);
  turns.set(
    file,
    next.catch(() => undefined),
  );
  return next;
}
