// file: Ansible's file module. A path is a directory, an empty file (touch), a
// symlink or a hard link to src, absent, or an existing file with the given mode
// (octal or symbolic), owner and group, recursively for a directory's contents.
// `~` is the home on the host. As in Ansible, `touch` with the default
// times is a change on every run (under --check too), the state defaults to the
// path's current one, and the result carries path (dest for links and touch),
// state, mode, uid, gid, owner, group and size, read once the changes are made.
import { shellJoin } from '../quote.js';
import { missingDirs } from '../facts/file.js';
import type { ArgsOf, ArgsSchema, Change, ModuleDef, ModuleContext } from './contract.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import { timeFormatSchema, timeSchema, timeUpdate, touchCommands } from './files/file-times.js';
import { expandHome, hostPath, hostPathSchema } from './files/home-path.js';
import { planHardlink, planSymlink } from './files/link-plan.js';
import { formatMode } from './files/mode.js';
import {
  attributeSteps,
  attributesAfter,
  recursiveAttributeChange,
  type AttributesWanted,
} from './files/path-attributes.js';
import { pathResult, readPathInfo, type PathInfo } from './files/path-info.js';
import { anyModeSchema, wantedMode } from './files/symbolic-mode.js';

const schema = {
  type: 'object',
  properties: {
    path: hostPathSchema,
    state: {
      enum: ['file', 'directory', 'absent', 'touch', 'link', 'hard'],
      description: 'default: the state the path has, else file (directory with recurse)',
    },
    mode: anyModeSchema,
    owner: fileOptionSchemas.owner,
    group: fileOptionSchemas.group,
    recurse: {
      type: 'boolean',
      description: 'with state directory, set mode/owner/group on everything under it too (default false)',
    },
    src: {
      type: 'string',
      minLength: 1,
      description: 'what a link (state link or hard) points to; a relative symlink src is relative to the link',
    },
    force: {
      type: 'boolean',
      description:
        'replace a file or an empty directory by the link, or link to a src that does not exist (default false)',
    },
    follow: { type: 'boolean', description: 'act on what a symlink points to (default true)' },
    modification_time: timeSchema,
    modification_time_format: timeFormatSchema,
    access_time: timeSchema,
    access_time_format: timeFormatSchema,
    // Ansible's action plugins ask the file module this; its own integration target calls it directly.
    _diff_peek: {
      type: 'boolean',
      description: "Ansible's internal check: change nothing, say whether the file looks binary (appears_binary)",
    },
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;
type State = NonNullable<Args['state']>;
type Planned = { changes: Change[]; failed?: string };

export const file: ModuleDef<Args> = {
  name: 'file',
  summary: 'manage a directory, an empty file, a symlink or hard link, a path that must be absent, or mode and owner',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const expanded = await hostPath(ctx.conn, args.path);
    let path = expanded.length > 1 ? expanded.replace(/\/+$/, '') : expanded;
    if (args._diff_peek !== undefined)
      return { changes: [], data: { path, appears_binary: await looksBinary(ctx, path) } };
    const src = args.src === undefined ? undefined : await expandHome(ctx.conn, args.src);
    let prev = await readPathInfo(ctx.conn, path);
    // As Ansible: a hard link made in an existing directory takes src's name.
    if (args.state === 'hard' && prev.kind === 'directory' && src) {
      path = `${path}/${src.slice(src.lastIndexOf('/') + 1)}`;
      prev = await readPathInfo(ctx.conn, path);
    }
    const state: State =
      args.state ??
      (prev.kind === 'absent' ? (args.recurse ? 'directory' : 'file') : prev.kind === 'hard' ? 'file' : prev.kind);
    const key = state === 'link' || state === 'hard' || state === 'touch' ? 'dest' : 'path';
    const data: Record<string, unknown> = { [key]: path, ...(src === undefined ? {} : { src }), ...pathResult(prev) };
    const failed = (why: string) => ({ changes: [], failed: why, data });
    if (args.recurse && state !== 'directory') return failed("recurse option requires state to be 'directory'");
    if (src !== undefined && state !== 'link' && state !== 'hard')
      return failed("src option requires state to be 'link' or 'hard'");
    const options = state === 'absent' ? {} : await resolveFileOptions({ owner: args.owner, group: args.group }, ctx);
    if ('failed' in options) return failed(options.failed);
    const want: AttributesWanted = {
      mode: args.mode === undefined ? undefined : wantedMode(args.mode),
      uid: options.uid,
      gid: options.gid,
    };
    const defaultTime = state === 'touch' ? 'now' : 'preserve';
    const times = { mtime: args.modification_time ?? defaultTime, atime: args.access_time ?? defaultTime };
    const target =
      args.follow !== false && prev.kind === 'link' && (state === 'file' || state === 'directory')
        ? await followed(ctx, path)
        : { path, prev };
    const planned = await plan(
      ctx,
      { ...args, state, src, force: args.force ?? false },
      target.path,
      target.prev,
      want,
      times,
    );
    if (planned.failed) return failed(planned.failed);
    const after = async () => ({ data: { ...data, ...pathResult(await readPathInfo(ctx.conn, path)) } });
    const changes = planned.changes.map((c) => ({ ...c, apply: async () => (await c.apply()) ?? (await after()) }));
    return { changes, data };
  },
};

async function followed(ctx: ModuleContext, path: string): Promise<{ path: string; prev: PathInfo }> {
  const r = await ctx.conn.exec(shellJoin(['readlink', '-f', '--', path]));
  const real = r.stdout.replace(/\n$/, '');
  return r.rc === 0 && real
    ? { path: real, prev: await readPathInfo(ctx.conn, real) }
    : { path, prev: await readPathInfo(ctx.conn, path) };
}

interface Wanted {
  state: State;
  src?: string;
  force: boolean;
  recurse?: boolean;
  follow?: boolean;
}

async function plan(
  ctx: ModuleContext,
  args: Wanted,
  path: string,
  prev: PathInfo,
  want: AttributesWanted,
  times: { mtime: string; atime: string },
): Promise<Planned> {
  const isDir = prev.kind === 'directory';
  switch (args.state) {
    case 'absent':
      return { changes: prev.kind === 'absent' ? [] : [removal(ctx, path, prev)] };
    case 'directory': {
      if (prev.kind === 'absent') return { changes: [await creation(ctx, path, want)] };
      if (!isDir) return { changes: [], failed: `${path} already exists as a ${prev.kind}` };
      const recursive = args.recurse ? await recursiveAttributeChange(ctx.conn, path, want) : [];
      return {
        changes: [...attributeChange(ctx, path, prev, want), ...(await timeChange(ctx, path, times)), ...recursive],
      };
    }
    case 'touch': {
      if (prev.kind === 'absent') {
        const mode = attributesAfter({ mode: 0o644, uid: -1, gid: -1 }, want, false).mode;
        // A new file has the times of now: set any other wanted one once it is there.
        const fixed = times.mtime === 'now' && times.atime === 'now' ? [] : touchCommands(path, times);
        return { changes: [emptyFile(ctx, path, mode, want, fixed)] };
      }
      return { changes: [...attributeChange(ctx, path, prev, want), ...(await timeChange(ctx, path, times))] };
    }
    case 'file':
      if (prev.kind === 'absent') return { changes: [], failed: `file (${path}) is absent, cannot continue` };
      if (prev.kind !== 'file' && prev.kind !== 'hard')
        return { changes: [], failed: `file (${path}) is ${prev.kind}, cannot continue` };
      return { changes: [...attributeChange(ctx, path, prev, want), ...(await timeChange(ctx, path, times))] };
    case 'link':
    case 'hard':
      return linkPlan(ctx, args, path, prev, want);
  }
}

async function linkPlan(
  ctx: ModuleContext,
  args: Wanted,
  path: string,
  prev: PathInfo,
  want: AttributesWanted,
): Promise<Planned> {
  let src = args.src;
  if (src === undefined) {
    if (args.state === 'hard') return { changes: [], failed: 'src is required for creating new hardlinks' };
    if (prev.kind !== 'link') return { changes: [], failed: `src is required for creating a symlink at ${path}` };
    src = prev.target!;
  }
  const w = { path, src, force: args.force };
  const linked = args.state === 'link' ? await planSymlink(ctx.conn, w, prev) : await planHardlink(ctx.conn, w, prev);
  if ('failed' in linked) return { changes: [], failed: linked.failed };
  // Mode and owner go to what the link points to, once it is there (Ansible warns and skips a dangling one).
  if (want.mode === undefined && want.uid === undefined && want.gid === undefined) return linked;
  if (linked.changes.length > 0) {
    return {
      changes: [
        ...linked.changes,
        {
          summary: `set mode/owner of what ${path} points to`,
          apply: async () => {
            const now = await readPathInfo(ctx.conn, path);
            if (now.kind !== 'link' || now.resolves) await setAttributes(ctx, path, want);
          },
        },
      ],
    };
  }
  const target = args.state === 'link' && args.follow !== false ? await followed(ctx, path) : { path, prev };
  if (target.prev.kind === 'absent' || target.prev.kind === 'link') return linked;
  return { changes: attributeChange(ctx, target.path, target.prev, want) };
}

async function setAttributes(ctx: ModuleContext, path: string, want: AttributesWanted): Promise<void> {
  const now = await readPathInfo(ctx.conn, path);
  await attributeSteps(ctx.conn, path, now, want, now.kind === 'directory').apply();
}

function attributeChange(ctx: ModuleContext, path: string, prev: PathInfo, want: AttributesWanted): Change[] {
  const isDir = prev.kind === 'directory';
  const step = attributeSteps(ctx.conn, path, prev, want, isDir);
  if (step.said.length === 0) return [];
  const after = attributesAfter(prev, want, isDir);
  const describe = (a: { mode: number; uid: number; gid: number }) =>
    `mode: ${formatMode(a.mode)}\nowner: ${a.uid}\ngroup: ${a.gid}\n`;
  return [
    {
      summary: `${step.said.join(', ')} ${path}`,
      diff: { path, before: describe(prev), after: describe(after) },
      apply: step.apply,
    },
  ];
}

async function timeChange(
  ctx: ModuleContext,
  path: string,
  times: { mtime: string; atime: string },
): Promise<Change[]> {
  const commands = await timeUpdate(ctx.conn, path, times);
  if (!commands) return [];
  return [
    {
      summary:
        `touch ${path} (update its ` +
        `${times.mtime === 'preserve' ? 'access' : times.atime === 'preserve' ? 'modification' : 'access and modification'} time)`,
      async apply() {
        const r = await ctx.conn.exec(commands.join(' && '));
        if (r.rc !== 0)
          return { failed: true, msg: `Error while updating modification or access time: ${r.stderr.trim()}` };
      },
    },
  ];
}

function emptyFile(ctx: ModuleContext, path: string, mode: number, want: AttributesWanted, touches: string[]): Change {
  return {
    summary: `create empty file ${path}`,
    diff: { path, before: '', after: '' },
    async apply() {
      await ctx.conn.writeFile(path, '', { mode, uid: want.uid, gid: want.gid });
      const r = touches.length === 0 ? undefined : await ctx.conn.exec(touches.join(' && '));
      if (r && r.rc !== 0)
        return { failed: true, msg: `Error while updating modification or access time: ${r.stderr.trim()}` };
    },
  };
}

function removal(ctx: ModuleContext, path: string, prev: PathInfo): Change {
  if (prev.kind === 'directory') {
    if (path === '/') throw new Error('refusing to remove /');
    return {
      summary: `remove directory ${path} and its contents`,
      diff: { path, before: 'directory\n', after: 'absent\n' },
      async apply() {
        const r = await ctx.conn.exec(`rm -rf -- ${shellJoin([path])}`);
        if (r.rc !== 0) return { failed: true, msg: `rmtree failed: ${r.stderr.trim()}` };
      },
    };
  }
  return {
    summary: `remove ${path}`,
    diff: { path, before: `${prev.kind}\n`, after: 'absent\n' },
    apply: () => ctx.conn.unlink(path),
  };
}

// As Ansible's ensure_directory: every directory it creates, parents included, gets the mode, owner and group.
async function creation(ctx: ModuleContext, path: string, want: AttributesWanted): Promise<Change> {
  const dirs = await missingDirs(ctx.conn, path);
  const mode = attributesAfter({ mode: 0o755, uid: -1, gid: -1 }, want, true).mode;
  return {
    summary: `create directory ${path} (${formatMode(mode)})`,
    diff: { path, before: 'absent\n', after: 'directory\n' },
    async apply() {
      for (const dir of dirs) {
        await ctx.conn.mkdir(dir, 0o755);
        await setAttributes(ctx, dir, want);
      }
    },
  };
}

/** As Ansible's diff peek: a NUL byte in the first 8192 bytes; a file that cannot be read counts as text. */
async function looksBinary(ctx: ModuleContext, path: string): Promise<boolean> {
  const r = await ctx.conn.exec(
    `head -c 8192 -- ${shellJoin([path])} 2>/dev/null | tr -d -c '\\000' | head -c 1 | wc -c`,
  );
  return r.stdout.trim() === '1';
}
