// -e / --extra-vars, as ansible-playbook takes them: `key=value` pairs (values
// stay strings), an inline YAML/JSON mapping, or `@file.yaml`. Repeatable; later wins.
// They sit above every other variable, connection variables included.
import { RunbookError } from '../errors.js';
import { BECOME_VAR_NAMES, EXTRA_VARS_ORIGIN, becomeVars } from '../inventory/become-vars.js';
import { CONNECTION_VAR_NAMES, connectionVars } from '../inventory/connection-vars.js';
import { readVarsFile } from '../parse/vars-files.js';
import { parseYaml } from '../parse/yaml-source.js';
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';

export function collectExtraVars(value: string, prev: Vars): Vars {
  return { ...prev, ...parseExtraVars(value) };
}

export function parseExtraVars(value: string): Vars {
  const text = value.trim();
  // A long inline mapping is shown cut, so that the reason after it stays on screen.
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  if (text.startsWith('@')) return readVarsFile(text.slice(1));
  if (text.startsWith('{')) {
    let data: unknown;
    try {
      // As a vars file: YAML 1.1, so yes/no are booleans.
      data = parseYaml(text, '-e').data;
    } catch (err) {
      const pos =
        err instanceof RunbookError && err.source
          ? ` at column ${err.source.col}${err.source.line > 1 ? ` of line ${err.source.line}` : ''}`
          : '';
      throw new RunbookError(
        'usage',
        `-e ${shown}: not a valid YAML/JSON mapping${pos}: ${(err as Error).message.split('\n')[0]}`,
        {
          hint: err instanceof RunbookError ? err.hint : undefined,
        },
      );
    }
    if (!data || typeof data !== 'object' || Array.isArray(data))
      throw new RunbookError('usage', `-e ${shown}: expected a mapping`);
    return data as Vars;
  }
  const out: Vars = {};
  // key=value pairs separated by spaces; a value may be quoted to hold spaces.
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|\S*)/g)) {
    out[m[1] as string] = m[3] ?? m[4] ?? (m[2] as string);
  }
  if (Object.keys(out).length === 0) {
    throw new RunbookError('usage', `-e ${shown}: expected key=value, a mapping, or @file.yaml`, {
      hint: 'for example: -e containerd_version=1.7.2 or -e @vars.yaml',
    });
  }
  return out;
}

// Ansible's connection and become variables (ansible-doc 2.14 of the ssh
// connection, the sudo and su become and the sh shell plugins) that runbook
// has no use for. Given with -e they are refused: a run that silently ignored
// `-e ansible_sudo_pass=…` would fail later, and far from the cause.
const SSH_ITSELF = 'runbook speaks SSH itself: no ssh, scp or sftp program, ControlPath or pipelining to set';
const UNUSABLE: Record<string, string> = {
  ...Object.fromEntries(
    [
      'ansible_ssh_executable',
      'ansible_ssh_args',
      'ansible_scp_executable',
      'ansible_scp_extra_args',
      'ansible_scp_if_ssh',
      'ansible_sftp_executable',
      'ansible_sftp_extra_args',
      'ansible_sftp_batch_mode',
      'ansible_ssh_transfer_method',
      'ansible_control_path',
      'ansible_control_path_dir',
      'ansible_pipelining',
      'ansible_ssh_pipelining',
      'ansible_ssh_use_tty',
      'ansible_ssh_pkcs11_provider',
      'ansible_sshpass_prompt',
      'ansible_ssh_retries',
    ].map((n) => [n, SSH_ITSELF]),
  ),
  ansible_host_key_checking: 'use -e runbook_host_key_checking=strict|accept-new|off or --host-key-checking',
  ansible_ssh_host_key_checking: 'use -e runbook_host_key_checking=strict|accept-new|off or --host-key-checking',
  ansible_become_exe: 'runbook runs sudo itself, with its own flags',
  ansible_become_flags: 'runbook runs sudo itself, with its own flags',
  ansible_sudo_exe: 'runbook runs sudo itself, with its own flags',
  ansible_sudo_flags: 'runbook runs sudo itself, with its own flags',
  ansible_sudo_pass: 'use ansible_become_password (its current name)',
  ansible_sudo_user: 'use ansible_become_user (its current name)',
  ansible_su_exe: 'runbook becomes only through sudo',
  ansible_su_flags: 'runbook becomes only through sudo',
  ansible_su_pass: 'runbook becomes only through sudo',
  ansible_su_user: 'runbook becomes only through sudo',
  ansible_su_prompt_l10n: 'runbook becomes only through sudo',
  ansible_shell_type: "runbook runs commands with the login's /bin/sh",
  ansible_shell_executable: "runbook runs commands with the login's /bin/sh",
};

/**
 * The inventory with -e's connection and become variables set on every host
 * above every inventory layer: extra vars win, as in Ansible, over
 * ansible_user, ansible_port, ansible_become… wherever the inventory sets them
 * (and so over -u, -b and the other options the inventory already beats).
 * Relative paths in them (a private key) are taken from `cwd`. A connection or
 * become variable runbook cannot use is a usage error here, before any host is touched.
 */
export function withExtraConnectionVars(inventory: Inventory, extra: Vars, cwd: string): Inventory {
  const unusable = Object.keys(extra).filter((n) => n in UNUSABLE);
  if (unusable.length > 0) {
    const n = unusable[0]!;
    throw new RunbookError(
      'usage',
      `-e ${n}: runbook cannot use this Ansible connection variable, and will not ignore it`,
      { hint: `${UNUSABLE[n]}; leave it out` },
    );
  }
  const names = [...CONNECTION_VAR_NAMES, ...BECOME_VAR_NAMES].filter((n) => n in extra);
  if (names.length === 0) return inventory;
  const over: Vars = {};
  for (const n of names) over[n] = extra[n]!;
  checkAlone(over, cwd);
  const origin = Object.fromEntries(names.map((n) => [n, EXTRA_VARS_ORIGIN]));
  const dirs = Object.fromEntries(names.map((n) => [n, cwd]));
  const hosts = new Map(
    [...inventory.hosts].map(([name, h]) => [
      name,
      { ...h, vars: { ...h.vars, ...over }, origins: { ...h.origins, ...origin }, varDirs: { ...h.varDirs, ...dirs } },
    ]),
  );
  return { ...inventory, hosts };
}

// The -e values read as a host's would be, so a bad one is reported as -e's, not
// as the first inventory host's (whose inventory would then be blamed).
function checkAlone(vars: Vars, cwd: string): void {
  const names = Object.keys(vars);
  const host = {
    name: '-e',
    groups: ['all'],
    vars,
    origins: Object.fromEntries(names.map((n) => [n, '-e'])),
    varDirs: Object.fromEntries(names.map((n) => [n, cwd])),
  };
  try {
    connectionVars(host);
    becomeVars(host);
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    throw new RunbookError('usage', `-e ${err.message.replace(/^host "-e": /, '')}`, {
      hint: 'give it a value runbook can use, or leave it out',
    });
  }
}
