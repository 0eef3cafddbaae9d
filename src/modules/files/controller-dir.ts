// copy's src naming a directory on the controller, looked up where copy looks
// for a file (the role's files/, the playbook's files/, beside the playbook),
// and its tree read: every directory and file under it, relative, sorted.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** The directory `name` names on the controller, or undefined when it names none. */
export function controllerDir(name: string, playbookDir: string, roleDir?: string): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : [
        ...(roleDir === undefined ? [] : [join(roleDir, 'files', name), join(roleDir, name)]),
        join(playbookDir, 'files', name),
        join(playbookDir, '..', 'files', name),
        join(playbookDir, name),
      ];
  const found = candidates.map((p) => resolve(p)).find((p) => existsSync(p));
  return found !== undefined && statSync(found).isDirectory() ? found : undefined;
}

export interface TreeEntry {
  /** Relative to the tree's root, `/`-separated. */
  rel: string;
  type: 'directory' | 'file';
}

/** Directories and files under `root` (links followed, as copy's local_follow), parents before children. */
export function controllerTree(root: string, under = ''): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const name of readdirSync(join(root, under)).sort()) {
    const rel = under === '' ? name : `${under}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push({ rel, type: 'directory' }, ...controllerTree(root, rel));
    else out.push({ rel, type: 'file' });
  }
  return out;
}
