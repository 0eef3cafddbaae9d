// The old task form ansible-core 2.14 still reads: `action: slurp src=/etc/hosts`,
// `action: {module: copy, src: a, dest: b}`, and `local_action:` (the same, delegated
// to localhost). Rewritten to the module-key form before the task is loaded.

import type { ModuleCatalog } from '../types/module-catalog.js';
import { runbookModule } from './module-names.js';
import { errorAt, type YamlPath, type YamlSource } from './yaml-source.js';

const ACTION_KEYS = ['action', 'local_action'] as const;

/** `raw` with its action:/local_action: turned into `<module>: <args>` (and delegate_to: localhost); else raw itself. */
export function actionForm(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  modules: ModuleCatalog,
): Record<string, unknown> {
  const used = ACTION_KEYS.filter((k) => k in raw);
  if (used.length === 0) return raw;
  const key = used[0] as (typeof ACTION_KEYS)[number];
  const { module, args } = split(src, [...path, key], raw[key]);
  const others = Object.keys(raw).filter((k) => runbookModule(k, modules));
  if (used.length > 1 || others.length > 0) {
    // As ansible-core 2.14: "conflicting action statements: ping, debug".
    const names = [module, ...used.slice(1), ...others].join(', ');
    throw errorAt(src, 'playbook', path, `conflicting action statements: ${names}`, {
      hint: 'a task runs one module: keep either the action:/local_action: line or the module key',
    });
  }
  const { [key]: _, ...rest } = raw;
  // local_action runs on the controller whatever delegate_to says, as 2.14's task loader sets it.
  return { ...rest, [module]: args, ...(key === 'local_action' ? { delegate_to: 'localhost' } : {}) };
}

// "copy src=a dest=b" → copy and its free-form rest; {module: copy, src: a} → copy and the other keys.
function split(src: YamlSource, at: YamlPath, value: unknown): { module: string; args: unknown } {
  if (typeof value === 'string' && value.trim() !== '') {
    const [, module, rest] = /^\s*(\{\{.*?\}\}|\S+)\s*([\s\S]*)$/.exec(value) as RegExpExecArray;
    return { module: untemplated(src, at, module as string), args: rest === '' ? null : rest };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { module, ...args } = value as Record<string, unknown>;
    if (typeof module === 'string' && module.trim() !== '') {
      return { module: untemplated(src, at, module.trim()), args: Object.keys(args).length > 0 ? args : null };
    }
  }
  throw errorAt(
    src,
    'playbook',
    at,
    `${at[at.length - 1]} needs a module: "slurp src=/etc/hosts" or {module: slurp, src: /etc/hosts}`,
    {
      hint: 'write the module name first, then its arguments; or use the module as the task key',
    },
  );
}

// The host's package manager fact as a module name (Ansible's own integration targets install packages so).
const PACKAGE_MANAGER_FACT =
  /^\{\{-?\s*(ansible_facts\.pkg_mgr|ansible_facts\[(['"])pkg_mgr\2\]|ansible_pkg_mgr)\s*-?\}\}$/;

/**
 * A module name is known at load, where its arguments are checked. A template naming the host's package
 * manager means `package`, which runs that module as Ansible's package does; any other template is refused.
 */
function untemplated(src: YamlSource, at: YamlPath, module: string): string {
  if (!module.includes('{{') && !module.includes('{%')) return module;
  if (PACKAGE_MANAGER_FACT.test(module)) return 'package';
  throw errorAt(src, 'playbook', at, `the module name ${JSON.stringify(module)} is a template`, {
    hint: "runbook checks each task's module and arguments before it runs: name the module (package for the host's package manager)",
  });
}
