// lookup('first_found', ...) and with_first_found, as Ansible's first_found:
// terms are file names, lists of them, or mappings {files, paths, skip}; the
// answer is the full path of the first file that exists, searched (for a
// relative name) in the role's files/ and its directory, then the playbook's
// files/ and its directory. None found is an error, unless `skip: true` (then
// no path at all).
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Fault } from './fault.js';
import type { Controller } from './controller.js';
import { isMapping, keysOf, truthy, typeName } from './values.js';
import { pyStr } from './python-text.js';

/** The first existing file among the terms, as a list of at most one path. */
export function firstFound(
  controller: Controller,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
  subdir = 'files',
): string[] {
  const candidates: string[] = [];
  let skip = truthy(named.skip);
  const add = (files: unknown, paths: unknown) => {
    const dirs = paths === undefined ? [''] : listOf(paths, 'paths');
    for (const f of listOf(files, 'files')) for (const d of dirs) candidates.push(d === '' ? f : join(d, f));
  };
  for (const t of terms.flat()) {
    if (isMapping(t)) {
      const unknown = keysOf(t).filter((k) => !['files', 'paths', 'skip'].includes(k));
      if (unknown.length > 0) throw new Fault(`first_found takes files, paths and skip, not ${unknown.join(', ')}`);
      add(t.files, t.paths);
      if (t.skip !== undefined) skip = truthy(t.skip);
    } else add(t, named.paths);
  }
  if (named.files !== undefined) add(named.files, named.paths);
  for (const c of candidates) {
    const found = searchPaths(controller, c, subdir).find((p) => existsSync(p));
    if (found) return [found];
  }
  if (skip) return [];
  throw new Fault(`first_found: none of ${candidates.map((c) => `"${c}"`).join(', ') || 'no file'} was found`, {
    hint:
      "a relative name is looked for in the role's files/ and directory, the task file's directory, then " +
      "the playbook's files/ and directory; skip: true makes none found no error",
  });
}

// As Ansible's search path: each role of the dependency chain (the task's own first, then the roles
// above it: Kubespray's containerd-common finds containerd's vars/debian.yml), the task file's
// directory, the playbook's; in each, `subdir` (files/, or vars/ for include_vars, templates/ for
// template) and the directory itself.
function searchPaths(c: Controller, name: string, subdir: string): string[] {
  if (isAbsolute(name)) return [name];
  return [...new Set(searchDirs(c, subdir).map((d) => resolve(d, name)))];
}

/** Ansible's search path for a controller file: each role's SUB/ and directory, the task file's, the playbook's SUB/ and directory. */
export function searchDirs(c: Controller, sub: string): string[] {
  const roles = c.searchDirs ?? (c.roleDir ? [c.roleDir] : []);
  return [
    ...roles.flatMap((d) => [join(d, sub), d]),
    ...(c.taskDir ? [c.taskDir] : []),
    join(c.playbookDir, sub),
    c.playbookDir,
  ];
}

/** A name or a list of names; Ansible also splits a name at , ; and :. */
function listOf(v: unknown, what: string): string[] {
  const items = Array.isArray(v) ? v : [v];
  return items.flatMap((x) => {
    if (typeof x !== 'string') throw new Fault(`first_found's ${what} must be names, got ${typeName(x)}: ${pyStr(x)}`);
    return x
      .split(/[,;:]/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  });
}
