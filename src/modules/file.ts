// file: a directory exists, a path is absent, an empty file exists (touch), or a
// file's mode. As in Ansible, `touch` on an existing file updates its times, so it
// is always a change (under --check too). The result carries Ansible's path,
// state, mode, uid, gid and size, read once the changes are made.
import { shellJoin } from '../quote.js';
import { missingDirs } from '../facts/file.js';
import type { ArgsOf, ArgsSchema, Change, ModuleDef, ModuleContext } from './contract.js';
import { absolutePathSchema } from './files/file-options.js';
import { formatMode, modeSchema, parseMode } from './files/mode.js';
import type { FileStat } from '../transport/connection.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    state: { enum: ['file', 'directory', 'absent', 'touch'] },
    mode: modeSchema,
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const file: ModuleDef<Args> = {
  name: 'file',
  summary: 'manage a directory, an empty file, a path that must be absent, or a mode',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const path = args.path.length > 1 ? args.path.replace(/\/+$/, '') : args.path;
    const state = args.state ?? 'file';
    const mode = args.mode === undefined ? undefined : parseMode(args.mode);
    const st = await ctx.conn.lstat(path);
    const planned = await plan(ctx, path, state, st, mode);
    const data = { path, ...described(st) };
    return { ...planned, data, changes: planned.changes.map((c) => ({ ...c, apply: async () => (await c.apply()) ?? { data: { path, ...described(await ctx.conn.lstat(path)) } } })) };
  },
};

/** The fields Ansible's file module returns about the path as it is. */
function described(st: FileStat | null): Record<string, unknown> {
  if (!st) return { state: 'absent' };
  const state = st.type === 'symlink' ? 'link' : st.type === 'other' ? 'file' : st.type;
  return { state, mode: formatMode(st.mode), uid: st.uid, gid: st.gid, size: st.size };
}

async function plan(ctx: ModuleContext, path: string, state: NonNullable<Args['state']>, st: FileStat | null, mode?: number): Promise<{ changes: Change[]; failed?: string }> {
  switch (state) {
    case 'absent':
      return { changes: st ? [removal(ctx, path, st)] : [] };
    case 'directory':
      return { changes: await directoryChanges(ctx, path, st, mode) };
    case 'touch':
      if (st && st.type !== 'file') return { changes: [], failed: `${path} is a ${st.type}, not a file` };
      if (!st) {
        return {
          changes: [{ summary: `create empty file ${path}`, diff: { path, before: '', after: '' }, apply: () => ctx.conn.writeFile(path, '', { mode: mode ?? 0o644 }) }],
        };
      }
      return { changes: [touch(ctx, path), ...modeChange(ctx, path, st, mode)] };
    case 'file':
      if (!st) return { changes: [], failed: `${path} does not exist (use state: touch to create it)` };
      return { changes: modeChange(ctx, path, st, mode) };
  }
}

function touch(ctx: ModuleContext, path: string): Change {
  return {
    summary: `touch ${path} (update its access and modification times)`,
    async apply() {
      const r = await ctx.conn.exec(`touch -c -- ${shellJoin([path])}`);
      if (r.rc !== 0) return { failed: true, msg: `cannot touch ${path}: ${r.stderr.trim()}` };
    },
  };
}

function removal(ctx: ModuleContext, path: string, st: FileStat): Change {
  if (st.type === 'directory') {
    if (path === '/') throw new Error('refusing to remove /');
    return {
      summary: `remove directory ${path} and its contents`,
      async apply() {
        const r = await ctx.conn.exec(`rm -rf -- ${shellJoin([path])}`);
        if (r.rc !== 0) return { failed: true, msg: `cannot remove ${path}: ${r.stderr.trim()}` };
      },
    };
  }
  return { summary: `remove ${path}`, apply: () => ctx.conn.unlink(path) };
}

async function directoryChanges(ctx: ModuleContext, path: string, st: FileStat | null, mode?: number): Promise<Change[]> {
  if (st && st.type !== 'directory') throw new Error(`${path} exists and is a ${st.type}, not a directory`);
  if (st) return modeChange(ctx, path, st, mode);
  const dirs = await missingDirs(ctx.conn, path);
  const finalMode = mode ?? 0o755;
  return [
    {
      summary: `create directory ${path} (${formatMode(finalMode)})`,
      async apply() {
        // Parents get 0755 like mkdir -p; the target gets the requested mode (mkdir applies umask, so chmod after).
        for (const dir of dirs) await ctx.conn.mkdir(dir, dir === path ? finalMode : 0o755);
        await ctx.conn.chmod(path, finalMode);
      },
    },
  ];
}

function modeChange(ctx: ModuleContext, path: string, st: FileStat, mode?: number): Change[] {
  if (mode === undefined || (st.mode & 0o7777) === mode) return [];
  return [{ summary: `chmod ${formatMode(mode)} ${path} (was ${formatMode(st.mode)})`, apply: () => ctx.conn.chmod(path, mode) }];
}
