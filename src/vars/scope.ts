// The variables a task sees on one host. Precedence, lowest first (later wins):
//   1. inventory: all → parent groups → child groups → group_vars/ → host → host_vars/
//      (merged by the inventory loader)
//   2. play `vars`, then the play's `vars_files`
//   3. registered results and set_fact (kept per host for the whole run)
//   4. block and task `vars`
//   5. extra vars (`-e k=v`, `-e @file.yaml`)
//   6. magic variables: inventory_hostname, group_names, groups, hostvars, playbook_dir
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
  /** Every host's inventory vars and facts, by name (`hostvars.node1.ansible_host`). */
  hostvars: Record<string, Vars>;
  playVars: Vars;
  varsFiles: Vars;
  facts: Vars;
  taskVars: Vars;
  extraVars: Vars;
  playbookDir: string;
}

export function taskScope(input: ScopeInput): Vars {
  return {
    ...input.host.vars,
    ...input.playVars,
    ...input.varsFiles,
    ...input.facts,
    ...input.taskVars,
    ...input.extraVars,
    inventory_hostname: input.host.name,
    group_names: input.host.groups.filter((g) => g !== 'all'),
    groups: input.groups,
    hostvars: input.hostvars,
    playbook_dir: input.playbookDir,
  };
}
