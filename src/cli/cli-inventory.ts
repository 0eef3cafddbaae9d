// The inventory a command runs on, from its -i values and -c: files, directories
// and host lists (`-i node1,node2`) merged in order; none at all is the implicit
// localhost alone, as ansible-playbook without -i (and no /etc/ansible/hosts) runs.
import { buildInventory } from '../inventory/build.js';
import { loadInventory, playbookVarsSources } from '../parse/inventory.js';
import type { Inventory } from '../types/inventory.js';

export const NO_INVENTORY_WARNING = 'warning: no inventory given (-i): only the implicit localhost is available';

export function cliInventory(
  sources: readonly string[] | undefined,
  connection: 'ssh' | 'local' | undefined,
  warn: (text: string) => void,
  playbookDirs: readonly string[] = [],
): Inventory {
  let inventory: Inventory;
  if (sources === undefined || sources.length === 0) {
    warn(`${NO_INVENTORY_WARNING}\n`);
    inventory = buildInventory(playbookVarsSources(playbookDirs));
  } else inventory = loadInventory(sources, playbookDirs);
  return connection === 'local' ? withDefaultConnection(inventory, connection) : inventory;
}

// As Ansible's -c: the connection of every host whose variables name none (ansible_connection wins).
function withDefaultConnection(inventory: Inventory, kind: 'local'): Inventory {
  const hosts = new Map(
    [...inventory.hosts].map(([name, h]) => [
      name,
      h.vars.ansible_connection === undefined
        ? {
            ...h,
            vars: { ...h.vars, ansible_connection: kind },
            origins: { ...h.origins, ansible_connection: `-c ${kind}` },
          }
        : h,
    ]),
  );
  return { ...inventory, hosts };
}
