// Roles as Ansible lays them out: ROLE/tasks/main.yml, handlers/main.yml,
// defaults/main.yml, vars/main.yml (or main/ directories of files), meta/main.yml
// (dependencies), templates/ and files/. A role becomes a block of its
// dependencies' tasks then its own, each task carrying the role (its defaults,
// vars and directory). As with Ansible's default private_role_vars = false, the
// defaults and vars of the play's roles (and of import_role) are the play's too.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import { ROLE_ENTRY_KEYWORDS, roleEntrySchema } from '../schema/playbook.js';
import { varsSchema } from '../schema/vars.js';
import type { BlockTask, RoleContext } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { holdsTemplate, renderValue } from '../vars/render-value.js';
import { typeOf } from './suggest.js';
import type { Inherited, LoadSession } from './load-context.js';
import { loadHandlers } from './handlers.js';
import { loadTasks } from './task.js';
import { commonOf, varsMapping } from './task-common.js';
import { check } from './validate.js';
import { errorAt, locate, readYamlFile, type YamlPath, type YamlSource } from './yaml-source.js';

/** A reference to a role, as a play, a dependency or import_role/include_role writes it. */
export interface RoleRef {
  name: string;
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  /** The role's parameters: above set_fact (Ansible's role params), for its tasks and its dependencies'. */
  params: Vars;
  /** The entry's `vars:` (role vars, below set_fact; they reach its tasks as block vars): they tell runs apart too. */
  vars?: Vars;
  /** Play `roles:` and dependencies run a role once per play unless its parameters differ; import/include always run it. */
  once: boolean;
  /** Its defaults and vars reach the whole play (play roles, their dependencies, import_role); include_role's do not. */
  exported: boolean;
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
export function loadRole(
  ref: RoleRef,
  session: LoadSession,
  src: YamlSource,
  at: YamlPath,
  inherited: Inherited,
): BlockTask | undefined {
  return roleAndBlock(ref, session, src, at, inherited).block;
}

/** The role's variables (with those of its dependencies), and its block unless it has run already. */
function roleAndBlock(
  ref: RoleRef,
  session: LoadSession,
  src: YamlSource,
  at: YamlPath,
  inherited: Inherited,
): { role: RoleContext; block?: BlockTask } {
  const name = roleName(ref.name, session, src, at);
  const dir = findRole(name, session, src, at);
  const key = `${dir}\0${ref.tasksFrom ?? 'main'}\0${ref.varsFrom ?? ''}\0${ref.defaultsFrom ?? ''}\0${JSON.stringify([ref.params, ref.vars ?? {}])}`;
  if (session.roleChain.includes(dir)) {
    throw errorAt(src, 'playbook', at, `role dependency cycle: ${[...session.roleChain, dir].join(' → ')}`, {
      hint: 'a role cannot depend on itself, directly or through others: remove one of the dependencies in meta/main.yml',
    });
  }
  const ran = session.rolesRun.get(key);
  if (ref.once && ran) return { role: ran };
  const inner: LoadSession = { ...session, roleChain: [...session.roleChain, dir] };
  const deps = dependencies(dir, inner, { ...inherited, role: undefined }, ref.exported, ref.params, ref.vars);
  // A role sees the variables of the roles it depends on, below its own (Ansible's dependency chain).
  const chain = deps.map((d) => d.role);
  const own = {
    defaults: varsIn(dir, 'defaults', ref.defaultsFrom, src, at),
    vars: varsIn(dir, 'vars', ref.varsFrom, src, at),
  };
  const role: RoleContext = {
    name: basename(dir),
    dir,
    searchDirs: [dir, ...[...session.roleChain].reverse()],
    defaults: Object.assign({}, ...chain.map((r) => r.defaults), own.defaults) as Vars,
    // The entry's `vars:` sit just below the role's vars/main.yml (ansible-core 2.14).
    vars: Object.assign({}, ...chain.map((r) => r.vars), ref.vars, own.vars) as Vars,
  };
  if (ref.once) session.rolesRun.set(key, role);
  if (ref.exported) {
    const names = session.roleNames;
    if (session.roleChain.length === 0 && !names.play.includes(role.name)) names.play.push(role.name);
    if (!names.all.includes(role.name)) names.all.push(role.name);
    Object.assign(session.exports.defaults, own.defaults);
    Object.assign(session.exports.vars, own.vars);
  }
  const down: Inherited = { ...inherited, params: { ...inherited.params, ...ref.params }, role };
  const tasksFile = fromFile(dir, 'tasks', ref.tasksFrom, src, at);
  const tasksSrc = tasksFile ? readTaskList(tasksFile) : undefined;
  addHandlers(dir, fromFile(dir, 'handlers', ref.handlersFrom, src, at), session, down);
  const block: BlockTask = {
    ...down,
    name,
    source: locate(src, at).source,
    kind: 'block',
    block: [
      ...deps.flatMap((d) => d.block ?? []),
      ...(tasksSrc ? loadTasks(tasksSrc, [], tasksSrc.data, session.modules, down, [], session.collect, inner) : []),
    ],
    rescue: [],
    always: [],
    // A dependency of a role include_role brings in is loaded on its own: the run skips it where it ran already.
    ...(ref.once ? { onceKey: key } : {}),
  };
  return { role, block };
}

// ROLE/<kind>/<name or main>; a file named by tasks_from (vars_from, …) that is not there is an error at the reference.
function fromFile(
  dir: string,
  kind: string,
  name: string | undefined,
  src: YamlSource,
  at: YamlPath,
): string | undefined {
  const file = roleFile(dir, kind, name ?? 'main');
  if (name !== undefined && file === undefined) {
    throw errorAt(
      src,
      'playbook',
      at,
      `role "${basename(dir)}" has no ${kind} file "${name}" (looked for ${join(dir, kind, name)}.yml and .yaml)`,
      {
        hint: `${kind}_from names a file of ${join(dir, kind)}, without its extension`,
      },
    );
  }
  return file;
}

/** A `roles:` or `dependencies:` entry → its reference and the keywords it passes down. */
export function roleEntry(
  src: YamlSource,
  at: YamlPath,
  raw: unknown,
): { ref: RoleRef; keywords: Record<string, unknown> } {
  check(roleEntrySchema, raw, { src, code: 'playbook', at, name: () => 'role' });
  if (typeof raw === 'string') return { ref: { name: raw, params: {}, once: true, exported: true }, keywords: {} };
  const entry = raw as Record<string, unknown>;
  const name = entry.role ?? entry.name;
  if (typeof name !== 'string') {
    throw errorAt(src, 'playbook', at, 'a role entry needs "role:" (or "name:")', {
      hint: 'e.g. - { role: web, vars: { port: 8080 } }',
    });
  }
  const keywords: Record<string, unknown> = {};
  const params: Vars = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'role' || k === 'name') continue;
    if (k in ROLE_ENTRY_KEYWORDS) keywords[k] = v;
    else params[k] = v as Vars[string]; // Ansible's older form: other keys are the role's parameters.
  }
  for (const [k, schema] of Object.entries(ROLE_ENTRY_KEYWORDS)) {
    if (keywords[k] !== undefined)
      check(schema, keywords[k], { src, code: 'playbook', at: [...at, k], name: () => `role "${k}"` });
  }
  return {
    ref: { name, params, vars: varsMapping(keywords.vars), once: true, exported: true },
    keywords,
  };
}

