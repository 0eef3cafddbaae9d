// A task's loop value → its items, the way the keyword that gave it does:
// loop/with_list as they are, with_items flattened one level, with_dict as
// {key, value} pairs, with_fileglob as the controller files that match,
// with_first_found as the first file of its terms that exists (vars/condition/first-found.ts),
// with_sequence as the numbers it counts (sequence-items.ts), with_nested as
// every combination of its lists (nested-items.ts).
import { RunbookError, type SourcePos } from '../errors.js';
import { Fault } from '../vars/condition/fault.js';
import { firstFound } from '../vars/condition/first-found.js';
import { controllerOf } from '../vars/condition/controller.js';
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { renderDeep, renderValue } from '../vars/render-value.js';
import { controllerGlob } from './files.js';
import { nestedItems } from './nested-items.js';
import { sequenceItems } from './sequence-items.js';

export function loopItems(
  task: Pick<ModuleTask, 'loop' | 'loopWith' | 'source'> & { module?: string; action?: string },
  vars: Vars,
  playbookDir: string,
): unknown[] {
  const raw = task.loop;
  const value = typeof raw === 'string' ? renderValue(raw, vars, task.source) : renderDeep(raw, vars, task.source);
  switch (task.loopWith) {
    case undefined:
      if (!Array.isArray(value)) {
        throw new RunbookError('playbook', `loop must give a list, got ${shown(value)}`, {
          source: task.source,
          hint: "make it a list (`[a, b]`, `{{ x | list }}`, `{{ s.split(',') }}`), or use with_items, which takes one value as a one-item list",
        });
      }
      return value;
    case 'with_list':
      if (isMapping(value))
        throw new RunbookError('playbook', `with_list expects a list, got ${shown(value)}`, {
          source: task.source,
          hint: 'for a mapping\'s entries use with_dict, or loop: "{{ x | dict2items }}"',
        });
      return Array.isArray(value) ? value : [value];
    case 'with_items':
      return (Array.isArray(value) ? value : [value]).flatMap((v) => (Array.isArray(v) ? v : [v]));
    case 'with_dict':
      if (!isMapping(value)) {
        // Ansible's words: "with_dict expects a dict".
        throw new RunbookError('playbook', `with_dict expects a dict, got ${shown(value)}`, {
          source: task.source,
          hint: 'for a list use with_items or loop:',
        });
      }
      return Object.entries(value).map(([key, v]) => ({ key, value: v }));
    case 'with_fileglob':
      return (Array.isArray(value) ? value : [value]).flatMap((p) => controllerGlob(playbookDir, String(p)));
    case 'with_first_found':
      return firstFoundItems(value, vars, task.source, lookupSubdir(task.module ?? task.action ?? ''));
    case 'with_sequence':
      return sequenceItems(value, task.source);
    case 'with_nested':
      return nestedItems(value, task.source);
  }
}

// As Ansible's task executor tells with_first_found where to look: templates/ for a template task,
// vars/ for include_vars, files/ for the rest.
function lookupSubdir(action: string): string {
  return action.includes('template') ? 'templates' : action.includes('var') ? 'vars' : 'files';
}

function firstFoundItems(value: unknown, vars: Vars, source: SourcePos, subdir: string): string[] {
  const controller = controllerOf(vars);
  if (!controller) throw new RunbookError('playbook', 'with_first_found is not available here', { source });
  try {
    return firstFound(controller, Array.isArray(value) ? value : [value], {}, subdir);
  } catch (err) {
    if (err instanceof Fault) throw new RunbookError('playbook', err.message, { source, hint: err.where.hint });
    throw err;
  }
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function shown(value: unknown): string {
  return `${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}: ${JSON.stringify(value)?.slice(0, 80)}`;
}
