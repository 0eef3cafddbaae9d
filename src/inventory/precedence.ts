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
// This is Ansible's inventory order, without its playbook-side layers.

import type { Vars } from '../types/vars.js';

/** Variables and, for each, the directory of the inventory source it came from. */
export interface SourcedVars {
  vars: Vars;
  dirs: Record<string, string>;
}

/** Variables from group_vars/ and host_vars/ beside one inventory source. */
export interface VarsFiles {
  /** The source's directory (its file's directory, or the directory given). */
  dir: string;
  group(name: string): Vars;
  host(name: string): Vars;
}

export interface HostVarLayers {
  /** Inventory vars of each of the host's groups, in precedence order. */
  groupVars: readonly SourcedVars[];
  hostVars: SourcedVars;
  /** The host's groups in precedence order, `all` first. */
  groups: readonly string[];
  /** group_vars/ and host_vars/ of every source, in the order given. */
  files: readonly VarsFiles[];
}

export function hostVars(name: string, layers: HostVarLayers): SourcedVars {
  const out: SourcedVars = { vars: {}, dirs: {} };
  const add = (vars: Vars, dir: string): void => assignSourced(out, vars, dir);
  const addSourced = (s: SourcedVars): void => {
    Object.assign(out.vars, s.vars);
    Object.assign(out.dirs, s.dirs);
  };
  layers.groupVars.forEach(addSourced);
  const others = layers.groups.filter((g) => g !== 'all');
  for (const f of layers.files) add(f.group('all'), f.dir);
  for (const f of layers.files) for (const g of others) add(f.group(g), f.dir);
  addSourced(layers.hostVars);
  for (const f of layers.files) add(f.host(name), f.dir);
  return out;
}

/** Sets `vars` into `target`, noting `dir` as where each came from. */
export function assignSourced(target: SourcedVars, vars: Vars, dir: string): void {
  Object.assign(target.vars, vars);
  for (const key of Object.keys(vars)) target.dirs[key] = dir;
}
