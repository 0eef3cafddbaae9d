// Roles as Ansible lays them out: ROLE/tasks/main.yml, handlers/main.yml,
// defaults/main.yml, vars/main.yml, meta/main.yml (dependencies), templates/
// and files/. A role becomes a block of its dependencies' tasks then its own,
// each task carrying the role (its defaults, vars and directory).

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import { ROLE_ENTRY_KEYWORDS, roleEntrySchema } from '../schema/playbook.js';
import { varsSchema } from '../schema/vars.js';
import type { BlockTask, RoleContext } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { typeOf } from './suggest.js';
import { commonOf, loadHandler, loadTasks, type Inherited, type LoadSession } from './task.js';
import { check } from './validate.js';
import { errorAt, locate, readYamlFile, type YamlPath, type YamlSource } from './yaml-source.js';

/** A reference to a role, as a play, a dependency or import_role/include_role writes it. */
export interface RoleRef {
  name: string;
  tasksFrom?: string;
  /** The role's parameters: above every variable but extra vars, for its tasks only. */
  params: Vars;
  /** Play `roles:` and dependencies run a role once per play unless its parameters differ; import/include always run it. */
  once: boolean;
}

/** Where a role named `name` is looked for, in order. */
export function roleCandidates(name: string, session: LoadSession, fromDir: string): string[] {
  if (isAbsolute(name)) return [name];
  const dirs = [join(fromDir, 'roles'), join(session.playDir, 'roles'), ...session.rolesPath, session.playDir];
  return [...new Set(dirs.map((d) => resolve(d, name)))];
}

/** The role's directory, or an error at `at` that says where it looked. */
export function findRole(name: string, session: LoadSession, src: YamlSource, at: YamlPath): string {
  const candidates = roleCandidates(name, session, dirname(src.file));
  const found = candidates.find((d) => isDir(d));
  if (found) return found;
  throw errorAt(src, 'playbook', at, `role "${name}" not found; looked in ${candidates.join(', ')}`, {
    hint: 'roles are found in roles/ beside the playbook, in --roles-path or RUNBOOK_ROLES_PATH (colon-separated), or beside the playbook',
  });
}

/**
 * The role as a block, or undefined when `once` and the play already has it
 * with the same parameters. `inherited` is what the play, the entry or the
 * import says (when, tags, …); the role's parameters go into its tasks' vars.
 */
export function loadRole(ref: RoleRef, session: LoadSession, src: YamlSource, at: YamlPath, inherited: Inherited): BlockTask | undefined {
  const dir = findRole(ref.name, session, src, at);
  const key = `${dir}\0${ref.tasksFrom ?? 'main'}\0${JSON.stringify(ref.params)}`;
  if (session.roleChain.includes(dir)) {
    throw errorAt(src, 'playbook', at, `role dependency cycle: ${[...session.roleChain, dir].join(' → ')}`, {
      hint: 'a role cannot depend on itself, directly or through others: remove one of the dependencies in meta/main.yml',
    });
  }
  if (ref.once && session.rolesRun.has(key)) return undefined;
  if (ref.once) session.rolesRun.add(key);
  const role: RoleContext = { name: basename(dir), dir, defaults: varsIn(dir, 'defaults'), vars: varsIn(dir, 'vars') };
  const down: Inherited = { ...inherited, vars: { ...inherited.vars, ...ref.params }, role };
  const inner: LoadSession = { ...session, roleChain: [...session.roleChain, dir] };
  const deps = dependencies(dir, inner, down);
  const tasksFile = roleFile(dir, 'tasks', ref.tasksFrom ?? 'main');
  if (ref.tasksFrom !== undefined && tasksFile === undefined) {
    throw errorAt(src, 'playbook', at, `role "${ref.name}" has no tasks file "${ref.tasksFrom}" (looked for ${join(dir, 'tasks', ref.tasksFrom)}.yml and .yaml)`, {
      hint: `tasks_from names a file of ${join(dir, 'tasks')}, without its extension`,
    });
  }
  const tasksSrc = tasksFile ? readTaskList(tasksFile) : undefined;
  addHandlers(dir, session, down);
  return {
    ...down,
    name: ref.name,
    source: locate(src, at).source,
    kind: 'block',
    block: [...deps, ...(tasksSrc ? loadTasks(tasksSrc, [], tasksSrc.data, session.modules, down, [], session.collect, inner) : [])],
    rescue: [],
    always: [],
  };
}

