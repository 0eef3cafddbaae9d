// The regular files of a configuration directory (/etc/modules-load.d, /etc/modprobe.d),
// read whole, and the changes that bring some of them to new text.
import type { FileFact } from '../../facts/file.js';
import { shellJoin } from '../../quote.js';
import type { Change, ModuleContext } from '../contract.js';
import { parentDirChanges } from '../files/parent-dirs.js';
import { planWriteFrom } from '../files/write-file.js';

export interface ConfFile {
  path: string;
  fact: FileFact;
  text: string;
}

/** Every regular file directly in `dir`, sorted by name; none when `dir` is missing. */
export async function readConfDir(ctx: Pick<ModuleContext, 'conn'>, dir: string): Promise<ConfFile[]> {
  const r = await ctx.conn.exec(`find ${shellJoin([dir])} -mindepth 1 -maxdepth 1 -type f -print0 2>/dev/null; true`);
  const paths = r.stdout.split('\0').filter(Boolean).sort();
  const files: ConfFile[] = [];
  for (const path of paths) {
    const content = await ctx.conn.readFile(path);
    const stat = await ctx.conn.stat(path);
    if (content && stat) files.push({ path, fact: { stat, content }, text: content.toString('utf8') });
  }
  return files;
}

/** Changes writing `text` to `path` (creating its directory), none when it already holds it. */
export async function planConfWrite(
  ctx: Pick<ModuleContext, 'conn' | 'check'>,
  path: string,
  text: string,
  known?: ConfFile,
): Promise<Change[]> {
  if (known?.text === text) return [];
  const fact = known?.fact ?? { stat: await ctx.conn.stat(path), content: await ctx.conn.readFile(path) };
  if (fact.content?.toString('utf8') === text) return [];
  const dirs = fact.stat ? [] : await parentDirChanges(ctx, path);
  return [...dirs, ...planWriteFrom(ctx, { path, content: Buffer.from(text) }, fact)];
}
