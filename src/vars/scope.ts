// The variables a task sees on one host. Precedence, lowest first (later wins):
//   1. inventory: all → parent groups → child groups → group_vars/ → host → host_vars/
//      (merged by the inventory loader)
//   2. play vars
//   3. task vars
//   4. magic variables: inventory_hostname, group_names, groups, playbook_dir
// Later layers replace whole values; dictionaries are not merged (as Ansible's default).
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';

/** `groups` magic variable: every group name → its hosts, computed once per run. */
export function groupMembers(inventory: Inventory): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const name of inventory.groups.keys()) groups[name] = [];
  for (const h of inventory.hosts.values()) for (const g of h.groups) (groups[g] ??= []).push(h.name);
  return groups;
}

export interface ScopeInput {
  host: InventoryHost;
  groups: Record<string, string[]>;
  playVars: Vars;
  taskVars: Vars;
  playbookDir: string;
}

export function taskScope(input: ScopeInput): Vars {
  return {
    ...input.host.vars,
    ...input.playVars,
    ...input.taskVars,
    inventory_hostname: input.host.name,
    group_names: input.host.groups.filter((g) => g !== 'all'),
    groups: input.groups,
    playbook_dir: input.playbookDir,
  };
}
