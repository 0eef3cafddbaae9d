// A host's variables from the inventory. Lowest first; a later layer replaces a
// whole value (dictionaries are not merged, as Ansible's default hash_behaviour):
//   1. group vars written in the inventory file, group by group in precedence
//      order: `all` first, then parent groups before child groups (deeper wins),
//      groups of the same depth by name (as Ansible sorts them);
//   2. group_vars/<group>(.yaml|.yml|.json|/) beside the inventory, same group order;
//   3. the host's own vars in the inventory file;
//   4. host_vars/<host>(.yaml|.yml|.json|/) beside the inventory.
// This is Ansible's inventory order, without its playbook-side layers. Each
// layer is named, so `runbook inventory --host` can say where a value came from.

import type { Vars } from '../types/vars.js';

/** Variables from one place: `hosts.yaml (group "all")`, `group_vars/all.yml`. */
export interface VarLayer {
  origin: string;
  vars: Vars;
}

export interface HostVarLayers {
  /** Inventory-file vars of each of the host's groups, in precedence order. */
  groupVars: readonly VarLayer[];
  /** group_vars/ files of the same groups, same order (a directory's files in name order). */
  groupFileVars: readonly VarLayer[];
  hostVars: VarLayer;
  hostFileVars: readonly VarLayer[];
}

/** The merged variables, and for each the layer its value came from. */
export function hostVars(layers: HostVarLayers): { vars: Vars; origins: Record<string, string> } {
  const vars: Vars = {};
  const origins: Record<string, string> = {};
  for (const layer of [...layers.groupVars, ...layers.groupFileVars, layers.hostVars, ...layers.hostFileVars]) {
    for (const [name, value] of Object.entries(layer.vars)) {
      vars[name] = value;
      origins[name] = layer.origin;
    }
  }
  return { vars, origins };
}