/** A `roles:` or `dependencies:` entry → its reference and the keywords it passes down. */
export function roleEntry(src: YamlSource, at: YamlPath, raw: unknown): { ref: RoleRef; keywords: Record<string, unknown> } {
  check(roleEntrySchema, raw, { src, code: 'playbook', at, name: () => 'role' });
  if (typeof raw === 'string') return { ref: { name: raw, params: {}, once: true }, keywords: {} };
  const entry = raw as Record<string, unknown>;
  const name = entry.role ?? entry.name;
  if (typeof name !== 'string') {
    throw errorAt(src, 'playbook', at, 'a role entry needs "role:" (or "name:")', { hint: 'e.g. - { role: web, vars: { port: 8080 } }' });
  }
  const keywords: Record<string, unknown> = {};
  const params: Vars = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'role' || k === 'name') continue;
    if (k in ROLE_ENTRY_KEYWORDS) keywords[k] = v;
    else params[k] = v as Vars[string]; // Ansible's older form: other keys are the role's parameters.
  }
  for (const [k, schema] of Object.entries(ROLE_ENTRY_KEYWORDS)) {
    if (keywords[k] !== undefined) check(schema, keywords[k], { src, code: 'playbook', at: [...at, k], name: () => `role "${k}"` });
  }
  return { ref: { name, params: { ...params, ...((keywords.vars ?? {}) as Vars) }, once: true }, keywords };
}

// meta/main.yml dependencies: each runs before the role, once per play unless its parameters differ.
function dependencies(dir: string, session: LoadSession, inherited: Inherited): BlockTask[] {
  const file = roleFile(dir, 'meta', 'main');
  if (!file) return [];
  const src = readYamlFile(file, 'role meta file');
  const deps = (src.data as { dependencies?: unknown } | null)?.dependencies;
  if (deps === undefined || deps === null) return [];
  if (!Array.isArray(deps)) {
    throw errorAt(src, 'playbook', ['dependencies'], `dependencies must be a list of roles, got ${typeOf(deps)}`, { hint: 'dependencies: [common, { role: web, vars: {...} }]' });
  }
  // A dependency runs with the parent's when and tags, not its role or parameters.
  const base: Inherited = { ...inherited, vars: {}, role: undefined };
  return deps.flatMap((raw, i) => {
    const { ref, keywords } = roleEntry(src, ['dependencies', i], raw);
    const down = commonOf(src, ['dependencies', i], keywords, base);
    const block = loadRole(ref, session, src, ['dependencies', i], down);
    return block ? [block] : [];
  });
}

// A role's handlers join the play's handlers, once per role.
function addHandlers(dir: string, session: LoadSession, inherited: Inherited): void {
  if (session.handlerRoles.has(dir)) return;
  session.handlerRoles.add(dir);
  const file = roleFile(dir, 'handlers', 'main');
  if (!file) return;
  const src = readTaskList(file);
  const base: Inherited = { ...inherited, when: [], tags: [] };
  ((src.data ?? []) as Record<string, unknown>[]).forEach((raw, i) => session.handlers.push(loadHandler(src, [i], raw, session.modules, base)));
}

/** ROLE/<kind>/<name>.yml or .yaml (or the name as given, with its extension). */
export function roleFile(dir: string, kind: string, name: string): string | undefined {
  const base = join(dir, kind, name);
  return [base, `${base}.yml`, `${base}.yaml`].find((p) => /\.ya?ml$/.test(p) && existsSync(p) && statSync(p).isFile());
}

function varsIn(dir: string, kind: 'defaults' | 'vars'): Vars {
  const file = roleFile(dir, kind, 'main');
  if (!file) return {};
  const src = readYamlFile(file, `role ${kind} file`);
  if (src.data === null) return {};
  check(varsSchema, src.data, { src, code: 'playbook', at: [], name: () => `${kind}/main of role` });
  return src.data as Vars;
}

export function readTaskList(file: string): YamlSource {
  const src = readYamlFile(file, 'task file');
  if (src.data !== null && !Array.isArray(src.data)) {
    throw new RunbookError('playbook', `task file ${file} must be a list of tasks, got ${typeOf(src.data)}`, { source: { file, line: 1, col: 1 }, hint: 'start it with "- name: …"' });
  }
  return src;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
