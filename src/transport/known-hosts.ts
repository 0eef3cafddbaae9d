// OpenSSH known_hosts: parsing, host matching (plain, wildcard, negated, [addr]:port and
// hashed |1|salt|hash names) and the verdict on a server's key. Pure: no I/O here.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface KnownHostEntry {
  /** `@revoked` keys are refused; `@cert-authority` lines are kept but never match a plain key. */
  marker?: 'revoked' | 'cert-authority';
  /** The comma-separated host field, split; hashed names stay as `|1|salt|hash`. */
  names: string[];
  keyType: string;
  /** The key blob (base64-decoded), as the server sends it. */
  key: Buffer;
  /** 1-based line in the file, for messages. */
  line: number;
}

/** Parses known_hosts text; comments, blank and malformed lines are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) return;
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return;
    const key = Buffer.from(base64, 'base64');
    // The blob starts with its own type name; a line where they differ is corrupt.
    if (blobKeyType(key) !== keyType) return;
    entries.push({ ...(marker ? { marker } : {}), names: hosts.split(','), keyType, key, line: i + 1 });
  });
  return entries;
}

/** How OpenSSH names a host in known_hosts: `addr` on port 22, `[addr]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** A hashed name as `ssh-keygen -H` writes it: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${mac.toString('base64')}`;
}

/**
 * Whether the host field of an entry names `name`. Like OpenSSH: case-insensitive (ssh
 * lowercases the name before hashing too),
 * `*` and `?` wildcards, and any matching `!pattern` vetoes the whole line.
 */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  const lower = name.toLowerCase();
  let matched = false;
  for (const pattern of entry.names) {
    if (pattern.startsWith('|1|')) {
      if (hashedNameMatches(pattern, lower)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1).toLowerCase(), lower)) return false;
    } else if (globMatches(pattern.toLowerCase(), lower)) {
      matched = true;
    }
  }
  return matched;
}

function hashedNameMatches(hashed: string, name: string): boolean {
  const [, , salt64, mac64] = hashed.split('|');
  if (!salt64 || !mac64) return false;
  const expected = Buffer.from(mac64, 'base64');
  const actual = createHmac('sha1', Buffer.from(salt64, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function globMatches(pattern: string, text: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === text;
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(text);
}

export type HostKeyVerdict =
  | { kind: 'known'; entry: KnownHostEntry }
  | { kind: 'unknown' }
  /** Entries name the host but none holds this key: the type matches or the server now offers another one. */
  | { kind: 'changed'; recorded: KnownHostEntry[] }
  | { kind: 'revoked'; entry: KnownHostEntry };

/** OpenSSH's decision for a key a server presented under any of `names`. */
export function checkHostKey(entries: KnownHostEntry[], names: string[], key: Buffer): HostKeyVerdict {
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { kind: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === undefined && names.some((n) => entryMatches(e, n)));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { kind: 'known', entry: same };
  return forHost.length > 0 ? { kind: 'changed', recorded: forHost } : { kind: 'unknown' };
}

/**
 * `@cert-authority` lines naming the host. runbook cannot use them: ssh2 negotiates
 * plain host keys only, so no server certificate ever reaches the check.
 */
export function certAuthoritiesFor(entries: KnownHostEntry[], names: string[]): KnownHostEntry[] {
  return entries.filter((e) => e.marker === 'cert-authority' && names.some((n) => entryMatches(e, n)));
}

/** Key types recorded for the host, so the client can ask the server for one of those first. */
export function knownKeyTypes(entries: KnownHostEntry[], names: string[]): string[] {
  const types = entries
    .filter((e) => e.marker === undefined && names.some((n) => entryMatches(e, n)))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/** The type name at the start of an SSH key blob (e.g. "ssh-ed25519"); "" when malformed. */
export function blobKeyType(key: Buffer): string {
  if (key.length < 4) return '';
  const len = key.readUInt32BE(0);
  return len > 0 && 4 + len <= key.length ? key.subarray(4, 4 + len).toString('latin1') : '';
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -l` and ssh print it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** One known_hosts line for `name`, newline included. */
export function knownHostLine(name: string, key: Buffer): string {
  return `${name} ${blobKeyType(key)} ${key.toString('base64')}\n`;
}
