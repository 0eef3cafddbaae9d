// How to reach a host, read from its inventory variables. Ansible's names are
// accepted so that Kubespray inventories work as they are; runbook's short
// names (ssh_host, ssh_port, ssh_user, ssh_key) win when both are set. Only what
// the inventory says: ssh_config and the CLI fill the rest (cli/connect-params.ts).

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import type { InventoryHost } from '../types/inventory.js';
import type { VarValue } from '../types/vars.js';
import { literalSecret } from './become-vars.js';
import { jumpList, mergeSshOptions, parseSshArgs, type HostKeyChecking, type SshOptions } from './ssh-options.js';

export type { HostKeyChecking } from './ssh-options.js';

export interface HostConnectionVars {
  /** ansible_connection: local runs on the controller itself, without SSH (said only when local). */
  connection?: 'local';
  address?: string;
  port?: number;
  user?: string;
  /** Absolute. */
  privateKeyPath?: string;
  /** Absolute. */
  knownHostsFile?: string;
  hostKeyPolicy?: HostKeyChecking;
  /** ansible_password / ansible_ssh_pass: a secret, never shown. */
  password?: string;
  /** ansible_ssh_timeout, in seconds. */
  connectTimeoutS?: number;
  /** ansible_ssh_common_args, then ansible_ssh_extra_args (which wins). */
  sshArgs?: SshOptions;
  /** runbook_jump_hosts: `[user@]host[:port]` hops, outermost first. */
  jumpHosts?: string[];
}

/** The variables that hold an SSH login password: every value of these is a secret. */
export const SSH_PASSWORD_VARS = ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'] as const;

// First name found wins.
const NAMES = {
  address: ['ssh_host', 'ansible_host', 'ansible_ssh_host'],
  port: ['ssh_port', 'ansible_port', 'ansible_ssh_port'],
  user: ['ssh_user', 'ansible_user', 'ansible_ssh_user'],
  key: ['ssh_key', 'ansible_ssh_private_key_file', 'ansible_private_key_file'],
  knownHosts: ['runbook_known_hosts_file'],
  hostKeyChecking: ['runbook_host_key_checking'],
  timeout: ['ansible_ssh_timeout', 'ansible_timeout'],
  connection: ['ansible_connection'],
} as const;

/** Every variable name connectionVars reads: what -e can set above the inventory (cli/extra-vars.ts). */
export const CONNECTION_VAR_NAMES: readonly string[] = [
  ...Object.values(NAMES).flat(),
  ...SSH_PASSWORD_VARS,
  'ansible_ssh_common_args',
  'ansible_ssh_extra_args',
  'runbook_jump_hosts',
];

/**
 * Connection settings the inventory gives for `host`. Relative key and
 * known_hosts paths are relative to the directory of the inventory source that
 * set them (see InventoryHost.varDirs).
 */
export function connectionVars(host: InventoryHost): HostConnectionVars {
  const out: HostConnectionVars = {};
  if (connectionKind(host) === 'local') out.connection = 'local';
  const address = text(host, NAMES.address);
  if (address !== undefined) out.address = address;
  const p = port(host);
  if (p !== undefined) out.port = p;
  const user = text(host, NAMES.user);
  if (user !== undefined) out.user = user;
  const key = path(host, NAMES.key);
  if (key !== undefined) out.privateKeyPath = key;
  const knownHosts = path(host, NAMES.knownHosts);
  if (knownHosts !== undefined) out.knownHostsFile = knownHosts;
  const policy = hostKeyPolicy(host);
  if (policy !== undefined) out.hostKeyPolicy = policy;
  const passwordVar = SSH_PASSWORD_VARS.find((n) => host.vars[n] !== undefined && host.vars[n] !== null);
  if (passwordVar !== undefined)
    out.password = literalSecret(host, passwordVar, 'the SSH password', 'use -k/--ask-pass');
  const timeout = lookup(host, NAMES.timeout);
  if (timeout) out.connectTimeoutS = seconds(host, timeout.name, timeout.value);
  const sshArgs = ['ansible_ssh_common_args', 'ansible_ssh_extra_args']
    .map((name) => [name, text(host, [name])] as const)
    .filter((e): e is readonly [string, string] => e[1] !== undefined)
    .reduce<SshOptions | undefined>(
      (acc, [name, args]) => mergeSshOptions(acc ?? {}, parseSshArgs(args, `host "${host.name}": ${name}`)),
      undefined,
    );
  if (sshArgs) out.sshArgs = sshArgs;
  const jumps = lookup(host, ['runbook_jump_hosts']);
  if (jumps) out.jumpHosts = jumpHosts(host, jumps.value);
  return out;
}

function seconds(host: InventoryHost, name: string, value: VarValue): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1) return n;
  throw invalid(host, name, value, 'a whole number of seconds');
}

// A list of hops, or one string with commas as in ProxyJump.
function jumpHosts(host: InventoryHost, value: VarValue): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v): v is string => typeof v === 'string'))
    throw invalid(host, 'runbook_jump_hosts', value, 'a list of [user@]host[:port]');
  if (list.length === 0) return [];
  return jumpList(list.join(','), (what) => {
    throw invalid(host, 'runbook_jump_hosts', value, `a list of [user@]host[:port] (it ${what})`);
  });
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

function port(host: InventoryHost): number | undefined {
  const found = lookup(host, NAMES.port);
  if (!found) return undefined;
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

// Absolute: `~` is the home directory; relative is from the source that set the variable.
function path(host: InventoryHost, names: readonly string[]): string | undefined {
  const found = lookup(host, names);
  const value = text(host, names);
  if (!found || value === undefined) return undefined;
  if (value === '~' || value.startsWith('~/')) return join(homedir(), value.slice(1));
  return isAbsolute(value) ? value : resolve(host.varDirs[found.name] ?? '.', value);
}

function invalid(host: InventoryHost, name: string, value: VarValue, expected: string): RunbookError {
  return new RunbookError(
    'inventory',
    `host "${host.name}": ${name} must be ${expected}, got ${JSON.stringify(value)}`,
    {
      // Name the file that set it: the value may come from any of several layers.
      hint: host.origins[name]
        ? `fix ${name} where it is set: ${host.origins[name]}`
        : `fix ${name} for ${host.name} in the inventory, its group_vars or its host_vars`,
    },
  );
}
