// A module that may create its file (`create: true`) creates the missing
// directories above it too, as Ansible's os.makedirs does (0755, as mkdir -p).
import { missingDirs } from '../../facts/file.js';
import type { Change, ModuleContext } from '../contract.js';

export async function parentDirChanges(ctx: Pick<ModuleContext, 'conn'>, path: string): Promise<Change[]> {
  const dirs = await missingDirs(ctx.conn, path.slice(0, path.lastIndexOf('/')) || '/');
  if (dirs.length === 0) return [];
  return [
    {
      summary: `create directory ${dirs.at(-1)!}`,
      async apply() {
        for (const d of dirs) await ctx.conn.mkdir(d, 0o755);
      },
    },
  ];
}
