// find: Ansible's find (ansible-core 2.14): the files (or directories, links,
// anything) under `paths` whose base name matches `patterns` (shell globs, or
// Python regexes matched at the start with use_regex) and none of `excludes`,
// filtered by age, size, hidden and content, returned as `files` (each with the
// stat fields Ansible's find gives), `matched`, `examined`. It reads only.
import type { ArgsOf, ArgsSchema, ModuleContext, ModuleDef } from './contract.js';
import { expandHome } from './files/home-path.js';
import { pyRegex } from './files/python-regex.js';
import { entryFacts, fnmatch, parseAge, parseSize } from './find/filters.js';
import { walk, type Entry } from './find/walk.js';

const listOfStrings = (what: string) =>
  ({
    type: ['array', 'string'],
    items: { type: 'string' },
    description: `${what} (a list, or one string with commas)`,
  }) as const;

const schema = {
  type: 'object',
  properties: {
    paths: listOfStrings('directories to search'),
    patterns: listOfStrings('base names to match: shell globs, or with use_regex Python regexes (default all)'),
    excludes: listOfStrings('base names to leave out, written as patterns are'),
    contains: {
      type: 'string',
      description: 'a regex a line of the file must match at its start (file_type file only)',
    },
    read_whole_file: {
      type: 'boolean',
      description: 'search contains in the whole text instead of matching each line (default false)',
    },
    file_type: { enum: ['file', 'directory', 'link', 'any'], description: 'default file' },
    age: {
      type: ['string', 'integer'],
      pattern: '^-?\\d+[smhdwSMHDW]?$',
      description: 'at least this old (e.g. 2d, 4w, 3600); negative: at most',
    },
    age_stamp: { enum: ['mtime', 'atime', 'ctime'], description: 'default mtime' },
    size: {
      type: ['string', 'integer'],
      pattern: '^-?\\d+[bkmgtBKMGT]?$',
      description: 'at least this big (e.g. 10m, 1k); negative: at most',
    },
    recurse: { type: 'boolean', description: 'descend into directories (default false)' },
    hidden: { type: 'boolean', description: 'include names starting with a dot (default false)' },
    follow: { type: 'boolean', description: 'follow links to directories (default false)' },
    get_checksum: {
      type: 'boolean',
      description: "the SHA-1 of each matched regular file as 'checksum' (default false)",
    },
    use_regex: { type: 'boolean', description: 'patterns and excludes are Python regexes (default false: globs)' },
    depth: { type: 'integer', minimum: 1, description: 'how many levels down to look, with recurse' },
  },
  required: ['paths'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

/** Ansible's `type: list` of strings: a string is split at its commas. */
const listOf = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : v.split(',').map((s) => s.trim());

export const find: ModuleDef<Args> = {
  name: 'find',
  summary: "list the files under directories that match patterns, age, size or content, as Ansible's find",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const fileType = args.file_type ?? 'file';
    let match: (name: string) => boolean;
    let age: number | undefined;
    let size: number | undefined;
    try {
      match = matcher(args);
      age = args.age === undefined ? undefined : parseAge(String(args.age));
      size = args.size === undefined ? undefined : parseSize(String(args.size));
    } catch (err) {
      return { changes: [], failed: (err as Error).message };
    }
    const files: Record<string, unknown>[] = [];
    const skipped: Record<string, string> = {};
    let examined = 0;
    for (const raw of listOf(args.paths)) {
      const path = await expandHome(ctx.conn, raw);
      const recurse = args.recurse ?? false;
      const w = await walk(ctx.conn, path, recurse, args.follow ?? false);
      if (w.error) {
        skipped[path] = w.error;
        continue;
      }
      // As os.walk with depth: entries one level too deep are counted, not matched.
      const seen = w.entries.filter((e) => !(recurse && args.depth && e.level > args.depth));
      examined += seen.length;
      for (const e of seen) {
        if (args.depth && e.level + 1 > args.depth) continue;
        if (e.name.startsWith('.') && !args.hidden) continue;
        if (!wanted(e, fileType) || !match(e.name)) continue;
        if (
          age !== undefined &&
          !(age >= 0 ? w.now - stamp(e, args.age_stamp) >= age : w.now - stamp(e, args.age_stamp) <= -age)
        )
          continue;
        const regular = e.type === 'f';
        if (
          size !== undefined &&
          regular &&
          (fileType === 'file' || fileType === 'any') &&
          !(size >= 0 ? e.size >= size : e.size <= -size)
        )
          continue;
        if (
          fileType === 'file' &&
          args.contains !== undefined &&
          !(await contains(ctx, e.path, args.contains, args.read_whole_file ?? false))
        )
          continue;
        files.push({ path: e.path, ...entryFacts(e) });
      }
    }
    if (args.get_checksum) await addChecksums(ctx, files);
    const msg =
      Object.keys(skipped).length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined';
    return { changes: [], data: { files, matched: files.length, examined, msg, skipped_paths: skipped } };
  },
};

function matcher(args: Args): (name: string) => boolean {
  const regex = args.use_regex ?? false;
  const patterns = listOf(args.patterns);
  const compile = (p: string) => (regex ? atStart(p) : fnmatch(p));
  const include = (patterns.length > 0 ? patterns : [regex ? '.*' : '*']).map(compile);
  const exclude = listOf(args.excludes).map(compile);
  return (name) => include.some((r) => r.test(name)) && !exclude.some((r) => r.test(name));
}

function wanted(e: Entry, fileType: string): boolean {
  if (fileType === 'any') return true;
  return (
    (fileType === 'file' && e.type === 'f') ||
    (fileType === 'directory' && e.type === 'd') ||
    (fileType === 'link' && e.type === 'l')
  );
}

const stamp = (e: Entry, which: Args['age_stamp']) =>
  which === 'atime' ? e.atime : which === 'ctime' ? e.ctime : e.mtime;

/** Python's re.match: the regex anchored at the start (its leading flag group kept). */
function atStart(pattern: string): RegExp {
  const re = pyRegex(pattern, '');
  return new RegExp(`^(?:${re.source})`, re.flags);
}

// As Ansible's contentfilter: re.match on each line, or re.search in the whole text.
// The line's newline is left off: Python's $ matches before it, JavaScript's would not.
async function contains(ctx: ModuleContext, path: string, pattern: string, whole: boolean): Promise<boolean> {
  const text = (await ctx.conn.readFile(path))?.toString('utf8');
  if (text === undefined) return false;
  // Python's $ (no MULTILINE) also matches before the text's final newline; JavaScript's only at its end.
  if (whole) {
    const re = pyRegex(pattern, '');
    return re.test(text) || (text.endsWith('\n') && re.test(text.slice(0, -1)));
  }
  const re = atStart(pattern);
  return text.split('\n').some((line) => re.test(line));
}

async function addChecksums(ctx: ModuleContext, files: Record<string, unknown>[]): Promise<void> {
  const regular = files.filter((f) => f.isreg === true);
  if (regular.length === 0) return;
  const r = await ctx.conn.exec('xargs -0 -r sha1sum --', {
    stdin: regular.map((f) => `${String(f.path)}\0`).join(''),
  });
  const sums = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.slice(0, 40));
  regular.forEach((f, i) => {
    if (sums[i]) f.checksum = sums[i];
  });
}
