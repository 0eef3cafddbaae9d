// A host's variables from the inventory. Lowest first; a later layer replaces a
// whole value (dictionaries are not merged, as Ansible's default hash_behaviour):
//   1. group vars written in the inventory file, group by group in precedence
//      order: `all` first, then parent groups before child groups (deeper wins),
//      groups of the same depth by name (as Ansible sorts them);
//   2. group_vars/<group>(.yaml|.yml|.json|/) beside the inventory, same group order;
//   3. the host's own vars in the inventory file;
//   4. host_vars/<host>(.yaml|.yml|.json|/) beside the inventory.
// This is Ansible's inventory order, without its playbook-side layers.

import type { Vars } from '../types/vars.js';

export interface HostVarLayers {
  /** Inventory-file vars of each of the host's groups, in precedence order. */
  groupVars: readonly Vars[];
  /** group_vars/ files of the same groups, same order. */
  groupFileVars: readonly Vars[];
  hostVars: Vars;
  hostFileVars: Vars;
}

export function hostVars(layers: HostVarLayers): Vars {
  return Object.assign({}, ...layers.groupVars, ...layers.groupFileVars, layers.hostVars, layers.hostFileVars) as Vars;
}
