// One task mapping → a Task: a block (`block:` with rescue/always) or a module
// task (exactly one module key). Keywords are checked against their schemas,
// conditions are parsed now so a typo fails before any host is touched, and
// what a block says (when, tags, …) is passed down to the tasks inside it.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  BLOCK_KEYWORDS,
  HANDLER_KEYWORDS,
  IMPORT_KEYWORDS,
  PLANNED_TASK_KEYWORDS,
  TASK_KEYWORDS,
} from '../schema/playbook.js';
import type { ModuleCatalog, ModuleSpec } from '../types/module-catalog.js';
import type { Condition, Handler, MetaAction, ModuleTask, RoleContext, Task, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { checkCondition } from '../vars/condition/index.js';
import { RunbookError, errorsOf, inSourceOrder, throwAll, type TextOrigin } from '../errors.js';
import { nearest, typeOf } from './suggest.js';
import { check, checkAll, simpleName } from './validate.js';
import { errorAt, locate, readYamlFile, valueOrigin } from './yaml-source.js';
import { templatedLeaves } from './template-origins.js';
import { moduleArgs } from './module-args.js';
import { LOOP_KEYWORDS, loopOf } from './task-loop.js';
import { closestModule, runbookModule } from './module-names.js';
import { moduleDefaultsOf, withModuleDefaults } from './module-defaults.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** What enclosing blocks (and the play) pass down. */
export type Inherited = Pick<
  TaskCommon,
  | 'when'
  | 'tags'
  | 'ignoreErrors'
  | 'delegateTo'
  | 'runOnce'
  | 'checkMode'
  | 'timeout'
  | 'noLog'
  | 'vars'
  | 'become'
  | 'becomeUser'
  | 'environment'
  | 'environmentLayers'
  | 'role'
  | 'moduleDefaults'
  | 'throttle'
>;

export const ROOT: Inherited = {
  when: [],
  tags: [],
  ignoreErrors: false,
  runOnce: false,
  noLog: false,
  vars: {},
  environment: {},
};

/**
 * Given, a task that fails to load is handed to it and left out, and loading
 * goes on (`runbook validate` reports every error); without, the first throws.
 */
export type CollectErrors = (err: RunbookError) => void;

/**
 * What loading one play shares: where roles are found, the handlers its roles
 * bring, the roles it already has (a role runs once per play), and the loader
 * of the tasks that reach beyond their file (includes, import_role).
 */
export interface LoadSession {
  modules: ModuleCatalog;
  collect?: CollectErrors;
  /** Directory of the playbook file that holds the play. */
  playDir: string;
  /** --roles-path and RUNBOOK_ROLES_PATH, after the playbook's roles/. */
  rolesPath: readonly string[];
  /** Handlers of the play's roles, in the order the roles load. */
  handlers: Handler[];
  handlerRoles: Set<string>;
  /** Roles (directory, files, parameters) the play runs already, with their variables. */
  rolesRun: Map<string, RoleContext>;
  /** The defaults and vars of the play's roles and imported roles: the play's too (private_role_vars = false). */
  exports: { defaults: Vars; vars: Vars };
  /** Roles being loaded, outermost first: a dependency cycle is an error. */
  roleChain: readonly string[];
  /** Loads include_tasks, include_role, include_vars and import_role (parse/includes.ts). */
  loadInclude: (key: string, ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited) => Task;
}

/** Task keys that another loader handles. */
export const INCLUDE_KEYS: readonly string[] = ['include_tasks', 'include_role', 'import_role', 'include_vars'];

export interface Ctx {
  src: YamlSource;
  modules: ModuleCatalog;
  /** Task files being imported, outermost first: an import cycle is an error. */
  importing?: readonly string[];
  collect?: CollectErrors;
  session?: LoadSession;
}

export function loadTasks(
  src: YamlSource,
  path: YamlPath,
  raw: unknown,
  modules: ModuleCatalog,
  inherited: Inherited,
  importing: readonly string[] = [],
  collect?: CollectErrors,
  session?: LoadSession,
): Task[] {
  const list = (raw ?? []) as Record<string, unknown>[];
  return list.flatMap((t, i) =>
    collecting(
      collect,
      () => [loadTask({ src, modules, importing, collect, session }, [...path, i], t, inherited)],
      [],
    ),
  );
}

/** `f()`, or with a collector, `fallback` after handing it f's RunbookError. */
export function collecting<T>(collect: CollectErrors | undefined, f: () => T, fallback: T): T {
  if (!collect) return f();
  try {
    return f();
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    for (const e of errorsOf(err)) collect(e);
    return fallback;
  }
}

export function loadHandler(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  modules: ModuleCatalog,
  inherited: Inherited,
): Handler {
  const task = loadModuleTask({ src, modules }, path, raw, inherited, HANDLER_KEYWORDS);
  if (task.name === undefined) {
    throw errorAt(src, 'playbook', path, 'a handler needs a name', {
      hint: 'tasks notify handlers by name: add "name: restart containerd"',
    });
  }
  return { ...task, name: task.name, listen: list(raw.listen) };
}

/** `ansible.builtin.import_tasks` and friends: the short name, as runbook knows it (a value's position falls back to its task). */
export function shortKeywords(raw: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const long = Object.keys(raw).filter(
    (k) => /^ansible\.(builtin|legacy)\./.test(k) && names.includes(k.replace(/^ansible\.(builtin|legacy)\./, '')),
  );
  if (long.length === 0) return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [long.includes(k) ? k.replace(/^ansible\.(builtin|legacy)\./, '') : k, v]),
  );
}

