// Tasks that reach beyond their file. import_role is static: the role's tasks
// are loaded now, as a block. include_tasks, include_role and include_vars are
// dynamic: loaded now is only the include itself (its when and loop); what it
// names is read on each host when the run gets there (loadIncluded,
// readIncludedVars), and errors in it name that file and line.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Handler, IncludeTask, Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { loadRole, readTaskList, type RoleRef } from './roles.js';
import { nearest } from './suggest.js';
import { ROOT, type Ctx, type Inherited, type LoadSession, type ParsedFiles } from './load-context.js';
import { loadTasks } from './task.js';
import { checkKeywords, commonOf } from './task-common.js';
import { keyValueWords } from './module-args.js';
import { loopOf } from './task-loop.js';
import { handlerNotFound } from './handlers.js';
import { readVarsFile } from './vars-files.js';
import { errorAt, readYamlFile, type YamlPath } from './yaml-source.js';
import { INCLUDE_KEYWORDS } from '../schema/include-keywords.js';
import { COMMON_KEYWORDS } from '../schema/playbook.js';

/** A fresh session for one play (see LoadSession). */
export function playSession(
  modules: ModuleCatalog,
  playDir: string,
  rolesPath: readonly string[],
  collect?: (e: RunbookError) => void,
  parsedImports?: ParsedFiles,
): LoadSession {
  return {
    parsedImports,
    modules,
    collect,
    playDir,
    rolesPath,
    handlers: [],
    handlerRoles: new Set(),
    rolesRun: new Map(),
    exports: { defaults: {}, vars: {} },
    roleNames: { play: [], all: [] },
    roleChain: [],
    loadInclude,
  };
}

function loadInclude(
  key: string,
  ctx: Ctx,
  path: YamlPath,
  written: Record<string, unknown>,
  inherited: Inherited,
): Task {
  const { src } = ctx;
  const raw = roleWords(ctx, path, key, written);
  const session = ctx.session as LoadSession;
  const keywords = INCLUDE_KEYWORDS[key] as Readonly<Record<string, object>>;
  for (const k of Object.keys(raw)) {
    if (k in keywords) continue;
    const guess = nearest(k, Object.keys(keywords));
    throw errorAt(
      src,
      'playbook',
      [...path, k],
      `unknown key "${k}" beside ${key}${guess ? `; did you mean "${guess}"?` : ''}`,
      {
        key: true,
        hint: `${key} takes: ${Object.keys(keywords).join(', ')}`,
      },
    );
  }
  checkKeywords(src, path, raw, keywords);
  const common = commonOf(src, path, raw, inherited);
  const value = raw[key];
  if (key === 'import_role') {
    // An imported role always runs; its dependencies run once per play. Its variables are the play's, as Ansible 2.14's.
    const block = loadRole(
      { ...roleRef(value as RoleSpec), once: false, exported: true },
      session,
      src,
      [...path, key, 'name'],
      common,
    );
    return block as Task;
  }
  const { loop, loopWith, loopVar, indexVar, loopExtended } = loopOf(src, path, raw);
  const base = {
    ...common,
    kind: 'include' as const,
    loop,
    loopWith,
    loopVar,
    indexVar,
    loopExtended,
    baseDir: dirname(src.file),
    at: [...path],
    outerTags: inherited.tags,
    session: frozen(session),
  };
  if (key === 'include_role') {
    const ref = roleRef(value as RoleSpec);
    // A role named as it is: found now (a missing one is a load error), and its handlers join the play.
    if (!ref.name.includes('{{'))
      loadRole(
        { ...ref, once: false, exported: false },
        { ...session, rolesRun: new Map() },
        src,
        [...path, key, 'name'],
        common,
      );
    return {
      ...base,
      action: 'include_role',
      target: ref.name,
      tasksFrom: ref.tasksFrom,
      roleFrom: ref,
      apply: (value as { apply?: Record<string, unknown> }).apply,
    };
  }
  if (key === 'include_vars') {
    const spec =
      typeof value === 'string' ? { file: value } : (value as { file?: string; dir?: string; name?: string });
    if ((spec.file === undefined) === (spec.dir === undefined)) {
      throw errorAt(src, 'playbook', [...path, key], 'include_vars takes one of "file" or "dir"', {
        hint: 'include_vars: vars/main.yaml, or include_vars: { dir: vars }',
      });
    }
    return {
      ...base,
      action: 'include_vars',
      target: spec.file ?? spec.dir ?? '',
      dir: spec.dir !== undefined,
      varsName: spec.name,
    };
  }
  const file = typeof value === 'string' ? value : (value as { file: string }).file;
  return {
    ...base,
    action: 'include_tasks',
    target: file,
    apply: typeof value === 'string' ? undefined : (value as { apply?: Record<string, unknown> }).apply,
  };
}

// `import_role: name=web tasks_from=install` (and include_role) as Ansible reads it: the words are the mapping.
function roleWords(ctx: Ctx, path: YamlPath, key: string, raw: Record<string, unknown>): Record<string, unknown> {
  const value = raw[key];
  if ((key !== 'import_role' && key !== 'include_role') || typeof value !== 'string') return raw;
  const words = keyValueWords(value);
  if (words) return { ...raw, [key]: words };
  throw errorAt(ctx.src, 'playbook', [...path, key], `${key} takes name=ROLE (or a mapping), not "${value}"`, {
    hint: `write "${key}: name=${value.split(/\s+/)[0]}" or "${key}: {name: ${value.split(/\s+/)[0]}}" (ansible-playbook 2.14 refuses a bare name too)`,
  });
}

