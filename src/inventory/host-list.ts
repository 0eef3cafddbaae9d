// `-i host1,host2` and `-i localhost,`: a comma-separated list of hosts given in
// place of an inventory file, as Ansible's host_list plugin reads it. The hosts
// are in `ungrouped`; `name:port` sets ansible_port. A listed `localhost` is a
// host like any other (ansible-playbook 2.14 reaches it over SSH), not the implicit one.
import { RunbookError } from '../errors.js';
import type { GroupDef, InventorySource } from './build.js';

/** Whether an -i value is a host list: it holds a comma and names no file (Ansible's host_list test). */
export function isHostList(source: string, exists: (path: string) => boolean): boolean {
  return source.includes(',') && !exists(source);
}

const NO_VARS_FILES = { group: () => [], host: () => [] };

/** The hosts of a list as an inventory source (no group_vars or host_vars beside it). */
export function hostListSource(list: string, cwd: string): InventorySource {
  const at = { source: { file: `-i ${list}`, line: 1, col: 1 }, excerpt: list };
  const hosts = list
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '')
    .map((h) => hostEntry(h, list));
  const defs: GroupDef[] = hosts.length > 0 ? [{ name: 'ungrouped', hosts, vars: {}, at }] : [];
  return { path: list, dir: cwd, defs, files: NO_VARS_FILES };
}

// `node1`, `node1:2222`, `10.0.0.1:22`, `[fe80::1]:22` or a bare IPv6 address.
function hostEntry(entry: string, list: string): { name: string; vars: Record<string, number> } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
  const name = m ? m[1]! : entry;
  if (m === null && /^[^:]+:/.test(entry) && !entry.includes('::') && entry.split(':').length === 2) {
    throw new RunbookError('usage', `-i ${list}: "${entry}" is not host or host:port`, {
      hint: 'a port is a number: -i node1:2222,node2',
    });
  }
  const port = m?.[2];
  return { name, vars: port === undefined ? {} : { ansible_port: Number(port) } };
}
