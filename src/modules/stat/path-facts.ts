// What Ansible's stat module returns about one path, read on the host with one
// shell command (GNU stat, test, sha*sum, file, lsattr) and parsed here.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import { permissionBits, STAT_NUMBERS, statNumbers, typeFlags } from '../files/stat-fields.js';

export const CHECKSUM_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface StatWanted {
  path: string;
  follow: boolean;
  checksum?: ChecksumAlgorithm;
  mime: boolean;
  attributes: boolean;
}

// lsattr's letters, by the names Ansible's stat gives them.
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  A: 'noatime',
  a: 'append',
  c: 'compressed',
  C: 'nocow',
  d: 'nodump',
  D: 'dirsync',
  e: 'extents',
  E: 'encrypted',
  h: 'blocksize',
  i: 'immutable',
  I: 'indexed',
  j: 'journalled',
  N: 'inline',
  s: 'zero',
  S: 'synchronous',
  t: 'notail',
  T: 'blockroot',
  u: 'undelete',
  X: 'compressedraw',
  Z: 'compresseddirty',
};

// One `key=value` line per fact; the path is $1 so it is never re-parsed by the shell.
function script(w: StatWanted): string {
  const L = w.follow ? '-L' : '';
  const lines = [
    'p=$1',
    `[ -e "$p" ] || [ -L "$p" ] || { echo exists=0; exit 0; }`,
    `printf 'stat=' && stat ${L} -c '%f|%u|%g|%s|%i|%d|%h|%.9X|%.9Y|%.9Z|%U|%G|%b|%o|%r' -- "$p" || exit 3`,
    'for t in r w x; do test -$t "$p" && echo $t=1 || echo $t=0; done',
    `if [ -L "$p" ]; then echo "lnk_target=$(readlink -- "$p")"; echo "lnk_source=$(readlink -f -- "$p")"; fi`,
  ];
  // A regular file only (a symlink not followed has none), and one we may read.
  const regular = w.follow ? '[ -f "$p" ]' : '[ -f "$p" ] && [ ! -L "$p" ]';
  if (w.checksum)
    lines.push(`if ${regular} && [ -r "$p" ]; then printf 'checksum=' && ${w.checksum}sum < "$p" | cut -d' ' -f1; fi`);
  if (w.mime) lines.push(`command -v file >/dev/null && echo "mime=$(file -b -i -- "$p")"`);
  if (w.attributes) lines.push(`command -v lsattr >/dev/null && echo "attr=$(lsattr -vd -- "$p" 2>/dev/null)"`);
  return lines.join('\n');
}

/** Ansible's `stat` result for the path, or an error message. */
export async function statPath(
  conn: Connection,
  w: StatWanted,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | { error: string }> {
  const r = await conn.exec(`sh -c ${shellJoin([script(w)])} stat ${shellJoin([w.path])}`, { signal });
  if (r.rc !== 0) return { error: `cannot stat ${w.path}: ${r.stderr.trim() || `exit ${r.rc}`}` };
  const kv = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  if (kv.get('exists') === '0') return { exists: false };
  const fields = (kv.get('stat') ?? '').split('|');
  if (fields.length !== 15) return { error: `cannot stat ${w.path}: unexpected output ${JSON.stringify(r.stdout)}` };
  const [rawHex, ...rest] = fields as [string, ...string[]];
  const [user, group, blocks, blockSize, rdev] = rest.slice(STAT_NUMBERS.length);
  const raw = parseInt(rawHex, 16);
  const out: Record<string, unknown> = {
    exists: true,
    path: w.path,
    mode: '0' + (raw & 0o7777).toString(8).padStart(3, '0'),
    ...typeFlags(raw),
    ...statNumbers(rest),
    ...permissionBits(raw),
    blocks: Number(blocks),
    block_size: Number(blockSize),
    device_type: Number(rdev),
    readable: kv.get('r') === '1',
    writeable: kv.get('w') === '1',
    executable: kv.get('x') === '1',
    // Ansible's names even when the host has no such user or group: stat prints UNKNOWN then.
    pw_name: user,
    gr_name: group,
  };
  if (kv.has('lnk_target')) Object.assign(out, { lnk_target: kv.get('lnk_target'), lnk_source: kv.get('lnk_source') });
  if (kv.has('checksum')) out.checksum = kv.get('checksum');
  if (w.mime) Object.assign(out, mimeOf(kv.get('mime')));
  if (kv.get('attr')) Object.assign(out, attributesOf(kv.get('attr')!));
  return out;
}

// `file -b -i` prints "text/plain; charset=us-ascii"; without `file`, Ansible says unknown.
function mimeOf(text: string | undefined): { mimetype: string; charset: string } {
  const m = /^([^;]+);\s*charset=(\S+)/.exec(text ?? '');
  return m ? { mimetype: m[1]!, charset: m[2]! } : { mimetype: 'unknown', charset: 'unknown' };
}

// `lsattr -vd` prints "<version> --------------e------- <path>".
function attributesOf(text: string): Record<string, unknown> {
  const [version, flags] = text.trim().split(/\s+/);
  if (!version || !flags) return {};
  const letters = flags.replace(/-/g, '');
  return { version, attr_flags: letters, attributes: [...letters].map((c) => ATTRIBUTE_NAMES[c] ?? c) };
}
