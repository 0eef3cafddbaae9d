// The keywords every task and block shares (name, when, tags, vars, become,
// environment…), read from a task mapping and merged with what encloses it.

import type { TaskKeywordValues } from '../schema/playbook.js';
import { holdsTemplate } from './template-origins.js';
import { throwAll } from '../errors.js';
import type { Condition, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { checkCondition } from '../vars/condition/index.js';
import type { Inherited } from './load-context.js';
import { moduleDefaultsOf } from './module-defaults.js';
import { checkAll } from './validate.js';
import { locate, type YamlPath, type YamlSource } from './yaml-source.js';

/** A task's keywords once their schemas (schema/playbook.ts) have checked them: each its type, or a template. */
export type KeywordValues = TaskKeywordValues & Record<string, unknown>;

/** Checks each keyword against its schema: from here on the values have the types the schema gives. */
export function checkKeywords(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  keywords: Readonly<Record<string, object>>,
): asserts raw is KeywordValues {
  throwAll(
    Object.keys(raw).flatMap((key) => {
      const schema = keywords[key];
      return schema
        ? checkAll(schema, raw[key], { src, code: 'playbook', at: [...path, key], name: () => `task "${key}"` })
        : [];
    }),
  );
}

export function commonOf(src: YamlSource, path: YamlPath, raw: KeywordValues, up: Inherited): TaskCommon {
  const when = condition(src, path, raw, 'when');
  return {
    name: typeof raw.name === 'string' && raw.name !== '' ? raw.name : undefined,
    vars: { ...up.vars, ...varsMapping(raw.vars) },
    ...(up.params ? { params: up.params } : {}),
    source: locate(src, path).source,
    when: when ? [...up.when, when] : up.when,
    tags: [...new Set([...up.tags, ...tagList(raw.tags)])],
    ignoreErrors: raw.ignore_errors ?? up.ignoreErrors,
    // connection: local is delegate_to: localhost (the controller, this host's variables); ssh undoes an outer local.
    delegateTo:
      raw.delegate_to ??
      (raw.connection === undefined ? up.delegateTo : raw.connection === 'local' ? 'localhost' : undefined),
    runOnce: raw.run_once ?? up.runOnce,
    checkMode: raw.check_mode ?? up.checkMode,
    diff: raw.diff ?? up.diff,
    timeout: raw.timeout ?? up.timeout,
    noLog: raw.no_log ?? up.noLog,
    become: raw.become ?? up.become,
    becomeUser: raw.become_user ?? up.becomeUser,
    ...environmentOf(raw.environment, up),
    role: up.role,
    moduleDefaults: moduleDefaultsOf(src, path, raw, up.moduleDefaults),
    throttle: raw.throttle ?? up.throttle,
    anyErrorsFatal: raw.any_errors_fatal ?? up.anyErrorsFatal,
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

/** `vars:` as written: a mapping, or a list of mappings merged in order (as Ansible reads a list). */
export function varsMapping(value: unknown): Vars {
  if (Array.isArray(value)) return Object.assign({}, ...value) as Vars;
  return (value ?? {}) as Vars;
}

/**
 * As Ansible reads `tags:`: a list as it is, a string split at its commas
 * (`tags: web,db`). A template is left whole: the run renders it (engine/tags.ts).
 */
export function tagList(value: unknown): string[] {
  if (typeof value === 'string' && !holdsTemplate(value))
    return value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  return listOf(value);
}

export function listOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
