// An inventory file in Ansible's YAML format → its group definitions, checked
// against the inventory schema with positions in the file.

import { RunbookError } from '../errors.js';
import type { GroupDef } from '../inventory/build.js';
import { HOST_PATTERN_HINT, expandHostPattern } from '../inventory/host-range.js';
import { inventorySchema } from '../schema/inventory.js';
import type { Vars } from '../types/vars.js';
import { check } from './validate.js';
import { errorAt, locate } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

interface RawGroup {
  hosts?: Record<string, Vars | null> | null;
  children?: Record<string, RawGroup | null> | null;
  vars?: Vars | null;
}

export function yamlGroupDefs(src: YamlSource): GroupDef[] {
  if (src.data === null) {
    throw new RunbookError('inventory', `inventory ${src.file} is empty`, {
      source: { file: src.file, line: 1, col: 1 },
      hint: 'an inventory is a mapping of groups: start with "all:" then "  hosts:"',
    });
  }
  check(inventorySchema, src.data, { src, code: 'inventory', at: [], name: inventoryName, label: hostLabel });
  return groupDefs(src, src.data as Record<string, RawGroup | null>);
}

// Every appearance of every group, in file order (so hosts keep their file order).
function groupDefs(src: YamlSource, top: Record<string, RawGroup | null>): GroupDef[] {
  const defs: GroupDef[] = [];
  const walk = (name: string, raw: RawGroup | null, path: YamlPath, parent?: string): void => {
    const g = raw ?? {};
    const def: GroupDef = { name, parent, hosts: [], vars: g.vars ?? {}, at: locate(src, path, { key: true }) };
    for (const [pattern, vars] of Object.entries(g.hosts ?? {})) {
      const expanded = expandHostPattern(pattern);
      if ('error' in expanded) {
        throw errorAt(src, 'inventory', [...path, 'hosts', pattern], expanded.error, {
          key: true,
          hint: HOST_PATTERN_HINT,
        });
      }
      const port: Vars = expanded.port === undefined ? {} : { ansible_port: expanded.port };
      for (const host of expanded.hosts) def.hosts.push({ name: host, vars: { ...port, ...vars } });
    }
    // The group's own hosts go before its children's unless `children:` comes first in the file.
    const childrenFirst = Object.keys(g).indexOf('children') < Object.keys(g).indexOf('hosts');
    if (!childrenFirst) defs.push(def);
    for (const [child, value] of Object.entries(g.children ?? {}))
      walk(child, value, [...path, 'children', child], name);
    if (childrenFirst) defs.push(def);
  };
  for (const [name, raw] of Object.entries(top)) walk(name, raw, [name]);
  return defs;
}

// Names what a path in the inventory points into: `group "etcd"`, `host "node1"`, `"vars" of group "all"`.
function inventoryName(rel: YamlPath): string {
  if (rel.length === 0) return 'inventory';
  let group = String(rel[0]);
  let i = 1;
  while (rel[i] === 'children' && i + 1 < rel.length) {
    group = String(rel[i + 1]);
    i += 2;
  }
  if (i >= rel.length) return `group "${group}"`;
  if (rel[i] === 'hosts' && i + 1 < rel.length) return `host "${String(rel[i + 1])}"`;
  return `"${String(rel[i])}" of group "${group}"`;
}

// A host's vars are named after the host: `host "node1"`, not `"node1" in "hosts" of group "all"`.
function hostLabel(rel: YamlPath): string | undefined {
  return rel.length >= 3 && rel[rel.length - 2] === 'hosts' ? `host "${String(rel[rel.length - 1])}"` : undefined;
}
