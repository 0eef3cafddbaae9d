// `module_defaults:` on a play, a role entry, a block, an include or a task, as
// Ansible defines it: a mapping (or a list of mappings) from a module's name
// (short or FQCN: `k8s_node`, `ansible.builtin.command`) to arguments that
// every task of that module below gets, unless the task gives them itself.
// An inner level's entry for a module replaces the outer one's whole entry
// (Ansible merges the levels with dict.update); values are templates, rendered
// per task like its own arguments. `group/NAME` (action groups) is refused,
// and a name runbook has no module for is ignored, as Ansible ignores defaults
// for modules a play never calls.
import { withArgAliases, runbookModule } from './module-names.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import { errorAt, type YamlPath, type YamlSource } from './yaml-source.js';

/** Module name as written → its default arguments, the levels merged outermost first. */
export type ModuleDefaults = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** `up`, with what `raw.module_defaults` (already schema-checked) says on top of it. */
export function moduleDefaultsOf(
  src: YamlSource,
  path: YamlPath,
  raw: Record<string, unknown>,
  up: ModuleDefaults | undefined,
): ModuleDefaults | undefined {
  const written = raw.module_defaults;
  if (written === undefined || written === null) return up;
  const levels = (Array.isArray(written) ? written : [written]) as (Record<
    string,
    Record<string, unknown> | null
  > | null)[];
  const out: Record<string, Readonly<Record<string, unknown>>> = { ...up };
  levels.forEach((level, i) => {
    for (const [name, args] of Object.entries(level ?? {})) {
      if (name.startsWith('group/')) {
        const at = [...path, 'module_defaults', ...(Array.isArray(written) ? [i] : []), name];
        throw errorAt(src, 'playbook', at, `module_defaults: action groups ("${name}") are not supported by runbook`, {
          key: true,
          hint: 'name each module instead: module_defaults: {k8s_node: {kubeconfig: …}, ansible.builtin.command: {chdir: …}}',
        });
      }
      // dict.update, as Ansible: a later entry for the same name replaces the earlier one whole.
      delete out[name];
      out[name] = args ?? {};
    }
  });
  return out;
}

/** A task's arguments over the defaults for its module (by any name the defaults give it). */
export function withModuleDefaults(
  defaults: ModuleDefaults | undefined,
  module: string,
  modules: ModuleCatalog,
  args: Record<string, unknown>,
): Record<string, unknown> {
  if (!defaults) return args;
  const mine = Object.entries(defaults).filter(([name]) => runbookModule(name, modules) === module);
  if (mine.length === 0) return args;
  return {
    ...withArgAliases(module, Object.assign({}, ...mine.map(([, a]) => a)) as Record<string, unknown>),
    ...args,
  };
}
