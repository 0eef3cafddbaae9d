// One task mapping → a Task: find its single module among its keys, check the
// task keywords, normalise the module's arguments and check them against the
// module's schema.

import { PLANNED_TASK_KEYWORDS, TASK_KEYWORDS } from '../schema/playbook.js';
import type { ModuleCatalog, ModuleSpec } from '../types/module-catalog.js';
import type { Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { nearest, typeOf } from './suggest.js';
import { check, simpleName } from './validate.js';
import { errorAt, locate } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export function loadTask(src: YamlSource, path: YamlPath, raw: Record<string, unknown>, modules: ModuleCatalog): Task {
  const keys = Object.keys(raw);
  for (const key of keys) {
    if (!(key in TASK_KEYWORDS) && !modules.has(key)) throw unknownKey(src, [...path, key], key, modules);
  }
  const module = singleModule(src, path, keys, modules);
  const spec = modules.get(module) as ModuleSpec;

  const task: Record<string, unknown> = {};
  for (const key of keys) {
    const schema = TASK_KEYWORDS[key];
    if (!schema) continue;
    check(schema, raw[key], { src, code: 'playbook', at: [...path, key], name: () => `task "${key}"` });
    if (raw[key] !== null) task[key] = raw[key];
  }
  const args = moduleArgs(src, [...path, module], module, spec, raw[module]);
  check(spec.schema, args, { src, code: 'schema', at: [...path, module], name: simpleName(module), keyWord: 'argument' });

  return {
    ...task,
    module,
    args,
    vars: (task.vars ?? {}) as Vars,
    source: locate(src, path).source,
  } as Task;
}

function singleModule(src: YamlSource, path: YamlPath, keys: string[], modules: ModuleCatalog): string {
  const found = keys.filter((k) => modules.has(k));
  if (found.length === 1) return found[0] as string;
  if (found.length === 0) {
    return fail(
      errorAt(src, 'playbook', path, `task has no module; add one of: ${[...modules.keys()].join(', ')}`, {
        hint: 'a task is a mapping with one module key, e.g. "- copy: {dest: /etc/motd, content: hi}"',
      }),
    );
  }
  const count = found.length === 2 ? 'two' : found.length === 3 ? 'three' : String(found.length);
  return fail(
    errorAt(src, 'playbook', [...path, found[1] as string], `task has ${count} modules (${found.join(', ')}); split it into ${count} tasks`, {
      key: true,
      hint: 'each task runs exactly one module; start a new "- name: …" item for the next one',
    }),
  );
}

function unknownKey(src: YamlSource, at: YamlPath, key: string, modules: ModuleCatalog) {
  const keywords = Object.keys(TASK_KEYWORDS);
  const known = [...modules.keys()];
  // ansible.builtin.copy and friends: the short name is what runbook knows.
  const short = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : undefined;
  const guess = short !== undefined && modules.has(short) ? short : nearest(key, [...keywords, ...known]);
  const taskTakes = `a task takes one module and the keywords: ${keywords.join(', ')}`;
  if (guess !== undefined) {
    const what = modules.has(guess) ? 'module' : 'key';
    return errorAt(src, 'playbook', at, `unknown ${what} "${key}" in task; did you mean "${guess}"?`, { key: true, hint: taskTakes });
  }
  if (PLANNED_TASK_KEYWORDS.includes(key)) {
    return errorAt(src, 'playbook', at, `task keyword "${key}" is not supported yet`, { key: true, hint: taskTakes });
  }
  return errorAt(src, 'playbook', at, `unknown module "${key}"; known modules: ${known.join(', ')}`, { key: true, hint: taskTakes });
}

// `command: echo hi` → {cmd: "echo hi"}; `ping:` → {}.
function moduleArgs(src: YamlSource, at: YamlPath, module: string, spec: ModuleSpec, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value === 'string' && spec.freeForm) return { [spec.freeForm]: value };
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  const takes = Object.keys((spec.schema as { properties?: object }).properties ?? {});
  const kv = typeof value === 'string' ? [...value.matchAll(/(\w+)=(\S+)/g)].map((m) => `${m[1]}: ${m[2]}`) : [];
  const expected = spec.freeForm ? 'a mapping of arguments or a command string' : 'a mapping of arguments';
  return fail(
    errorAt(src, 'schema', at, `arguments of ${module}: expected ${expected}, got ${typeOf(value)}`, {
      hint: kv.length
        ? `key=value arguments are not supported; write a mapping: ${module}: {${kv.join(', ')}}`
        : takes.length > 0
          ? `${module} takes: ${takes.join(', ')}`
          : undefined,
    }),
  );
}

function fail(err: Error): never {
  throw err;
}
