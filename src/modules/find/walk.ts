// The entries under a directory on the host, read in one remote command (GNU
// find, readdir order) and put in the order Python's os.walk yields them, which
// is the order Ansible's find examines and returns them: per directory, its
// files then its subdirectories, then each subdirectory's own, depth first.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import { STAT_NUMBERS, statNumbers, type StatNumbers } from '../files/stat-fields.js';

export interface Entry extends StatNumbers {
  /** Full path, as os.path.join(root, name). */
  path: string;
  name: string;
  /** Directories between the walk's root and this entry's parent (0 for the root's own). */
  level: number;
  /** find's %y: f, d, l, … (the entry itself, not a link's target). */
  type: string;
  /** What os.walk counts it as: a directory (a link to a directory too). */
  dirLike: boolean;
  raw: number;
  owner: string;
  group: string;
}

const FIELDS = '%y|%Y|%m|%U|%G|%s|%i|%D|%n|%A@|%T@|%C@|%u|%g|%d|%P';

export interface Walk {
  entries: Entry[];
  /** The host's clock, for age. */
  now: number;
  /** Set when the path is not a directory (or cannot be read). */
  error?: string;
}

/** Every entry under `root` as os.walk would visit them (all levels when `recurse`, following links to directories when `follow`). */
export async function walk(conn: Connection, root: string, recurse: boolean, follow: boolean): Promise<Walk> {
  const script =
    `date +%s.%N; [ -d "$1" ] || { echo notdir; exit 0; }; ` +
    `find ${follow ? '-L' : ''} "$1" -mindepth 1 ${recurse ? '' : '-maxdepth 1'} -printf ` +
    `'${FIELDS}\\0'`;
  const r = await conn.exec(`sh -c ${shellJoin([script])} find ${shellJoin([root])}`);
  const nl = r.stdout.indexOf('\n');
  const now = Number(r.stdout.slice(0, nl));
  const rest = r.stdout.slice(nl + 1);
  if (rest === 'notdir\n') return { entries: [], now, error: `'${root}' is not a directory` };
  if (r.rc !== 0 && rest === '') return { entries: [], now, error: r.stderr.trim() || `find exit code ${r.rc}` };
  const base = root.replace(/\/+$/, '');
  const records = rest
    .split('\0')
    .filter((x) => x !== '')
    .map((rec) => parse(base, rec, follow));
  return { entries: walkOrder(base, records), now };
}

function parse(base: string, rec: string, follow: boolean): Entry {
  const f = rec.split('|');
  const rel = f.slice(15).join('|');
  const [type = '', target = '', mode = '0'] = f;
  // %U|%G|%s|%i|%D|%n|%A@|%T@|%C@: the stat numbers, in their order; then owner, group and depth.
  const [owner = '', group = '', depth = '1'] = f.slice(3 + STAT_NUMBERS.length);
  const kind = follow ? target : type;
  const TYPE_BITS: Record<string, number> = {
    f: 0o100000,
    d: 0o040000,
    l: 0o120000,
    c: 0o020000,
    b: 0o060000,
    p: 0o010000,
    s: 0o140000,
  };
  return {
    path: `${base}/${rel}`,
    name: rel.slice(rel.lastIndexOf('/') + 1),
    level: Number(depth) - 1,
    type: kind,
    dirLike: type === 'd' || target === 'd',
    raw: (TYPE_BITS[kind] ?? 0) | parseInt(mode, 8),
    ...statNumbers(f.slice(3, 3 + STAT_NUMBERS.length)),
    // find prints the number for an id with no name; Ansible's find gives "".
    owner: /^\d+$/.test(owner) ? '' : owner,
    group: /^\d+$/.test(group) ? '' : group,
  };
}

// find lists a directory's entries in readdir order, each directory's contents right after it.
function walkOrder(base: string, records: Entry[]): Entry[] {
  const byParent = new Map<string, Entry[]>();
  for (const e of records) {
    const parent = e.path.slice(0, e.path.lastIndexOf('/'));
    byParent.set(parent, [...(byParent.get(parent) ?? []), e]);
  }
  const out: Entry[] = [];
  const visit = (dir: string) => {
    const here = byParent.get(dir) ?? [];
    const dirs = here.filter((e) => e.dirLike);
    out.push(...here.filter((e) => !e.dirLike), ...dirs);
    for (const d of dirs) visit(d.path);
  };
  visit(base);
  return out;
}
