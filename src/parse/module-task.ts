// A task that runs one module: its single module key found (or the fault named:
// none, two, a misspelt one, a with_* loop runbook lacks), its arguments checked
// against the module's schema with module_defaults merged in, and its keywords read.

import { PLANNED_TASK_KEYWORDS } from '../schema/playbook.js';
import type { ModuleCatalog, ModuleSpec } from '../types/module-catalog.js';
import type { MetaAction, MetaTask, ModuleTask } from '../types/playbook.js';
import { RunbookError, errorsOf, inSourceOrder, throwAll, type TextOrigin } from '../errors.js';
import type { Ctx, Inherited } from './load-context.js';
import { actionForm } from './action-form.js';
import { closestModule, runbookModule } from './module-names.js';
import { moduleArgs } from './module-args.js';
import { moduleDefaultsOf, withModuleDefaults } from './module-defaults.js';
import { nearest } from './suggest.js';
import { checkKeywords, commonOf, condition, type KeywordValues, listOf } from './task-common.js';
import { LOOP_KEYWORDS, loopOf } from './task-loop.js';
import { templatedLeaves } from './template-origins.js';
import { check, simpleName } from './validate.js';
import { errorAt, valueOrigin, type YamlPath, type YamlSource } from './yaml-source.js';

export function loadModuleTask(
  ctx: Ctx,
  path: YamlPath,
  written: Record<string, unknown>,
  inherited: Inherited,
  keywords: Readonly<Record<string, object>>,
): ModuleTask {
  const { src, modules } = ctx;
  // `action: copy src=a dest=b` and `local_action:` read as ansible-core 2.14 reads them.
  const raw = actionForm(src, path, written, modules);
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
  if (keywordsHold(src, path, raw, keywords, gather))
    gather(() => (task = moduleTask(src, path, raw, inherited, key, module, args)));
  throwAll(inSourceOrder(errors));
  return task as ModuleTask;
}

/** meta is checked as a module (its schema lists the actions), and run by the engine as a kind of its own. */
export function metaKind(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  inherited: Inherited,
  task: ModuleTask,
): ModuleTask | MetaTask {
  if (task.module !== 'meta') return task;
  return { ...commonOf(src, path, raw, inherited), kind: 'meta', action: task.args.action as MetaAction };
}

// The keywords checked, their errors gathered with the task's others: true when they hold, and typed from then on.
function keywordsHold(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  keywords: Readonly<Record<string, object>>,
  gather: (f: () => void) => void,
): raw is KeywordValues {
  let held = false;
  gather(() => {
    checkKeywords(src, path, raw, keywords);
    held = true;
  });
  return held;
}

function moduleTask(
  src: YamlSource,
  path: YamlPath,
  raw: KeywordValues,
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
    register: raw.register,
    ...loopOf(src, path, raw),
    until: condition(src, path, raw, 'until'),
    // Ansible's defaults: 3 retries, 5 s apart, when `until` is given.
    retries: raw.retries ?? 3,
    delay: raw.delay ?? 5,
    changedWhen: condition(src, path, raw, 'changed_when'),
    failedWhen: condition(src, path, raw, 'failed_when'),
    notify: raw.notify === undefined ? (inherited.notify ?? []) : listOf(raw.notify),
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
