// A role of a play's `roles:` or a role's dependency runs once per host and play,
// as ansible-core 2.14's Role.has_run(host): a dependency shared by two roles that
// include_role brings in (or one the play's roles ran already) is skipped on a
// host that ran it. Loading dedupes the static roles; an include loads on its own.
import type { InventoryHost } from '../types/inventory.js';
import type { Play } from '../types/playbook.js';

const ran = new WeakMap<object, WeakMap<Play, Map<string, Set<string>>>>();

/** The hosts that have not run the role `key` in this play; each is marked as having run it. */
export function hostsNewToRole(run: object, play: Play, key: string, hosts: InventoryHost[]): InventoryHost[] {
  let plays = ran.get(run);
  if (!plays) ran.set(run, (plays = new WeakMap()));
  let roles = plays.get(play);
  if (!roles) plays.set(play, (roles = new Map()));
  let done = roles.get(key);
  if (!done) roles.set(key, (done = new Set()));
  const fresh = hosts.filter((h) => !done.has(h.name));
  for (const h of fresh) done.add(h.name);
  return fresh;
}