type RoleSpec = {
  name: string;
  tasks_from?: string;
  vars_from?: string;
  defaults_from?: string;
  handlers_from?: string;
};

function roleRef(
  spec: RoleSpec,
): Pick<RoleRef, 'name' | 'tasksFrom' | 'varsFrom' | 'defaultsFrom' | 'handlersFrom' | 'params'> {
  return {
    name: spec.name,
    tasksFrom: spec.tasks_from,
    varsFrom: spec.vars_from,
    defaultsFrom: spec.defaults_from,
    handlersFrom: spec.handlers_from,
    params: {},
  };
}

// What a run-time load needs of the play's session: where roles are.
function frozen(session: LoadSession): IncludeTask['session'] {
  return { playDir: session.playDir, rolesPath: session.rolesPath };
}

/**
 * The tasks an include brings in on a host, loaded when the run reaches it.
 * `target` is the rendered file or role name; `vars` the include's vars with
 * the loop item. As in Ansible, the include's own when and tags stay with it
 * (the play's and enclosing blocks' tags reach the included tasks).
 */
export function loadIncluded(
  task: IncludeTask,
  target: string,
  vars: Vars,
  modules: ModuleCatalog,
  playHandlers: readonly Handler[],
): Task[] {
  const session = playSession(modules, task.session.playDir, task.session.rolesPath);
  const outer: Inherited = { ...ROOT, ...task, when: [], tags: task.outerTags, params: { ...task.params, ...vars } };
  // apply: keywords for the included tasks, read where the include writes them (checked as a task's are).
  const inherited = task.apply ? appliedKeywords(task, task.apply, outer) : outer;
  if (task.action === 'include_role') {
    // The role's handlers joined the play when it loaded (a role named by a template brings none).
    const block = loadRole(
      { ...task.roleFrom, name: target, params: {}, once: false, exported: false },
      session,
      readYamlFile(task.source.file, 'task file'),
      task.at,
      { ...inherited, role: undefined },
    );
    return block ? [block] : [];
  }
  const file = includedFile(task, target);
  if (!existsSync(file)) {
    throw new RunbookError('playbook', `task file ${target} not found (looked for ${file})`, {
      source: task.source,
      hint: `include_tasks paths are relative to the file that includes them (${task.baseDir})`,
    });
  }
  const src = readTaskList(file);
  const tasks = loadTasks(src, [], src.data, modules, inherited, [], undefined, session);
  checkNotify(tasks, [...playHandlers, ...session.handlers]);
  return tasks;
}

function appliedKeywords(task: IncludeTask, apply: Record<string, unknown>, outer: Inherited): Inherited {
  const src = readYamlFile(task.source.file, 'task file');
  const at = [...task.at, task.action, 'apply'];
  checkKeywords(src, at, apply, COMMON_KEYWORDS);
  return commonOf(src, at, apply, outer);
}

// Beside the including file; in a role, its tasks/ next (a role's handler includes files of tasks/, as in Ansible).
function includedFile(task: IncludeTask, target: string): string {
  if (isAbsolute(target)) return target;
  const own = resolve(task.baseDir, target);
  const inRole = task.role ? resolve(task.role.dir, 'tasks', target) : own;
  return !existsSync(own) && existsSync(inRole) ? inRole : own;
}

// A notify inside an included file is checked when the file is read.
function checkNotify(tasks: readonly Task[], handlers: readonly Handler[]): void {
  const known = new Set(handlers.flatMap((h) => [...(h.name === undefined ? [] : [h.name]), ...h.listen]));
  for (const t of tasks) {
    if (t.kind === 'block') checkNotify([...t.block, ...t.rescue, ...t.always], handlers);
    if (t.kind !== 'module') continue;
    const missing = t.notify.find((n) => !known.has(n));
    if (missing !== undefined) {
      throw new RunbookError('playbook', handlerNotFound(missing), {
        source: t.source,
        hint: known.size > 0 ? `handlers: ${[...known].join(', ')}` : 'add it under the play\'s "handlers:"',
      });
    }
  }
}

/** include_vars on a host: the variables of the file (or of every file of the directory, by name). */
export function readIncludedVars(task: IncludeTask, target: string): Vars {
  const path = findVarsPath(task, target);
  const files = task.dir ? filesIn(path) : [path];
  // A later file's value wins, as with spreading them in turn.
  const vars: Vars = Object.fromEntries(files.flatMap((f) => Object.entries(readVarsFile(f))));
  return task.varsName ? { [task.varsName]: vars } : vars;
}

// As Ansible looks: the role's vars/, then vars/ beside the including file, the file's own directory, the playbook's.
function findVarsPath(task: IncludeTask, target: string): string {
  if (isAbsolute(target)) return target;
  const dirs = [
    ...(task.role ? [join(task.role.dir, 'vars'), task.role.dir] : []),
    join(task.baseDir, 'vars'),
    task.baseDir,
    join(task.session.playDir, 'vars'),
    task.session.playDir,
  ];
  const candidates = [...new Set(dirs.map((d) => resolve(d, target)))];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new RunbookError(
    'playbook',
    `vars ${task.dir ? 'directory' : 'file'} ${target} not found; looked in ${candidates.join(', ')}`,
    {
      source: task.source,
      hint: "include_vars paths are relative to the role's vars/, or to the file that holds the task",
    },
  );
}

function filesIn(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}
