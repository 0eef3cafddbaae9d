// get_url's `checksum:` argument: `sha256:<hex>` or `sha256:<URL>` of a checksum
// file, as release pages publish them (a bare hash, `HASH  name` lines as
// sha256sum writes them, or BSD `SHA256 (name) = HASH` lines).
import { posix } from 'node:path';

export const checksumSchema = {
  type: 'string',
  pattern: '^sha256:([0-9a-fA-F]{64}|https?://.+)$',
  description: '"sha256:" then 64 hex digits, or the http(s) URL of a checksum file',
} as const;

export type ChecksumSpec = { hash: string } | { url: string };

export function parseChecksum(arg: string): ChecksumSpec {
  const value = arg.slice('sha256:'.length);
  return /^[0-9a-fA-F]{64}$/.test(value) ? { hash: value.toLowerCase() } : { url: value };
}

/**
 * The hash for a file from a checksum file's text: the line naming one of
 * `names` (compared by basename), else the only hash in the file.
 */
export function pickHash(text: string, names: string[], from: string): string {
  const entries: { hash: string; name?: string }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const gnu = /^\\?([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(line);
    const bsd = /^SHA256 ?\((.+)\) ?= ?([0-9a-fA-F]{64})$/i.exec(line);
    if (gnu) entries.push({ hash: gnu[1]!.toLowerCase(), name: gnu[2] });
    else if (bsd) entries.push({ hash: bsd[2]!.toLowerCase(), name: bsd[1] });
  }
  const wanted = new Set(names.map((n) => posix.basename(n)));
  const named = entries.filter((e) => e.name !== undefined && wanted.has(posix.basename(e.name)));
  const hashes = new Set(named.map((e) => e.hash));
  if (hashes.size === 1) return named[0]!.hash;
  if (hashes.size > 1) throw new Error(`${from} gives different hashes for ${[...wanted].join(' / ')}`);
  if (entries.length === 1) return entries[0]!.hash;
  if (entries.length === 0) throw new Error(`${from} holds no sha256 hash`);
  const listed = entries.map((e) => e.name ?? '(unnamed)').join(', ');
  throw new Error(`${from} has no line for ${[...wanted].join(' or ')} (it lists ${listed})`);
}

/** The file name a URL's path ends with, decoded (`…/crictl-v1.28.0-linux-amd64.tar.gz`). */
export function urlBasename(url: string): string {
  try {
    return posix.basename(decodeURIComponent(new URL(url).pathname));
  } catch {
    return '';
  }
}
