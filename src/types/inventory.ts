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
  /** Not in the inventory file (the implicit localhost): only its own name selects it. */
  implicit?: boolean;
}

export interface Inventory {
  file: string;
  /** Hosts in the order they first appear in the inventory file. */
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
}
