// Ground truth for tests: reads a lab host with the OpenSSH client, not with
// runbook's own transport, so a transport bug cannot hide a module bug.
import { execFileSync } from 'node:child_process';
import { shellQuoteValue as q } from '../../src/quote.js';
import { lab } from '../lab/shared.js';

export function onHost(host: string, command: string): string {
  const l = lab();
  const h = l.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`no lab host ${host}`);
  return execFileSync(
    'ssh',
    [
      '-i', l.keyFile,
      '-o', `UserKnownHostsFile=${l.knownHostsFile}`,
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'BatchMode=yes',
      '-p', String(h.port),
      `root@${h.address}`,
      command,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
  return onHost(host, `cd ${q(dir)} 2>/dev/null && find . -printf '%p %m %s %T@\\n' | sort | sha256sum || echo none`).trim();
}
