// file's state: link and state: hard, with Ansible's refusals (ensure_symlink /
// ensure_hardlink in ansible-core 2.14): what may be replaced only with force,
// what is already the wanted link, and the words of each failure. A link that
// replaces something is made under a temporary name and renamed over it.
import { randomBytes } from 'node:crypto';
import { dirname, posix } from 'node:path';
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import type { Change } from '../contract.js';
import type { PathInfo } from './path-info.js';

export interface LinkWanted {
  path: string;
  src: string;
  force: boolean;
}

type LinkPlan = { changes: Change[] } | { failed: string };

const test = async (conn: Connection, script: string, ...args: string[]) =>
  (await conn.exec(`sh -c ${shellJoin([script, 'test', ...args])}`)).rc === 0;

export async function planSymlink(conn: Connection, w: LinkWanted, prev: PathInfo): Promise<LinkPlan> {
  const { path, src, force } = w;
  // As Python's os.path.join: an absolute src stands alone; a relative one is read from the link's directory.
  const absrc = posix.isAbsolute(src) ? src : posix.join(prev.kind === 'directory' ? path : dirname(path), src);
  if (!force && !(await test(conn, '[ -e "$1" ]', absrc))) {
    return { failed: `src file does not exist, use "force=yes" if you really want to create the link: ${absrc}` };
  }
  if (prev.kind === 'directory') {
    if (!force) return { failed: `refusing to convert from directory to symlink for ${path}` };
    if (!(await test(conn, '[ -z "$(ls -A -- "$1")" ]', path)))
      return { failed: `the directory ${path} is not empty, refusing to convert it` };
  } else if ((prev.kind === 'file' || prev.kind === 'hard') && !force) {
    return { failed: `refusing to convert from ${prev.kind} to symlink for ${path}` };
  }
  if (prev.kind === 'link' && prev.target === src) return { changes: [] };
  const was =
    prev.kind === 'link' ? ` (was -> ${prev.target})` : prev.kind === 'absent' ? '' : ` (replacing a ${prev.kind})`;
  return { changes: [linkChange(conn, `symlink ${path} -> ${src}${was}`, ['ln', '-s', '--', src], path, prev)] };
}

export async function planHardlink(conn: Connection, w: LinkWanted, prev: PathInfo): Promise<LinkPlan> {
  const { path, src, force } = w;
  const r = await conn.exec(`stat -L -c %d:%i -- ${shellJoin([src])}`);
  if (r.rc !== 0) return { failed: 'src does not exist' };
  const srcInode = r.stdout.trim();
  let changed = true;
  if (prev.kind === 'link') changed = prev.target !== src;
  else if (prev.kind === 'hard') {
    changed = prev.inode !== srcInode;
    if (changed && !force) return { failed: 'Cannot link, different hard link exists at destination' };
  } else if (prev.kind === 'file') {
    if (!force) return { failed: 'Cannot link, file exists at destination' };
  } else if (prev.kind === 'directory') {
    if (prev.inode === srcInode) return { changes: [] };
    if (!force) return { failed: 'Cannot link: different hard link exists at destination' };
  }
  if (!changed) return { changes: [] };
  return {
    changes: [
      linkChange(
        conn,
        `hard link ${path} to ${src}${prev.kind === 'absent' ? '' : ` (replacing a ${prev.kind})`}`,
        ['ln', '--', src],
        path,
        prev,
      ),
    ],
  };
}

// `ln` to a temporary name beside the path, then rename over it: readers see the old entry or the link.
function linkChange(conn: Connection, summary: string, ln: string[], path: string, prev: PathInfo): Change {
  return {
    summary,
    diff: {
      path,
      before: prev.kind === 'absent' ? '' : `${prev.kind}${prev.target === undefined ? '' : ` -> ${prev.target}`}\n`,
      after: `${summary.split(' ')[0] === 'symlink' ? 'link' : 'hard'} -> ${ln.at(-1)}\n`,
    },
    async apply() {
      const tmp = `${dirname(path)}/.runbook-link-${randomBytes(6).toString('hex')}`;
      const steps = [
        ...(prev.kind === 'directory' ? [shellJoin(['rmdir', '--', path])] : []),
        prev.kind === 'absent'
          ? shellJoin([...ln, path])
          : `${shellJoin([...ln, tmp])} && ${shellJoin(['mv', '-T', '--', tmp, path])}`,
      ];
      const r = await conn.exec(steps.join(' && '));
      if (r.rc !== 0) {
        await conn.exec(shellJoin(['rm', '-f', '--', tmp]));
        return { failed: true, msg: `Error while linking: ${r.stderr.trim()}` };
      }
    },
  };
}
