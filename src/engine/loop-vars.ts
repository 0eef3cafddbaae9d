// The variables of one loop item, as Ansible's task executor sets them: the loop_var
// (and index_var), ansible_loop_var naming it, and with loop_control.extended the
// ansible_loop mapping (index, first, previtem, allitems, …).
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { holdsTemplate, renderText } from '../vars/render-value.js';

type LoopControl = Pick<ModuleTask, 'loopVar' | 'indexVar' | 'loopExtended' | 'source'>;

/** The loop_var's name; Ansible templates loop_control (`loop_var: "{{ name }}"`) with the task's variables. */
export function loopVarName(task: Pick<ModuleTask, 'loopVar' | 'source'>, scope: Vars): string {
  return holdsTemplate(task.loopVar) ? renderText(task.loopVar, scope, task.source) : task.loopVar;
}

/** `include`: an include's tasks get no ansible_loop_var (ansible-playbook 2.14 leaves it undefined there). */
export function loopItemVars(
  task: LoopControl,
  items: readonly unknown[],
  i: number,
  scope: Vars,
  include = false,
): Vars {
  const name = loopVarName(task, scope);
  const vars: Vars = { [name]: items[i] as Vars[string], ...(include ? {} : { ansible_loop_var: name }) };
  if (task.indexVar) vars[task.indexVar] = i;
  if (task.loopExtended) vars.ansible_loop = extendedInfo(items, i, task.loopExtended.allitems) as Vars[string];
  return vars;
}

// Ansible's keys; previtem is absent on the first item and nextitem on the last (`is undefined` there).
function extendedInfo(items: readonly unknown[], i: number, allitems: boolean): Record<string, unknown> {
  const n = items.length;
  return {
    ...(allitems ? { allitems: items } : {}),
    index: i + 1,
    index0: i,
    first: i === 0,
    last: i === n - 1,
    length: n,
    revindex: n - i,
    revindex0: n - i - 1,
    ...(i > 0 ? { previtem: items[i - 1] } : {}),
    ...(i < n - 1 ? { nextitem: items[i + 1] } : {}),
  };
}
