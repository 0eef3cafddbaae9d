// `runbook inventory -i INV --list | --graph [GROUP] | --host NAME`, as
// ansible-inventory shows an inventory; --host also says where each value
// came from. Secrets (passwords, tokens) are never printed.
import { collectSecretVars } from '../engine/secret-vars.js';
import { SecretValues, secretValues } from '../secrets.js';
import { RunbookError } from '../errors.js';
import { loadInventory } from '../parse/inventory.js';
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import { nearest } from '../parse/suggest.js';

export interface InventoryCliOptions {
  /** Inventory files and directories, merged in this order. */
  inventory: readonly string[];
  list?: boolean;
  /** true: from `all`; a string: from that group. */
  graph?: boolean | string;
  host?: string;
}

const MASK = '********';
// ansible_become_password, ansible_become_pass, ansible_password, ansible_ssh_pass, a *_token…
const SECRET = /(^|_)(pass|password|passwd|secret|token)$/i;

/** The variables with every secret's value, at any depth (`registry: {password: …}`), masked. */
function masked(vars: Vars): Vars {
  const mask = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(mask);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? MASK : mask(v)]));
  };
  return mask(vars) as Vars;
}

export function showInventory(o: InventoryCliOptions, print: (text: string) => void): number {
  const chosen = [o.list, o.graph, o.host].filter((x) => x !== undefined && x !== false).length;
  if (chosen !== 1)
    throw new RunbookError('usage', 'runbook inventory needs exactly one of --list, --graph or --host NAME');
  const inv = loadInventory(o.inventory);
  // Beyond the names above: !secret values and runbook_secret_vars, masked as a run masks them.
  const secrets = new SecretValues(secretValues);
  collectSecretVars([], inv, {}, secrets);
  const write = (text: string): void => print(secrets.mask(text));
  if (o.list) write(JSON.stringify(listing(inv), null, 4) + '\n');
  else if (o.host !== undefined) write(hostReport(inv, o.host));
  else write(graph(inv, typeof o.graph === 'string' ? o.graph : 'all').join('\n') + '\n');
  return 0;
}

// ansible-inventory --list: each group's own hosts and children (a group with
// neither left out), then every host's merged vars under _meta (a host with none left out).
function listing(inv: Inventory): Record<string, unknown> {
  const hostvars = [...inv.hosts.values()].filter((h) => Object.keys(h.vars).length > 0);
  const out: Record<string, unknown> = {
    _meta: { hostvars: Object.fromEntries(hostvars.map((h) => [h.name, masked(h.vars)])) },
  };
  for (const g of inv.groups.values()) {
    const entry: Record<string, unknown> = {};
    if (g.children.length > 0) entry.children = g.children;
    if (g.hosts.length > 0 && g.name !== 'all') entry.hosts = g.hosts;
    if (Object.keys(entry).length > 0) out[g.name] = entry;
  }
  return out;
}

// ansible-inventory --graph: child groups, then the group's own hosts, each in inventory order.
function graph(inv: Inventory, root: string): string[] {
  if (!inv.groups.has(root)) throw unknown('group', root, [...inv.groups.keys()]);
  const line = (name: string, depth: number): string => (depth ? `${'  |'.repeat(depth)}--${name}` : name);
  const walk = (name: string, depth: number): string[] => {
    const g = inv.groups.get(name);
    if (!g) return [];
    const lines = [line(`@${name}:`, depth)];
    for (const child of g.children) lines.push(...walk(child, depth + 1));
    if (name !== 'all') for (const h of g.hosts) lines.push(line(h, depth + 1));
    return lines;
  };
  return walk(root, 0);
}

// One line per variable: `name: value` in YAML flow form, then where it came from.
function hostReport(inv: Inventory, name: string): string {
  const host = inv.hosts.get(name);
  if (!host) throw unknown('host', name, [...inv.hosts.keys()]);
  const vars = masked(host.vars);
  const rows = Object.keys(vars)
    .sort()
    .map((k) => [`${k}: ${JSON.stringify(vars[k])}`, host.origins[k]] as const);
  const width = Math.max(0, ...rows.map(([v]) => v.length));
  const head = `${host.name} (groups: ${host.groups.join(', ')})`;
  const body = rows.map(([v, from]) => `  ${v.padEnd(width)}  # ${from}`);
  return [head, ...(body.length ? body : ['  (no variables)'])].join('\n') + '\n';
}

function unknown(kind: 'host' | 'group', name: string, known: string[]): RunbookError {
  const guess = nearest(name, known);
  return new RunbookError(
    'usage',
    `no ${kind} "${name}" in the inventory${guess ? `; did you mean "${guess}"?` : ''}`,
    {
      hint: `${kind}s: ${known.join(', ')}`,
    },
  );
}
