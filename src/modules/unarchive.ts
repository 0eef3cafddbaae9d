// unarchive: extract a tar archive (.tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst)
// into an existing directory, only when some (included) member is not already
// there as the archive has it. A controller
// file is streamed to tar's stdin: nothing is left behind on the host.
// mode/owner/group are then set as Ansible does (download/archive-attributes.ts);
// extra_opts go to tar when it lists and when it extracts, as Ansible's.
import { readFileSync } from 'node:fs';
import { readPathStates } from '../facts/path-states.js';
import { extractArgs, readMembers, type ArchiveInput } from '../facts/tar-members.js';
import { shellJoin } from '../quote.js';
import { applyFixes, attributeFixes, attributeTargets, type AttributeFix } from './download/archive-attributes.js';
import { byPath, compareMembers, type MemberDiff } from './download/archive-compare.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import type { AttributesWanted } from './files/path-attributes.js';
import { anyModeSchema, wantedMode } from './files/symbolic-mode.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    src: {
      type: 'string',
      minLength: 1,
      description: 'a file under files/ on the controller, or with remote_src an absolute path on the host',
    },
    dest: { type: 'string', pattern: '^/', description: 'an absolute path of an existing directory' },
    remote_src: { type: 'boolean', description: 'src is already on the host' },
    include: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      minItems: 1,
      description: 'member names to extract, as the archive lists them',
    },
    exclude: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: "member names or globs not to extract (tar --exclude), as Ansible's",
    },
    keep_newer: {
      type: 'boolean',
      description: 'keep a file already there that is newer than its member (tar --keep-newer-files; default false)',
    },
    creates: { type: 'string', pattern: '^/', description: 'skip when this absolute path exists' },
    list_files: { type: 'boolean', description: "return the archive's member names as `files` (default false)" },
    copy: {
      type: 'boolean',
      description: "Ansible's old name for the opposite of remote_src (copy: no = remote_src: yes)",
    },
    mode: { ...anyModeSchema, description: `${anyModeSchema.description}, set on every extracted path` },
    owner: fileOptionSchemas.owner,
    group: fileOptionSchemas.group,
    extra_opts: {
      type: 'array',
      items: { type: 'string', pattern: '^-', description: 'a tar option, e.g. --strip-components=1' },
      description: "tar options, given to tar both when it reads the archive's names and when it extracts",
    },
  },
  required: ['src', 'dest'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const unarchive: ModuleDef<Args> = {
  name: 'unarchive',
  controllerSource: { kind: 'files' },
  summary: 'extract a tar archive (gz, xz, bz2, zstd or plain) into a directory when its members are not already there',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const { conn } = ctx;
    const { dest, src } = args;
    const data: Record<string, unknown> = { dest, src };
    // As Ansible: the task is skipped, not ok.
    if (args.creates && (await conn.stat(args.creates)))
      return { changes: [], data, skipped: `not extracted: ${args.creates} exists` };
    const destSt = await conn.stat(dest);
    if (destSt?.type !== 'directory') {
      return {
        changes: [],
        data,
        failed: `${dest} is not a directory on ${conn.host} (create it first, e.g. file: { path: ..., state: directory })`,
      };
    }
    const want = await wantedAttributes(args, ctx);
    if (want && 'failed' in want) return { changes: [], data, failed: want.failed };
    let input: ArchiveInput;
    if (args.remote_src || args.copy === false) {
      if (!src.startsWith('/'))
        return { changes: [], data, failed: `with remote_src, src must be an absolute path on the host: ${src}` };
      if ((await conn.stat(src))?.type !== 'file') {
        // Under --check an earlier task (get_url) only said it would download the archive.
        if (ctx.check)
          return {
            changes: [
              {
                summary: `extract ${src} into ${dest} (the archive is not there yet under --check)`,
                apply: async () => undefined,
              },
            ],
            data,
          };
        return { changes: [], data, failed: `${src} is not a file on ${conn.host}` };
      }
      input = { file: src };
    } else {
      input = { file: '-', stdin: readFileSync(ctx.findFile('files', src)) };
    }
    // As Ansible's tar handler: an excluded member (a glob) is neither compared nor extracted; the
    // names of `include` after them stay literal.
    const excluded = (args.exclude ?? []).map((e) => `--exclude=${e}`);
    const extraOpts = [
      ...(excluded.length ? ['--wildcards', ...excluded, '--no-wildcards'] : []),
      ...(args.extra_opts ?? []),
    ];
    const listed = await readMembers(conn, input, args.include, extraOpts);
    // As Ansible's list_files: every name tar lists, in the archive's order.
    if (args.list_files) data.files = listed.map((m) => m.name);
    const members = byPath(listed);
    const paths = members.map((m) => m.path);
    const targets = want ? attributeTargets(listed, extraOpts) : [];
    const states = await readPathStates(conn, dest, [...paths, ...targets]);
    const diffs = compareMembers(members, states.slice(0, paths.length), args.mode !== undefined);
    data.members = members.length;
    if (diffs.length > 0)
      return {
        changes: [extraction(ctx, { ...args, extra_opts: extraOpts }, input, diffs, members.length, want, targets)],
        data,
      };
    const fixes = want ? await attributeFixes(conn, dest, targets, want, states.slice(paths.length)) : [];
    if (fixes.length > 0) return { changes: [attributeChange(args, fixes)], data };
    return { changes: [], data, msg: `${dest} already holds all ${members.length} members of ${src}` };
  },
};

