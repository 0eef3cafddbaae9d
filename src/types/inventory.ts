import type { Vars } from './vars.js';

export interface InventoryGroup {
  name: string;
  /** Hosts listed directly under this group. */
  hosts: string[];
  /** Child group names. */
  children: string[];
  vars: Vars;
}

export interface InventoryHost {
  name: string;
  /** Every group the host belongs to, directly or through children, `all` first. */
  groups: string[];
  /**
   * The host's variables after inventory precedence: all → parent groups → child groups
   * (deeper wins, then alphabetical) → group_vars/ → host vars → host_vars/.
   */
  vars: Vars;
  /**
   * Where each variable's value came from: the inventory file and group or host,
   * or the group_vars/host_vars file (`runbook inventory --host` shows it).
   */
  origins: Record<string, string>;
  /**
   * For each variable, the directory of the inventory source its value came from
   * (the directory of the file given to -i, or the directory given): relative
   * paths in it, such as a private key, are taken from there.
   */
  varDirs: Record<string, string>;
  /** Not in the inventory file (the implicit localhost): only its own name selects it. */
  implicit?: boolean;
}

export interface Inventory {
  /** The files and directories the inventory was read from, in the order given. */
  sources: string[];
  /** Hosts in the order they first appear in the inventory sources. */
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
}
