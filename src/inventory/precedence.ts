// A host's variables from the inventory. Lowest first; a later layer replaces a
// whole value (dictionaries are not merged, as Ansible's default hash_behaviour):
//   1. group vars written in the inventory sources, group by group in precedence
//      order: `all` first, then parent groups before child groups (deeper wins),
//      groups of the same depth by name (as Ansible sorts them); a later source
//      overrides an earlier one's value for the same group;
//   2. group_vars/<group>(.yaml|.yml|.json|/) beside each source: `all` of every
//      source first, then source by source, each in the same group order (as
//      Ansible's vars plugins run per source);
//   3. the host's own vars in the inventory sources (a later source wins);
//   4. host_vars/<host>(.yaml|.yml|.json|/) beside each source, source by source.
// This is Ansible's inventory order, without its playbook-side layers. Each
// layer says where it came from, for `runbook inventory --host`, and the
// directory of its source, against which relative paths in it are resolved.

import type { Vars } from '../types/vars.js';

/** Variables from one place: `hosts.ini (group "all")`, `group_vars/all.yml`. */
export interface VarLayer {
  origin: string;
  /** The directory of the inventory source (its file's directory, or the directory given). */
  dir: string;
  vars: Vars;
}

/** group_vars/ and host_vars/ beside one inventory source: one layer per file, in the order they apply. */
export interface VarsFiles {
  group(name: string): readonly VarLayer[];
  host(name: string): readonly VarLayer[];
}

export interface HostVarLayers {
  /** The host's groups in precedence order, `all` first. */
  groups: readonly string[];
  /** The inventory-source layers of one group (each place it is defined, in source order). */
  groupVars(group: string): readonly VarLayer[];
  /** The host's own inventory-source layers, in source order. */
  hostVars: readonly VarLayer[];
  /** group_vars/ and host_vars/ of every source, in the order given. */
  files: readonly VarsFiles[];
}

/** The merged variables and, for each, where its value came from and that source's directory. */
export interface MergedVars {
  vars: Vars;
  origins: Record<string, string>;
  dirs: Record<string, string>;
}

export function hostVars(name: string, layers: HostVarLayers): MergedVars {
  const others = layers.groups.filter((g) => g !== 'all');
  return mergeLayers([
    ...layers.groups.flatMap((g) => layers.groupVars(g)),
    ...layers.files.flatMap((f) => f.group('all')),
    ...layers.files.flatMap((f) => others.flatMap((g) => f.group(g))),
    ...layers.hostVars,
    ...layers.files.flatMap((f) => f.host(name)),
  ]);
}

/** Layers merged lowest first: a later layer's value replaces an earlier one's. */
function mergeLayers(layers: readonly VarLayer[]): MergedVars {
  const out: MergedVars = { vars: {}, origins: {}, dirs: {} };
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.vars)) {
      out.vars[key] = value;
      out.origins[key] = layer.origin;
      out.dirs[key] = layer.dir;
    }
  }
  return out;
}
