// What a tar archive (plain, gz, xz, bz2, zstd) holds, read on the host by GNU tar in one pass without
// writing anything: `-vv` lists each member (C-quoted names, so any byte is
// safe) and `--to-command=sha256sum` hashes each regular file's content.
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface Member {
  /** The name in the archive, e.g. `./bin/crictl` or `bin/`. */
  name: string;
  /** Where it lands, relative to the extraction directory (`bin`, `.`). */
  path: string;
  type: MemberType;
  /** Permission bits, setuid/setgid/sticky included. */
  mode: number;
  /** Symlink target, or for a hard link the name of the member it links to. */
  target?: string;
  sha256?: string;
}

/** The archive: a path on the host, or '-' with its bytes for stdin. */
export interface ArchiveInput {
  file: string;
  stdin?: Buffer;
}

// GNU tar finds the compression of a file by itself, not of a pipe: for stdin it
// is told, from the bytes' magic number (Ansible 2.14 takes these same formats).
const MAGIC: readonly [string, string][] = [
  ['1f8b', '-z'],
  ['fd377a585a00', '-J'],
  ['425a68', '-j'],
  ['28b52ffd', '--zstd'],
];

/** tar's extract options for the archive: `-x`, its compression flag where tar cannot tell, `-f file`. */
export function extractArgs(input: ArchiveInput): string[] {
  const head = input.stdin?.subarray(0, 6).toString('hex') ?? '';
  const flag = MAGIC.find(([magic]) => head.startsWith(magic))?.[1];
  return ['-x', ...(flag ? [flag] : []), '-f', input.file];
}

/** `extraOpts` (e.g. --strip-components=1) are tar's own: the names read are the transformed ones. */
export async function readMembers(
  conn: Connection,
  input: ArchiveInput,
  include?: string[],
  extraOpts: string[] = [],
): Promise<Member[]> {
  const argv = [
    'tar',
    ...extractArgs(input),
    '-vv',
    '--numeric-owner',
    '--quoting-style=c',
    '--no-wildcards',
    '--to-command=sha256sum',
    ...(extraOpts.length ? ['--show-transformed-names', ...extraOpts] : []),
  ];
  const r = await conn.exec(`LC_ALL=C ${shellJoin(include ? [...argv, '--', ...include] : argv)}`, {
    stdin: input.stdin,
  });
  if (r.rc !== 0) throw new Error(`cannot read the archive: ${r.stderr.trim() || `tar exit code ${r.rc}`}`);
  const members: Member[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const hash = /^([0-9a-f]{64}) {2}-$/.exec(line);
    const last = members[members.length - 1];
    // tar flushes each listing line before it runs the command for that member.
    if (hash && last?.type === 'file' && !last.sha256) last.sha256 = hash[1];
    else members.push(parseListing(line));
  }
  return members;
}

const TYPES: Record<string, MemberType> = { '-': 'file', d: 'directory', l: 'symlink', h: 'hardlink' };

// `-rwxr-xr-x 0/0  123 2024-01-01 00:00 "./bin/x"` plus ` -> "target"` or ` link to "target"`.
function parseListing(line: string): Member {
  const q = line.indexOf('"');
  if (q < 0) throw new Error(`unexpected tar listing line: ${line}`);
  const { text: name, end } = cString(line, q);
  const rest = line.slice(end);
  const link = /^ (?:->|link to) /.exec(rest);
  const type = TYPES[line[0] ?? ''] ?? 'other';
  return {
    name,
    path: relativePath(name),
    type,
    mode: permissionBits(line.slice(1, 10)),
    target: link ? cString(rest, link[0].length).text : undefined,
  };
}

/** `./bin/` → `bin`, `./` → `.`, `/etc/x` → `etc/x` (tar strips leading slashes too). */
export function relativePath(name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new Error(`archive member ${JSON.stringify(name)} points outside the destination`);
  return parts.length === 0 ? '.' : parts.join('/');
}

// `rwsr-xr-t` → 0o4755 | 0o1000 …
function permissionBits(s: string): number {
  let mode = 0;
  for (let i = 0; i < 9; i++) {
    const c = s[i] ?? '-';
    if (c !== '-' && c !== 'S' && c !== 'T') mode |= 1 << (8 - i);
  }
  if (/[sS]/.test(s[2] ?? '')) mode |= 0o4000;
  if (/[sS]/.test(s[5] ?? '')) mode |= 0o2000;
  if (/[tT]/.test(s[8] ?? '')) mode |= 0o1000;
  return mode;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** Decodes the C string starting with the quote at `start`; returns it and the index after its closing quote. */
function cString(s: string, start: number): { text: string; end: number } {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length && s[i] !== '"') {
    const c = s[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      i++;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4));
    const next = s[i + 1] ?? '';
    if (octal) bytes.push(parseInt(octal[0], 8));
    else bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
    i += 1 + (octal ? octal[0].length : 1);
  }
  return { text: Buffer.from(bytes).toString('utf8'), end: i + 1 };
}