/** The task's mode/owner/group with names resolved on the host; undefined when it sets none. */
async function wantedAttributes(
  args: Args,
  ctx: ModuleContext,
): Promise<AttributesWanted | { failed: string } | undefined> {
  if (args.mode === undefined && args.owner === undefined && args.group === undefined) return undefined;
  // The owner and group as every file module resolves them; the mode may be symbolic here.
  const ids = await resolveFileOptions({ owner: args.owner, group: args.group }, ctx);
  if ('failed' in ids) return ids;
  return { mode: args.mode === undefined ? undefined : wantedMode(args.mode), uid: ids.uid, gid: ids.gid };
}

function attributeChange(args: Args, fixes: AttributeFix[]): Change {
  const said = fixes.slice(0, 5).map((f) => `${f.path}: ${f.said.join(', ')}`);
  const more = fixes.length > said.length ? `, and ${fixes.length - said.length} more` : '';
  return {
    summary: `set the attributes of ${fixes.length} extracted paths in ${args.dest} (${said.join('; ')}${more})`,
    apply: () => applyFixes(fixes),
  };
}

function extraction(
  { conn }: ModuleContext,
  args: Args,
  input: ArchiveInput,
  diffs: MemberDiff[],
  total: number,
  want: AttributesWanted | undefined,
  targets: string[],
): Change {
  const names = diffs.slice(0, 5).map((d) => d.path);
  const more = diffs.length > names.length ? `, and ${diffs.length - names.length} more` : '';
  const keep = args.keep_newer ? ['--keep-newer-files'] : [];
  const argv = [
    'tar',
    ...extractArgs(input),
    '-p',
    '-C',
    args.dest,
    '--no-wildcards',
    ...keep,
    ...(args.extra_opts ?? []),
  ];
  const listing = (side: 'now' | 'wanted') => diffs.map((d) => `${d.path}: ${d[side]}\n`).join('');
  return {
    summary: `extract ${args.src} into ${args.dest}: ${diffs.length} of ${total} members differ (${names.join(', ')}${more})`,
    diff: { path: args.dest, before: listing('now'), after: listing('wanted') },
    async apply() {
      const r = await conn.exec(`LC_ALL=C ${shellJoin(args.include ? [...argv, '--', ...args.include] : argv)}`, {
        stdin: input.stdin,
      });
      if (r.rc !== 0)
        return {
          failed: true,
          msg: `tar failed extracting ${args.src} into ${args.dest}: ${r.stderr.trim() || `exit code ${r.rc}`}`,
        };
      // What tar made is read again: a symbolic mode applies to the modes it left.
      if (want) await applyFixes(await attributeFixes(conn, args.dest, targets, want));
      return { data: { extracted: diffs.map((d) => d.path) } };
    },
  };
}