function loadTask(ctx: Ctx, path: YamlPath, written: Record<string, unknown>, inherited: Inherited): Task {
  const raw = shortKeywords(written, ['import_tasks', ...INCLUDE_KEYS]);
  if ('block' in raw) return loadBlock(ctx, path, raw, inherited);
  if ('import_tasks' in raw) return loadImport(ctx, path, raw, inherited);
  const include = INCLUDE_KEYS.find((k) => k in raw);
  if (include && ctx.session) return ctx.session.loadInclude(include, ctx, path, raw, inherited);
  const task = loadModuleTask(ctx, path, raw, inherited, TASK_KEYWORDS);
  // meta is checked as a module (its schema lists the actions), and run by the engine as a kind of its own.
  if (task.module !== 'meta') return task;
  return { ...commonOf(ctx.src, path, raw, inherited), kind: 'meta', action: task.args.action as MetaAction };
}

function loadBlock(ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited): Task {
  const { src } = ctx;
  for (const key of Object.keys(raw)) {
    if (key in BLOCK_KEYWORDS) continue;
    const hint = `a block takes: ${Object.keys(BLOCK_KEYWORDS).join(', ')}`;
    if (runbookModule(key, ctx.modules)) {
      throw errorAt(
        src,
        'playbook',
        [...path, key],
        `a block cannot also run a module ("${key}"); put it in a task inside the block`,
        { key: true, hint },
      );
    }
    const guess = nearest(key, Object.keys(BLOCK_KEYWORDS));
    throw errorAt(
      src,
      'playbook',
      [...path, key],
      `unknown key "${key}" in block${guess ? `; did you mean "${guess}"?` : ''}`,
      { key: true, hint },
    );
  }
  checkKeywords(src, path, raw, BLOCK_KEYWORDS);
  const common = commonOf(src, path, raw, inherited);
  const down: Inherited = { ...common, when: common.when, vars: common.vars };
  return {
    ...common,
    kind: 'block',
    block: loadTasks(src, [...path, 'block'], raw.block, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
    rescue: loadTasks(src, [...path, 'rescue'], raw.rescue, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
    always: loadTasks(src, [...path, 'always'], raw.always, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
  };
}

// A static import: the file's tasks become a block, so its keywords pass down the same way.
function loadImport(ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited): Task {
  const { src } = ctx;
  for (const key of Object.keys(raw)) {
    if (key in IMPORT_KEYWORDS) continue;
    const guess = nearest(key, Object.keys(IMPORT_KEYWORDS));
    throw errorAt(
      src,
      'playbook',
      [...path, key],
      `unknown key "${key}" beside import_tasks${guess ? `; did you mean "${guess}"?` : ''}`,
      {
        key: true,
        hint: `import_tasks takes: ${Object.keys(IMPORT_KEYWORDS).join(', ')}`,
      },
    );
  }
  checkKeywords(src, path, raw, IMPORT_KEYWORDS);
  const name = raw.import_tasks as string;
  const file = isAbsolute(name) ? name : resolve(dirname(src.file), name);
  const at = [...path, 'import_tasks'];
  if (!existsSync(file)) {
    throw errorAt(src, 'playbook', at, `task file ${name} not found (looked for ${file})`, {
      hint: `import_tasks paths are relative to the file that imports them (${dirname(src.file)})`,
    });
  }
  const chain = [...(ctx.importing ?? []), src.file];
  if (chain.includes(file))
    throw errorAt(src, 'playbook', at, `import cycle: ${[...chain, file].join(' → ')}`, {
      hint: 'a task file cannot import itself, directly or through others',
    });
  const imported = readYamlFile(file, 'playbook');
  if (imported.data !== null && !Array.isArray(imported.data)) {
    throw new RunbookError('playbook', `task file ${file} must be a list of tasks, got ${typeOf(imported.data)}`, {
      source: { file, line: 1, col: 1 },
      hint: 'start it with "- name: …"',
    });
  }
  const common = commonOf(src, path, raw, inherited);
  return {
    ...common,
    kind: 'block',
    block: loadTasks(imported, [], imported.data, ctx.modules, common, chain, ctx.collect, ctx.session),
    rescue: [],
    always: [],
  };
}

function loadModuleTask(
  ctx: Ctx,
  path: YamlPath,
  raw: Record<string, unknown>,
  inherited: Inherited,
  keywords: Readonly<Record<string, object>>,
): ModuleTask {
  const { src, modules } = ctx;
  const keys = Object.keys(raw);
  // Every fault of the task is found before it is refused (validate reports each).
  const errors = keys
    .filter((k) => !(k in keywords) && !runbookModule(k, modules))
    .map((k) => unknownKey(src, [...path, k], k, modules, keywords));
  const gather = (f: () => void): void => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof RunbookError)) throw err;
      errors.push(...errorsOf(err));
    }
  };
  const found = keys.filter((k) => runbookModule(k, modules));
  if (found.length !== 1) {
    // An unknown key may be the module's name misspelt: "no module" would say it twice.
    if (found.length > 1 || errors.length === 0) gather(() => singleModule(src, path, keys, modules));
    throwAll(errors);
  }
  const key = found[0] as string;
  const module = runbookModule(key, modules) as string;
  const spec = modules.get(module) as ModuleSpec;
  const before = errors.length;
  gather(() => checkKeywords(src, path, raw, keywords));
  const keywordsHold = errors.length === before;
  let args: Record<string, unknown> = {};
  gather(() => {
    // What the task says wins over module_defaults (its own, its blocks', its role's, its play's).
    const defaults = moduleDefaultsOf(src, path, raw, inherited.moduleDefaults);
    args = withModuleDefaults(
      defaults,
      module,
      modules,
      moduleArgs({ src, path, key, module }, spec, raw[key], raw.args),
    );
    check(spec.schema, args, { src, code: 'schema', at: [...path, key], name: simpleName(key), keyWord: 'argument' });
  });
  // Conditions and loops are read once their keywords have the right shape; their errors join the others.
  let task: ModuleTask | undefined;
  if (keywordsHold) gather(() => (task = moduleTask(src, path, raw, inherited, key, module, args)));
  throwAll(inSourceOrder(errors));
  return task as ModuleTask;
}

