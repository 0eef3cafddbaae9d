// copy of a directory (from the controller, or with remote_src on the host):
// the directories that are missing are created (directory_mode, else 0755, and
// the owner/group), then every file is planned as a single copy is, so a second
// run finds nothing to do.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { missingDirs } from '../../facts/file.js';
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import type { Change, ModuleContext } from '../contract.js';
import { controllerTree, type TreeEntry } from './controller-dir.js';
import type { FileOptions } from './file-options.js';
import { formatMode } from './mode.js';
import { planFileWrite } from './write-file.js';

export interface TreeSource {
  entries: TreeEntry[];
  read(rel: string): Promise<Buffer>;
  /** A file's permission bits (copy's `mode: preserve`). */
  modeOf(rel: string): Promise<number>;
}

export function controllerTreeSource(dir: string): TreeSource {
  return {
    entries: controllerTree(dir),
    read: async (rel) => readFileSync(join(dir, rel)),
    modeOf: async (rel) => statSync(join(dir, rel)).mode & 0o7777,
  };
}

/** A directory on the host as a tree; 'missing' when src is not there; undefined when it is a file. */
export async function remoteTree(conn: Connection, src: string): Promise<TreeSource | 'missing' | undefined> {
  const st = await conn.stat(src);
  if (!st) return 'missing';
  if (st.type !== 'directory') return undefined;
  const root = src.replace(/\/+$/, '');
  const r = await conn.exec(`find -L ${shellJoin([root])} -mindepth 1 \\( -type d -o -type f \\) -printf '%y %P\\0'`);
  if (r.rc !== 0) throw new Error(`cannot list ${src} on ${conn.host}: ${r.stderr.trim()}`);
  const entries = r.stdout
    .split('\0')
    .filter((e) => e !== '')
    .map((e): TreeEntry => ({ type: e[0] === 'd' ? 'directory' : 'file', rel: e.slice(2) }))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1));
  return {
    entries,
    read: async (rel) => (await conn.readFile(`${root}/${rel}`)) ?? Buffer.alloc(0),
    modeOf: async (rel) => (await conn.stat(`${root}/${rel}`))?.mode ?? 0o644,
  };
}

export interface TreeOptions extends FileOptions {
  force: boolean;
  dirMode?: number;
  /** copy's `mode: preserve`: each file keeps its source's mode. */
  preserveMode?: boolean;
}

export async function planTreeCopy(
  ctx: ModuleContext,
  tree: TreeSource,
  into: string,
  o: TreeOptions,
): Promise<Change[]> {
  const dirs = [...(await missingDirs(ctx.conn, into))];
  for (const e of tree.entries) {
    const path = `${into}/${e.rel}`;
    if (e.type === 'directory' && (dirs.some((d) => path.startsWith(`${d}/`)) || !(await ctx.conn.stat(path))))
      dirs.push(path);
  }
  const changes: Change[] = [];
  if (dirs.length > 0) {
    const mode = o.dirMode ?? 0o755;
    changes.push({
      summary: `create ${dirs.length === 1 ? `directory ${dirs[0]}` : `${dirs.length} directories under ${into}`} (${formatMode(mode)})`,
      diff: { path: into, before: '', after: dirs.map((d) => `${d}/\n`).join('') },
      async apply() {
        for (const d of dirs) {
          await ctx.conn.mkdir(d, mode);
          await ctx.conn.chmod(d, mode);
          if (o.uid !== undefined || o.gid !== undefined) {
            const st = (await ctx.conn.stat(d))!;
            await ctx.conn.chown(d, o.uid ?? st.uid, o.gid ?? st.gid);
          }
        }
      },
    });
  }
  const fresh = new Set(dirs);
  for (const e of tree.entries) {
    if (e.type !== 'file') continue;
    const path = `${into}/${e.rel}`;
    const parentIsNew = fresh.has(path.slice(0, path.lastIndexOf('/')));
    if (!o.force && !parentIsNew && (await ctx.conn.lstat(path))) continue;
    const want = {
      path,
      content: await tree.read(e.rel),
      mode: o.preserveMode ? await tree.modeOf(e.rel) : o.mode,
      uid: o.uid,
      gid: o.gid,
      backup: o.backup,
      validate: o.validate,
    };
    changes.push(...(await planFileWrite(ctx, want)));
  }
  return changes;
}