// meta/main.yml dependencies: each runs before the role, once per play unless its parameters differ.
function dependencies(
  dir: string,
  session: LoadSession,
  inherited: Inherited,
  exported: boolean,
  params: Vars,
  parentVars: Vars = {},
): { role: RoleContext; block?: BlockTask }[] {
  const file = roleFile(dir, 'meta', 'main');
  if (!file) return [];
  const src = readYamlFile(file, 'role meta file');
  const deps = (src.data as { dependencies?: unknown } | null)?.dependencies;
  if (deps === undefined || deps === null) return [];
  if (!Array.isArray(deps)) {
    throw errorAt(src, 'playbook', ['dependencies'], `dependencies must be a list of roles, got ${typeOf(deps)}`, {
      hint: 'dependencies: [common, { role: web, vars: {...} }]',
    });
  }
  // A dependency runs with the parent's when and tags, not its role; it sees the parameters of the
  // roles that depend on it (Ansible's get_role_params along the dependency chain), below its own.
  const base: Inherited = {
    ...inherited,
    vars: { ...inherited.vars, ...parentVars },
    params: { ...inherited.params, ...params },
    role: undefined,
  };
  return deps.flatMap((raw, i) => {
    const { ref, keywords } = roleEntry(src, ['dependencies', i], raw);
    const down = commonOf(src, ['dependencies', i], withoutVars(keywords), base);
    return roleAndBlock({ ...ref, exported }, session, src, ['dependencies', i], down);
  });
}

