// As in Ansible: `localhost` may be named as a play's hosts or a delegate_to
// target without being in the inventory. It then runs on the controller
// (ansible_connection: local), has the variables of group `all`, and is in no
// group: `all`, globs and regexes do not match it, only its name does.
import type { Inventory, InventoryHost } from '../types/inventory.js';

export const IMPLICIT_LOCALHOST = 'localhost';

export function withImplicitLocalhost(inv: Inventory): Inventory {
  if (inv.hosts.has(IMPLICIT_LOCALHOST)) return inv;
  const vars = { ...inv.groups.get('all')?.vars, ansible_connection: 'local' };
  const host: InventoryHost = {
    name: IMPLICIT_LOCALHOST,
    groups: [],
    vars,
    origins: Object.fromEntries(
      Object.keys(vars).map((k) => [
        k,
        k === 'ansible_connection' ? 'implicit localhost' : 'group "all" (implicit localhost)',
      ]),
    ),
    varDirs: {},
    implicit: true,
  };
  return { ...inv, hosts: new Map([...inv.hosts, [IMPLICIT_LOCALHOST, host]]) };
}
