// Group definitions (source by source, in file order) → the inventory graph:
// groups defined in several places or sources are merged (a later source adds
// hosts and children and overrides variables), `all` and `ungrouped` are added
// as Ansible does, cycles are refused, and each host gets its groups and variables.

import { RunbookError } from '../errors.js';
import type { SourcePos } from '../errors.js';
import type { Inventory, InventoryGroup, InventoryHost } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import { hostVars } from './precedence.js';
import type { VarLayer, VarsFiles } from './precedence.js';

/** A place in the inventory file, for error messages. */
export interface Where {
  source: SourcePos;
  excerpt: string;
}

/** One appearance of a group in a file (the same group may appear several times). */
export interface GroupDef {
  name: string;
  /** The group whose `children` list this appearance is in; undefined at the top level. */
  parent?: string;
  hosts: { name: string; vars: Vars }[];
  vars: Vars;
  at: Where;
}

/** One inventory source (a file, or a directory of them): its groups, in file order, and its vars files. */
export interface InventorySource {
  /** As given to -i. */
  path: string;
  /** Its directory, absolute (the file's directory, or the directory given). */
  dir: string;
  defs: readonly GroupDef[];
  files: VarsFiles;
}

export function buildInventory(sources: readonly InventorySource[]): Inventory {
  const groups = new Map<string, InventoryGroup>();
  const edgeAt = new Map<string, Where>();
  // Each place a group's or a host's vars are written, in source order.
  const groupLayers = new Map<string, VarLayer[]>();
  const hostLayers = new Map<string, VarLayer[]>();
  const addLayer = (map: Map<string, VarLayer[]>, name: string, layer: VarLayer): void => {
    if (Object.keys(layer.vars).length > 0) map.set(name, [...(map.get(name) ?? []), layer]);
  };
  const ensure = (name: string): InventoryGroup => {
    let g = groups.get(name);
    if (!g) {
      g = { name, hosts: [], children: [], vars: {} };
      groups.set(name, g);
    }
    return g;
  };
  const addChild = (parent: string, child: string, at?: Where): void => {
    const p = ensure(parent);
    if (!p.children.includes(child)) p.children.push(child);
    if (at && !edgeAt.has(`${parent}\0${child}`)) edgeAt.set(`${parent}\0${child}`, at);
  };

  // `ungrouped` is the first child of `all`, as in Ansible's inventory.
  ensure('all');
  addChild('all', ensure('ungrouped').name);
  const hostsOf = new Map<InventoryGroup, Set<string>>();
  const defs = sources.flatMap((s) => s.defs.map((def) => ({ def, dir: s.dir })));
  for (const { def, dir } of defs) {
    // A parent before its children, so groups are made in the order Ansible makes them.
    if (def.parent !== undefined) ensure(def.parent);
    const g = ensure(def.name);
    const file = def.at.source.file;
    Object.assign(g.vars, def.vars);
    addLayer(groupLayers, def.name, { origin: `${file} (group "${def.name}")`, dir, vars: def.vars });
    if (def.parent !== undefined) addChild(def.parent, def.name, def.at);
    const listed = hostsOf.get(g) ?? new Set(g.hosts);
    hostsOf.set(g, listed);
    for (const h of def.hosts) {
      // A set beside the list: includes() on it made 100,000 hosts quadratic.
      if (!listed.has(h.name)) {
        listed.add(h.name);
        g.hosts.push(h.name);
      }
      addLayer(hostLayers, h.name, { origin: `${file} (host "${h.name}")`, dir, vars: h.vars });
    }
  }
  // As Ansible's reconcile: a group no other group has as a child is a child of `all`,
  // in the order groups were made; one with a parent sits under its parents only.
  const hasParent = new Set([...groups.values()].flatMap((g) => g.children));
  for (const name of groups.keys()) if (name !== 'all' && !hasParent.has(name)) addChild('all', name);

  checkCycles(groups, edgeAt);
  const depth = groupDepths(groups);
  const ancestors = ancestorSets(groups);

  // Hosts in the order they first appear; membership through every ancestor group.
  const membership = new Map<string, Set<string>>();
  for (const { def } of defs) {
    for (const h of def.hosts) {
      const set = membership.get(h.name) ?? new Set<string>();
      for (const a of ancestors.get(def.name) ?? []) set.add(a);
      membership.set(h.name, set);
    }
  }
  // Hosts in no group but `all` are in `ungrouped`, and only those, as Ansible has it
  // (an INI host line before any section is in `ungrouped` until a group takes it).
  for (const set of membership.values()) {
    if ([...set].every((g) => g === 'all' || g === 'ungrouped')) set.add('ungrouped');
    else set.delete('ungrouped');
  }
  // Those listed under `ungrouped` keep their place; the others follow in host order.
  const ungrouped = groups.get('ungrouped') as InventoryGroup;
  const stillUngrouped = (name: string): boolean => membership.get(name)?.has('ungrouped') === true;
  ungrouped.hosts = [...new Set([...ungrouped.hosts, ...membership.keys()])].filter(stillUngrouped);

  // Lowest precedence first: shallower groups, then by name (Ansible's order).
  const byPrecedence = (a: string, b: string): number =>
    (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  const hosts = new Map<string, InventoryHost>();
  for (const [name, set] of membership) {
    const hostGroups = [...set].sort(byPrecedence);
    const { vars, origins, dirs } = hostVars(name, {
      groups: hostGroups,
      groupVars: (g) => groupLayers.get(g) ?? [],
      hostVars: hostLayers.get(name) ?? [],
      files: sources.map((s) => s.files),
    });
    hosts.set(name, { name, groups: hostGroups, vars, origins, varDirs: dirs });
  }
  return { sources: sources.map((s) => s.path), hosts, groups };
}

function checkCycles(groups: Map<string, InventoryGroup>, edgeAt: Map<string, Where>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    state.set(name, 'visiting');
    for (const child of groups.get(name)?.children ?? []) {
      if (state.get(child) === 'visiting') {
        const loop = [...trail.slice(trail.indexOf(child)), name, child];
        const at = edgeAt.get(`${name}\0${child}`);
        throw new RunbookError('inventory', `group "${child}" is its own ancestor: ${loop.join(' → ')}`, {
          ...at,
          hint: `remove "${child}" from the children of "${name}"`,
        });
      }
      visit(child, [...trail, name]);
    }
    state.set(name, 'done');
  };
  // From every group: a loop that no chain from `all` reaches is a loop all the same.
  for (const name of groups.keys()) visit(name, []);
}

// Depth = the longest chain of parents from `all` (Ansible's group depth): a group
// listed both under `all` and under k8s_cluster is as deep as under k8s_cluster.
function groupDepths(groups: Map<string, InventoryGroup>): Map<string, number> {
  const depth = new Map<string, number>([['all', 0]]);
  const walk = (name: string, d: number): void => {
    for (const child of groups.get(name)?.children ?? []) {
      if ((depth.get(child) ?? -1) < d + 1) {
        depth.set(child, d + 1);
        walk(child, d + 1);
      }
    }
  };
  walk('all', 0);
  return depth;
}

/** Each group → itself and every group above it. */
function ancestorSets(groups: Map<string, InventoryGroup>): Map<string, Set<string>> {
  const parents = new Map<string, string[]>();
  for (const g of groups.values()) for (const c of g.children) parents.set(c, [...(parents.get(c) ?? []), g.name]);
  const memo = new Map<string, Set<string>>();
  const up = (name: string): Set<string> => {
    let set = memo.get(name);
    if (set) return set;
    set = new Set([name]);
    memo.set(name, set);
    for (const p of parents.get(name) ?? []) for (const a of up(p)) set.add(a);
    return set;
  };
  for (const name of groups.keys()) up(name);
  return memo;
}
