// What a run would do, without running it: each play's hosts (after --limit),
// the batches `serial` cuts them into, and the tasks --tags/--skip-tags select.
// `apply --list-hosts/--list-tasks/--list-tags` print it.
import { selectHosts } from '../inventory/pattern.js';
import { splitBatches } from '../plan/batches.js';
import { moduleTasks } from '../plan/module-tasks.js';
import type { Inventory } from '../types/inventory.js';
import type { Playbook } from '../types/playbook.js';
import { selectedByTags } from './tags.js';

export interface PlayOutline {
  name: string;
  pattern: string;
  tags: string[];
  hosts: string[];
  /** One list of host names per batch, in the order they run. */
  batches: string[][];
  serial?: unknown;
  /** Tasks --tags and --skip-tags leave, blocks flattened; each with its own and inherited tags. */
  tasks: { name: string; tags: string[] }[];
}

export interface OutlineOptions {
  limit?: ReadonlySet<string>;
  tags?: readonly string[];
  skipTags?: readonly string[];
}

export function outlinePlaybook(playbook: Playbook, inventory: Inventory, o: OutlineOptions = {}): PlayOutline[] {
  const filter = { only: new Set(o.tags ?? []), skip: new Set(o.skipTags ?? []) };
  return playbook.plays.map((play) => {
    const hosts = selectHosts(inventory, play.hosts).filter((h) => !o.limit || o.limit.has(h));
    const tasks = [...moduleTasks([...play.preTasks, ...play.tasks, ...play.postTasks])]
      .filter((t) => selectedByTags(t.tags, filter))
      .map((t) => ({ name: t.name ?? t.module, tags: [...new Set(t.tags)].sort() }));
    return {
      name: play.name,
      pattern: play.hosts,
      tags: play.tags,
      hosts,
      batches: splitBatches(hosts, play.serial),
      serial: play.serial,
      tasks,
    };
  });
}
