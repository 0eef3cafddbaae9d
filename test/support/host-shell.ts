// Ground truth for tests: reads a lab host with the OpenSSH client, not with
// runbook's own transport, so a transport bug cannot hide a module bug. The calls
// to one host share a connection (ssh-mux.ts).
import { execFileSync } from 'node:child_process';
import { shellQuoteValue as q } from '../../src/quote.js';
import { lab } from '../lab/shared.js';
import { labSshOptions, ownConnectionArgs, sharedConnectionArgs, sharedConnectionFailed } from './ssh-mux.js';

export function onHost(host: string, command: string): string {
  const l = lab();
  const h = l.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`no lab host ${host}`);
  const ssh = (shared: string[]) =>
    execFileSync('ssh', [...labSshOptions(l), ...shared, '-p', String(h.port), `root@${h.address}`, command], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  try {
    return ssh(sharedConnectionArgs(l));
  } catch (e) {
    const failed = e as { status?: number; stderr?: string };
    if (failed.status !== 255 || !sharedConnectionFailed(failed.stderr ?? '')) throw e;
    return ssh(ownConnectionArgs);
  }
}

/** Content of a file on a host, or null when it does not exist. */
export function hostFile(host: string, path: string): string | null {
  const out = onHost(host, `if [ -e ${q(path)} ]; then echo Y; cat ${q(path)}; else echo N; fi`);
  return out.startsWith('Y\n') ? out.slice(2) : null;
}

/** `stat -c '%a %F'` of a path: e.g. "644 regular file", or null when missing. */
export function hostStat(host: string, path: string): string | null {
  const out = onHost(host, `stat -c '%a %F' ${q(path)} 2>/dev/null || echo MISSING`).trim();
  return out === 'MISSING' ? null : out;
}

/** A digest of a directory tree on a host (paths, modes, contents), to prove nothing changed. */
export function treeDigest(host: string, dir: string): string {
  return onHost(
    host,
    `cd ${q(dir)} 2>/dev/null && find . -printf '%p %m %s %T@\\n' | sort | sha256sum || echo none`,
  ).trim();
}

/** How many live processes on a host run exactly `args` (e.g. "sleep 601"); zombies are not counted. */
export function processCount(host: string, args: string): number {
  const awk = `$1 !~ /^Z/ { $1 = ""; sub(/^ /, ""); if ($0 == want) n++ } END { print n + 0 }`;
  return Number(onHost(host, `ps -eo stat=,args= | awk -v want=${q(args)} ${q(awk)}`).trim());
}

/**
 * Polls until `condition` holds, and says whether it did. The limit only keeps
 * a broken run from hanging: a slow machine makes the wait longer, not red.
 */
export async function eventually(condition: () => boolean, limitMs = 30_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
