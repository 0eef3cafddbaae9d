// A host's become settings from its inventory variables, Ansible's names:
// ansible_become, ansible_become_user, ansible_become_password (or
// ansible_become_pass), ansible_become_method (only sudo). Read and checked once,
// before any host is touched. The password is taken literally: it is never
// rendered as a template and never quoted back in an error.
import { RunbookError } from '../errors.js';
import type { InventoryHost } from '../types/inventory.js';
import type { VarValue } from '../types/vars.js';

export interface HostBecome {
  /** undefined: the inventory does not say; the CLI's -b decides. */
  become?: boolean;
  user?: string;
  password?: string;
}

/** The origin a host variable set by -e carries (cli/extra-vars.ts sets it). */
export const EXTRA_VARS_ORIGIN = '-e (extra vars)';

/** The variables that hold a sudo password: every value of these is a secret. */
export const BECOME_PASSWORD_VARS = ['ansible_become_password', 'ansible_become_pass'] as const;

/** Every variable name becomeVars reads: what -e can set above the inventory (cli/extra-vars.ts). */
export const BECOME_VAR_NAMES: readonly string[] = [
  'ansible_become',
  'ansible_become_user',
  'ansible_become_method',
  ...BECOME_PASSWORD_VARS,
];

// YAML 1.2 reads `yes`/`no` as strings; Ansible inventories use them as booleans.
const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

export function becomeVars(host: InventoryHost): HostBecome {
  const out: HostBecome = {};
  const flag = set(host, 'ansible_become');
  if (flag !== undefined) out.become = toBoolean(host, flag);
  const user = set(host, 'ansible_become_user');
  if (user !== undefined) {
    if (typeof user !== 'string' || user === '')
      throw invalid(host, 'ansible_become_user', `must be a user name, got ${JSON.stringify(user)}`);
    out.user = user;
  }
  const method = set(host, 'ansible_become_method');
  if (method !== undefined && method !== 'sudo') {
    throw invalid(host, 'ansible_become_method', `is ${JSON.stringify(method)}, but runbook becomes only through sudo`);
  }
  const name = BECOME_PASSWORD_VARS.find((n) => set(host, n) !== undefined);
  if (name !== undefined)
    out.password = literalSecret(host, name, 'the sudo password', 'use -K or RUNBOOK_BECOME_PASSWORD');
  return out;
}

function set(host: InventoryHost, name: string): VarValue | undefined {
  const value = host.vars[name];
  return value === null ? undefined : value;
}

function toBoolean(host: InventoryHost, value: VarValue): boolean {
  if (typeof value === 'boolean') return value;
  const word = String(value).toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  throw invalid(host, 'ansible_become', `must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * A password variable, taken literally. The value stays out of every message: it
 * may be a real password, mistyped. `instead` says the other ways to give it.
 */
export function literalSecret(host: InventoryHost, name: string, what: string, instead: string): string {
  const value = host.vars[name];
  if (typeof value !== 'string' || value === '') {
    throw invalid(
      host,
      name,
      `must be a non-empty string (got a ${Array.isArray(value) ? 'list' : typeof value}); quote it in YAML`,
    );
  }
  if (value.includes('{{')) {
    throw invalid(
      host,
      name,
      `is a template, and runbook takes ${what} literally`,
      `give the password itself, or leave it out and ${instead}`,
    );
  }
  if (value.includes('\n')) throw invalid(host, name, 'holds a line break, which no password prompt can read');
  return value;
}

function invalid(host: InventoryHost, name: string, what: string, hint?: string): RunbookError {
  return new RunbookError('inventory', `host "${host.name}": ${name} ${what}`, {
    hint: hint ?? `fix ${name} for ${host.name} in the inventory, its group_vars or its host_vars`,
  });
}