function moduleTask(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  inherited: Inherited,
  key: string,
  module: string,
  args: Record<string, unknown>,
): ModuleTask {
  return {
    ...commonOf(src, path, raw, inherited),
    kind: 'module',
    module,
    args,
    argOrigins: argOrigins(src, [...path, key], raw[key], args),
    register: raw.register as string | undefined,
    ...loopOf(src, path, raw),
    until: condition(src, path, raw, 'until'),
    // Ansible's defaults: 3 retries, 5 s apart, when `until` is given.
    retries: (raw.retries as number | string | undefined) ?? 3,
    delay: (raw.delay as number | string | undefined) ?? 5,
    changedWhen: condition(src, path, raw, 'changed_when'),
    failedWhen: condition(src, path, raw, 'failed_when'),
    notify: list(raw.notify),
    delegateFacts: raw.delegate_facts === true ? true : undefined,
  };
}

// Each templated argument: where it is written under the module key or `args:`, or
// inside the module's free-form string (`command: echo {{ x }}`).
function argOrigins(
  src: YamlSource,
  at: YamlPath,
  written: unknown,
  args: Record<string, unknown>,
): Record<string, TextOrigin> | undefined {
  const out: Record<string, TextOrigin> = {};
  for (const { path, text } of templatedLeaves(args)) {
    const origin =
      valueOrigin(src, [...at, ...path]) ??
      valueOrigin(src, [...at.slice(0, -1), 'args', ...path]) ??
      inFreeForm(src, at, written, text);
    if (origin) out[path.join('.')] = origin;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function inFreeForm(src: YamlSource, at: YamlPath, written: unknown, text: string): TextOrigin | undefined {
  if (typeof written !== 'string') return undefined;
  const start = valueOrigin(src, at);
  const offset = written.indexOf(text);
  if (!start || offset < 0 || written.slice(0, offset).includes('\n')) return undefined;
  return { ...start, col: start.col + offset };
}

export function checkKeywords(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  keywords: Readonly<Record<string, object>>,
): void {
  throwAll(
    Object.keys(raw).flatMap((key) => {
      const schema = keywords[key];
      return schema
        ? checkAll(schema, raw[key], { src, code: 'playbook', at: [...path, key], name: () => `task "${key}"` })
        : [];
    }),
  );
}

export function commonOf(src: YamlSource, path: YamlPath, raw: Record<string, unknown>, up: Inherited): TaskCommon {
  const when = condition(src, path, raw, 'when');
  return {
    name: raw.name as string | undefined,
    vars: { ...up.vars, ...((raw.vars ?? {}) as Vars) },
    source: locate(src, path).source,
    when: when ? [...up.when, when] : up.when,
    tags: [...new Set([...up.tags, ...tagList(raw.tags)])],
    ignoreErrors: (raw.ignore_errors as boolean | undefined) ?? up.ignoreErrors,
    // connection: local is delegate_to: localhost (the controller, this host's variables); ssh undoes an outer local.
    delegateTo:
      (raw.delegate_to as string | undefined) ??
      (raw.connection === undefined ? up.delegateTo : raw.connection === 'local' ? 'localhost' : undefined),
    runOnce: (raw.run_once as boolean | string | undefined) ?? up.runOnce,
    checkMode: (raw.check_mode as boolean | undefined) ?? up.checkMode,
    timeout: (raw.timeout as number | string | undefined) ?? up.timeout,
    noLog: (raw.no_log as boolean | string | undefined) ?? up.noLog,
    become: (raw.become as boolean | undefined) ?? up.become,
    becomeUser: (raw.become_user as string | undefined) ?? up.becomeUser,
    ...environmentOf(raw.environment, up),
    role: up.role,
    moduleDefaults: moduleDefaultsOf(src, path, raw, up.moduleDefaults),
    throttle: (raw.throttle as number | undefined) ?? up.throttle,
  };
}

export function condition(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  key: string,
): Condition | undefined {
  if (raw[key] === undefined || raw[key] === null) return undefined;
  const source = locate(src, [...path, key]).source;
  checkCondition(raw[key], source);
  return { value: raw[key], source };
}

// A template (`environment: "{{ proxy_env }}"`) is rendered at run time; from the first
// one on, the layers keep their order, so an inner mapping still overrides an outer template.
function environmentOf(raw: unknown, up: Inherited): Pick<TaskCommon, 'environment' | 'environmentLayers'> {
  if (typeof raw !== 'string' && !up.environmentLayers)
    return { environment: { ...up.environment, ...stringValues(raw) } };
  const layer = typeof raw === 'string' ? raw : stringValues(raw);
  return {
    environment: up.environment,
    environmentLayers: [...(up.environmentLayers ?? []), ...(raw === undefined || raw === null ? [] : [layer])],
  };
}

function stringValues(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/**
 * As Ansible reads `tags:`: a list as it is, a string split at its commas
 * (`tags: web,db`). A template is left whole: the run renders it (engine/tags.ts).
 */
export function tagList(value: unknown): string[] {
  if (typeof value === 'string' && !value.includes('{{'))
    return value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  return list(value);
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function singleModule(src: YamlSource, path: YamlPath, keys: string[], modules: ModuleCatalog): string {
  const found = keys.filter((k) => runbookModule(k, modules));
  if (found.length === 1) return found[0] as string;
  if (found.length === 0) {
    throw errorAt(src, 'playbook', path, `task has no module; add one of: ${[...modules.keys()].join(', ')}`, {
      hint: 'a task is a mapping with one module key, e.g. "- copy: {dest: /etc/motd, content: hi}", or a "block:" of tasks',
    });
  }
  const count = found.length === 2 ? 'two' : found.length === 3 ? 'three' : String(found.length);
  throw errorAt(
    src,
    'playbook',
    [...path, found[1] as string],
    `task has ${count} modules (${found.join(', ')}); split it into ${count} tasks`,
    {
      key: true,
      hint: 'each task runs exactly one module; start a new "- name: …" item for the next one',
    },
  );
}

function unknownKey(
  src: YamlSource,
  at: YamlPath,
  key: string,
  modules: ModuleCatalog,
  keywords: Readonly<Record<string, object>>,
) {
  const names = Object.keys(keywords);
  const known = [...modules.keys()];
  // ansible.builtin.copy and friends: the short name is what runbook knows.
  const short = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : undefined;
  const guess = short !== undefined && modules.has(short) ? short : nearest(key, [...names, ...known]);
  const taskTakes = `a task takes one module and the keywords: ${names.join(', ')}`;
  if (guess !== undefined) {
    const what = modules.has(guess) ? 'module' : 'key';
    return errorAt(src, 'playbook', at, `unknown ${what} "${key}" in task; did you mean "${guess}"?`, {
      key: true,
      hint: taskTakes,
    });
  }
  if (key.startsWith('with_')) {
    return errorAt(src, 'playbook', at, `loop keyword "${key}" is not supported by runbook`, {
      key: true,
      hint: `write it as loop: with a filter (loop: "{{ a | product(b) }}"), or use one of ${LOOP_KEYWORDS.join(', ')}`,
    });
  }
  if (PLANNED_TASK_KEYWORDS.includes(key)) {
    return errorAt(src, 'playbook', at, `task keyword "${key}" is not supported yet`, { key: true, hint: taskTakes });
  }
  return errorAt(
    src,
    'playbook',
    at,
    `module "${key}" is not supported by runbook; the closest it has is "${closestModule(key, modules)}"`,
    {
      key: true,
      hint: `runbook's modules: ${known.join(', ')} (docs/ansible-compatibility.md says what differs)`,
    },
  );
}
