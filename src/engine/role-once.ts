// A role of a play's `roles:` or a role's dependency runs once per host and play,
// as ansible-core 2.14's Role.has_run(host): a dependency shared by two roles that
// include_role brings in (or one the play's roles ran already) is skipped on a
// host that ran it. Loading dedupes the static roles; an include loads on its own.
import type { InventoryHost } from '../types/inventory.js';
import type { Play } from '../types/playbook.js';

const ran = new WeakMap<object, WeakMap<Play, Map<string, Set<string>>>>();

/** `map`'s value for `key`, made by `make` the first time. */
function entry<K extends object | string, V>(map: Map<K, V> | WeakMap<K & object, V>, key: K, make: () => V): V {
  const m = map as Map<K, V>;
  const found = m.get(key);
  if (found !== undefined) return found;
  const made = make();
  m.set(key, made);
  return made;
}

/** The hosts that have not run the role `key` in this play; each is marked as having run it. */
export function hostsNewToRole(run: object, play: Play, key: string, hosts: InventoryHost[]): InventoryHost[] {
  const plays = entry(ran, run, () => new WeakMap<Play, Map<string, Set<string>>>());
  const done = entry(
    entry(plays, play, () => new Map<string, Set<string>>()),
    key,
    () => new Set<string>(),
  );
  const fresh = hosts.filter((h) => !done.has(h.name));
  for (const h of fresh) done.add(h.name);
  return fresh;
}
