// Ansible's magic variables a task reads beside its own (vars/scope.ts sets the
// inventory ones): the play's hosts and batch still going, the run's tags, the
// role's path, the inventory file, and the versions Ansible roles test.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { InventoryHost } from '../types/inventory.js';
import type { TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { RunContext } from './run-context.js';

/** The ansible-core whose behaviour runbook follows (checked against ansible-playbook 2.14.18). */
const ANSIBLE_VERSION = { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' };

export interface PlayPlace {
  /** Every host of the play. */
  playHostsAll: readonly string[];
  /** The hosts of the play still going (not failed or unreachable). */
  playHosts: readonly string[];
  /** The hosts of the current serial batch still going. */
  batch: readonly string[];
  /** The play's role names (parse/roles.ts). */
  roleNames?: { play: readonly string[]; all: readonly string[] };
}

/** Their names, for `runbook validate` (which knows their values only at run time). */
export const MAGIC_NAMES: readonly string[] = [
  'ansible_version',
  'ansible_play_hosts_all',
  'ansible_play_hosts',
  'ansible_play_batch',
  'ansible_run_tags',
  'ansible_skip_tags',
  'inventory_file',
  'inventory_dir',
  'role_path',
  'role_name',
  'ansible_playbook_python',
  'ansible_play_role_names',
  'role_names',
  'ansible_role_names',
  'ansible_search_path',
];

export function magicVars(task: TaskCommon, host: InventoryHost, run: RunContext, place: PlayPlace): Vars {
  const inventoryFile = host.implicit ? undefined : run.inventorySources?.[0];
  return {
    ansible_version: ANSIBLE_VERSION,
    ansible_play_hosts_all: [...place.playHostsAll],
    ansible_play_hosts: [...place.playHosts],
    ansible_play_batch: [...place.batch],
    ansible_run_tags: run.tags.only.size > 0 ? [...run.tags.only] : ['all'],
    ansible_skip_tags: [...run.tags.skip],
    // Roles a dynamic include_role brings in join these in Ansible as the run reaches them; here they do not.
    ansible_play_role_names: [...(place.roleNames?.play ?? [])],
    role_names: [...(place.roleNames?.play ?? [])],
    ansible_role_names: [...(place.roleNames?.all ?? [])],
    ...(inventoryFile
      ? { inventory_file: resolve(inventoryFile), inventory_dir: dirname(resolve(inventoryFile)) }
      : {}),
    ...(task.role ? { role_path: task.role.dir, role_name: task.role.name } : {}),
    ansible_search_path: searchPath(task),
    ...(playbookPython(run) ? { ansible_playbook_python: playbookPython(run) as string } : {}),
  };
}

// As Ansible's Task.get_search_path: the roles of the dependency chain, nearest first, then the task file's directory.
function searchPath(task: TaskCommon): string[] {
  return [...new Set([...(task.role?.searchDirs ?? []), dirname(task.source.file)])];
}

const pythonAt = new WeakMap<RunContext, string | null>();

// runbook runs no Python; a role that reads ansible_playbook_python gets the controller's python3, where there is one.
function playbookPython(run: RunContext): string | undefined {
  if (!pythonAt.has(run)) {
    const dirs = (run.controllerEnv.PATH ?? '/usr/bin:/bin').split(':').filter((d) => d !== '');
    pythonAt.set(run, dirs.map((d) => join(d, 'python3')).find((p) => existsSync(p)) ?? null);
  }
  return pythonAt.get(run) ?? undefined;
}