// A role's handlers join the play's handlers, once per role and file. Each also
// answers to "ROLE : name", as Ansible lets a task notify a role's handler.
function addHandlers(dir: string, file: string | undefined, session: LoadSession, inherited: Inherited): void {
  const key = `${dir}\0${file ?? ''}`;
  if (session.handlerRoles.has(key)) return;
  session.handlerRoles.add(key);
  if (!file) return;
  const src = readTaskList(file);
  const base: Inherited = { ...inherited, when: [], tags: [] };
  for (const handler of loadHandlers({ src, modules: session.modules, session }, [], src.data, base)) {
    const roleName = handler.name === undefined ? [] : [`${basename(dir)} : ${handler.name}`];
    session.handlers.push({ ...handler, listen: [...handler.listen, ...roleName] });
  }
}

/** ROLE/<kind>/<name>.yml or .yaml (or the name as given, with its extension). */
export function roleFile(dir: string, kind: string, name: string): string | undefined {
  const base = join(dir, kind, name);
  return [base, `${base}.yml`, `${base}.yaml`].find((p) => /\.ya?ml$/.test(p) && existsSync(p) && statSync(p).isFile());
}

// defaults/main.yml, or every file of a defaults/main/ directory (and below it) in name order, later files winning.
function varsIn(
  dir: string,
  kind: 'defaults' | 'vars',
  from: string | undefined,
  at: YamlSource,
  path: YamlPath,
): Vars {
  const main = join(dir, kind, from ?? 'main');
  const files = isDir(main)
    ? filesUnder(main)
    : [fromFile(dir, kind, from, at, path)].filter((f): f is string => f !== undefined);
  return Object.assign(
    {},
    ...files.map((file) => {
      const src = readYamlFile(file, `role ${kind} file`);
      if (src.data === null) return {};
      check(varsSchema, src.data, { src, code: 'playbook', at: [], name: () => `${kind} file of role` });
      return src.data as Vars;
    }),
  ) as Vars;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) =>
      e.isDirectory()
        ? filesUnder(join(dir, e.name))
        : /\.(ya?ml|json)$|^[^.]+$/.test(e.name)
          ? [join(dir, e.name)]
          : [],
    );
}

export function readTaskList(file: string): YamlSource {
  const src = readYamlFile(file, 'task file');
  if (src.data !== null && !Array.isArray(src.data)) {
    throw new RunbookError('playbook', `task file ${file} must be a list of tasks, got ${typeOf(src.data)}`, {
      source: { file, line: 1, col: 1 },
      hint: 'start it with "- name: …"',
    });
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

/** A role entry's keywords without its `vars:`, which are the role's variables (RoleRef.vars), not block vars. */
export function withoutVars(keywords: Record<string, unknown>): Record<string, unknown> {
  const { vars: _vars, ...rest } = keywords;
  return rest;
}

/** A role name written as a template, rendered with the play's variables (no host's): Ansible names roles at load time. */
function roleName(name: string, session: LoadSession, src: YamlSource, at: YamlPath): string {
  if (!holdsTemplate(name) || !session.loadVars) return name;
  return String(renderValue(name, session.loadVars, locate(src, at).source));
}
