// How to reach a host, read from its inventory variables. Ansible's names are
// accepted so that Kubespray inventories work as they are; runbook's short
// names (ssh_host, ssh_port, ssh_user, ssh_key) win when both are set.

import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import type { InventoryHost } from '../types/inventory.js';
import type { VarValue } from '../types/vars.js';

export type HostKeyChecking = 'strict' | 'accept-new' | 'off';

export interface HostConnectionVars {
  /** ansible_connection: local runs on the controller itself, without SSH. */
  connection: 'ssh' | 'local';
  address: string;
  port: number;
  user: string;
  /** Absolute. */
  privateKeyPath?: string;
  /** Absolute. */
  knownHostsFile?: string;
  hostKeyPolicy?: HostKeyChecking;
}

// First name found wins.
const NAMES = {
  address: ['ssh_host', 'ansible_host', 'ansible_ssh_host'],
  port: ['ssh_port', 'ansible_port', 'ansible_ssh_port'],
  user: ['ssh_user', 'ansible_user', 'ansible_ssh_user'],
  key: ['ssh_key', 'ansible_ssh_private_key_file', 'ansible_private_key_file'],
  knownHosts: ['runbook_known_hosts_file'],
  hostKeyChecking: ['runbook_host_key_checking'],
  connection: ['ansible_connection'],
} as const;

/**
 * Connection settings of `host`. Defaults: address = host name, port 22, user root.
 * Relative key and known_hosts paths are relative to the inventory file's directory.
 */
export function connectionVars(host: InventoryHost, inventoryFile: string): HostConnectionVars {
  const baseDir = dirname(inventoryFile);
  const out: HostConnectionVars = {
    connection: connectionKind(host),
    address: text(host, NAMES.address) ?? host.name,
    port: port(host),
    user: text(host, NAMES.user) ?? 'root',
  };
  const key = text(host, NAMES.key);
  if (key !== undefined) out.privateKeyPath = filePath(key, baseDir);
  const knownHosts = text(host, NAMES.knownHosts);
  if (knownHosts !== undefined) out.knownHostsFile = filePath(knownHosts, baseDir);
  const policy = hostKeyPolicy(host);
  if (policy !== undefined) out.hostKeyPolicy = policy;
  return out;
}

function lookup(host: InventoryHost, names: readonly string[]): { name: string; value: VarValue } | undefined {
  for (const name of names) {
    const value = host.vars[name];
    if (value !== undefined && value !== null) return { name, value };
  }
  return undefined;
}

function text(host: InventoryHost, names: readonly string[]): string | undefined {
  const found = lookup(host, names);
  if (!found) return undefined;
  if (typeof found.value === 'string' && found.value !== '') return found.value;
  if (typeof found.value === 'number') return String(found.value);
  throw invalid(host, found.name, found.value, 'a non-empty string');
}

function port(host: InventoryHost): number {
  const found = lookup(host, NAMES.port);
  if (!found) return 22;
  const n = typeof found.value === 'string' && /^\d+$/.test(found.value.trim()) ? Number(found.value) : found.value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  throw invalid(host, found.name, found.value, 'a port number from 1 to 65535');
}

function connectionKind(host: InventoryHost): 'ssh' | 'local' {
  const found = lookup(host, NAMES.connection);
  if (!found || found.value === 'ssh' || found.value === 'paramiko' || found.value === 'smart') return 'ssh';
  if (found.value === 'local') return 'local';
  throw invalid(host, found.name, found.value, 'ssh or local');
}

function hostKeyPolicy(host: InventoryHost): HostKeyChecking | undefined {
  const found = lookup(host, NAMES.hostKeyChecking);
  if (!found) return undefined;
  // Booleans as in Ansible's host_key_checking: true = check, false = don't.
  if (found.value === true) return 'strict';
  if (found.value === false) return 'off';
  if (found.value === 'strict' || found.value === 'accept-new' || found.value === 'off') return found.value;
  throw invalid(host, found.name, found.value, 'strict, accept-new or off');
}

function filePath(path: string, baseDir: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function invalid(host: InventoryHost, name: string, value: VarValue, expected: string): RunbookError {
  return new RunbookError('inventory', `host "${host.name}": ${name} must be ${expected}, got ${JSON.stringify(value)}`, {
    hint: `fix ${name} for ${host.name} in the inventory, its group_vars or its host_vars`,
  });
}
