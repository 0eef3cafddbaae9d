// Where controller-side files for copy/template are looked up: in the task's
// role first (ROLE/templates, ROLE/files), then beside the playbook, then
// beside its parent (so playbooks/x.yaml finds ./templates).
import { existsSync, statSync } from 'node:fs';
import { RunbookError } from '../errors.js';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

/** `directory`: a directory is a valid find (copy's src copies a tree); else it is refused. */
export function findControllerFile(
  playbookDir: string,
  kind: 'files' | 'templates',
  name: string,
  roleDir?: string,
  directory = false,
): string {
  if (isAbsolute(name)) {
    if (existsSync(name)) return name;
    throw new Error(`${kind === 'files' ? 'file' : 'template'} ${name} not found`);
  }
  const inRole = roleDir === undefined ? [] : [join(roleDir, kind, name), join(roleDir, name)];
  const candidates = [
    ...inRole,
    join(playbookDir, kind, name),
    join(playbookDir, '..', kind, name),
    join(playbookDir, name),
  ].map((p) => resolve(p));
  const found = candidates.find((p) => existsSync(p));
  if (found && !directory && statSync(found).isDirectory()) {
    throw new RunbookError('playbook', `${kind === 'files' ? 'src' : 'template'} "${name}" is a directory (${found})`, {
      hint:
        kind === 'templates'
          ? 'a template is one file: name the file, or loop over the files with with_fileglob'
          : 'copy takes one file: name the file, or loop over the files with with_fileglob',
    });
  }
  if (found) return found;
  throw new Error(`${kind === 'files' ? 'file' : 'template'} "${name}" not found; looked in ${candidates.join(', ')}`);
}

/**
 * with_fileglob, as Ansible's fileglob lookup: a relative pattern is matched in
 * the playbook's files/ directory when its directory exists there, else beside
 * the playbook. Regular files only, as absolute paths, sorted.
 */
export function controllerGlob(playbookDir: string, pattern: string): string[] {
  let cwd = '/';
  if (!isAbsolute(pattern)) {
    const inFiles = join(playbookDir, 'files');
    cwd = existsSync(join(inFiles, dirname(pattern))) ? inFiles : playbookDir;
  }
  // tinyglobby is loaded only by a playbook that globs (with_fileglob).
  const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
  return globSync(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
}
