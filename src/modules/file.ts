// file: a directory exists, a path is absent, an empty file exists (touch), or a
// file's mode. `touch` does not bump timestamps, so a re-run changes nothing.
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
    const data = { path, state };
    switch (state) {
      case 'absent':
        return { changes: st ? [removal(ctx, path, st)] : [], data };
      case 'directory':
        return { changes: await directoryChanges(ctx, path, st, mode), data };
      case 'touch':
        if (st && st.type !== 'file') return { changes: [], failed: `${path} is a ${st.type}, not a file`, data };
        if (!st) {
          return {
            changes: [{ summary: `create empty file ${path}`, diff: { path, before: '', after: '' }, apply: () => ctx.conn.writeFile(path, '', { mode: mode ?? 0o644 }) }],
            data,
          };
        }
        return { changes: modeChange(ctx, path, st, mode), data };
      case 'file':
        if (!st) return { changes: [], failed: `${path} does not exist (use state: touch to create it)`, data };
        return { changes: modeChange(ctx, path, st, mode), data };
    }
  },
};

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
