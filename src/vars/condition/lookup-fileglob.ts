// lookup('fileglob', PATTERN, ...) and query('fileglob', ...), as ansible-core 2.14's
// fileglob plugin: a pattern's directory part names a directory found in the search
// path (the role's files/ and directory, the task file's, the playbook's files/ and
// directory), its last part is matched there; a bare pattern is matched in each
// search directory in turn and the first that has matches gives them. Regular files
// only, as absolute paths; a pattern that matches nothing adds nothing (no error).
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Controller } from './controller.js';
import { Fault } from './fault.js';
import { searchDirs } from './first-found.js';
import { typeName } from './values.js';

export function fileglobLookup(controller: Controller, terms: readonly unknown[]): string[] {
  return terms.flatMap((t) => {
    if (typeof t !== 'string') throw new Fault(`lookup('fileglob') takes patterns as strings, got ${typeName(t)}`);
    const name = basename(t);
    const dirs = name === t ? searchDirs(controller, 'files') : [foundDir(controller, dirname(t))];
    for (const d of dirs) {
      if (d === undefined) continue;
      const found = matches(d, name);
      if (found.length > 0) return found;
    }
    return [];
  });
}

function foundDir(c: Controller, dir: string): string | undefined {
  const candidates = isAbsolute(dir) ? [dir] : searchDirs(c, 'files').map((d) => resolve(d, dir));
  return candidates.find((d) => existsSync(d) && statSync(d).isDirectory());
}

function matches(dir: string, name: string): string[] {
  // tinyglobby is loaded only by a playbook that globs.
  const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof import('tinyglobby');
  return globSync(name, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
}
