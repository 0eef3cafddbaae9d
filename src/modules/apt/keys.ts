// apt-key's keyrings, read and changed as Ansible's apt_key module does: key ids
// are fingerprint suffixes (8, 16 or 40 hex digits), compared without case.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

// APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE: apt-key's stdout is parsed, its warning is noise.
const ENV = 'LC_ALL=C APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1';

const aptKey = (keyring: string | undefined, words: string[]) =>
  `${ENV} ${shellJoin(['apt-key', ...(keyring ? ['--keyring', keyring] : []), ...words])}`;

const fingerprints = (colons: string) => [...colons.matchAll(/^fpr:+([0-9A-F]{40}):/gm)].map((m) => m[1]!);

/** Fingerprints of the keys apt trusts (or of one keyring). */
export async function trustedKeys(conn: Connection, keyring?: string): Promise<string[]> {
  const r = await conn.exec(aptKey(keyring, ['adv', '--list-public-keys', '--with-fingerprint', '--with-colons']));
  return fingerprints(r.stdout);
}

/** Fingerprints of the primary keys in `data` (armored or binary), read by gpg without importing. */
export async function keyFingerprints(conn: Connection, data: Buffer): Promise<string[]> {
  // A throwaway home: gpg's default one would leave ~/.gnupg (pubring.kbx, trustdb.gpg) behind.
  const r = await conn.exec(
    'h=$(mktemp -d) && LC_ALL=C gpg --homedir "$h" --batch --no-tty --with-colons --import-options ' +
      'show-only --import --fingerprint 2>/dev/null; rc=$?; rm -rf "$h"; exit $rc',
    { stdin: data },
  );
  // Subkeys have their own fpr lines after `sub:`: keep only each `pub:`'s first.
  const out: string[] = [];
  let wantNext = false;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('pub:')) wantNext = true;
    else if (wantNext && line.startsWith('fpr:')) {
      out.push(fingerprints(line)[0]!);
      wantNext = false;
    }
  }
  return out;
}

export const hasKey = (keys: string[], id: string) => keys.some((fp) => fp.endsWith(id.toUpperCase()));

export async function addKey(
  conn: Connection,
  data: Buffer,
  keyring?: string,
): Promise<{ rc: number; stderr: string }> {
  return conn.exec(aptKey(keyring, ['add', '-']), { stdin: data });
}

export async function deleteKey(
  conn: Connection,
  id: string,
  keyring?: string,
): Promise<{ rc: number; stderr: string }> {
  return conn.exec(aptKey(keyring, ['del', id]));
}

export async function receiveKey(
  conn: Connection,
  keyserver: string,
  id: string,
  keyring?: string,
): Promise<{ rc: number; stderr: string }> {
  return conn.exec(aptKey(keyring, ['adv', '--no-tty', '--keyserver', keyserver, '--recv', id]));
}
