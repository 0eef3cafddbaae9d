// Reading apt's one-line source files from a host, and the changes that bring
// them to new contents (written through planFileWrite: atomic, diffs for free).
import type { Connection } from '../../transport/connection.js';
import type { Change, ModuleContext } from '../contract.js';
import { fileRemoval } from '../files/remove-file.js';
import { planFileWrite } from '../files/write-file.js';
import { renderFile, type SourceLine } from './sources-list.js';

export const SOURCES_LIST = '/etc/apt/sources.list';
export const SOURCES_DIR = '/etc/apt/sources.list.d';

/** Every one-line source file: /etc/apt/sources.list and sources.list.d/*.list, by path. */
export async function readSourceFiles(conn: Connection): Promise<Map<string, string>> {
  const r = await conn.exec(
    `for f in ${SOURCES_LIST} ${SOURCES_DIR}/*.list; do [ -f "$f" ] && { printf '@@FILE %s\\n' "$f"; cat "$f"; printf '\\n@@END\\n'; }; done; true`,
  );
  const out = new Map<string, string>();
  for (const [, path, body] of r.stdout.matchAll(/^@@FILE (.+)\n([\s\S]*?)\n@@END$/gm)) out.set(path!, body!);
  return out;
}

/** Changes from `before` (file texts) to `after` (parsed lines): writes, and removals of files left empty. */
export async function sourceFileChanges(
  ctx: ModuleContext,
  before: Map<string, string>,
  after: Map<string, SourceLine[]>,
  newMode: number,
): Promise<Change[]> {
  const changes: Change[] = [];
  for (const [path, lines] of after) {
    const text = renderFile(lines);
    const old = before.get(path);
    if (old === text) continue;
    if (lines.length === 0) {
      if (old !== undefined) changes.push(fileRemoval(ctx.conn, path, `remove ${path} (no source left)`, old));
      continue;
    }
    changes.push(
      ...(await planFileWrite(ctx, {
        path,
        content: Buffer.from(text),
        mode: old === undefined ? newMode : undefined,
      })),
    );
  }
  return changes;
}
