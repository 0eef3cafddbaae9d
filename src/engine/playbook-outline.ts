// What a run would do, without running it: each play's hosts (after --limit),
// the batches `serial` cuts them into, and the tasks --tags/--skip-tags select.
// `apply --list-hosts/--list-tasks/--list-tags` print it.
import { selectHosts } from '../inventory/pattern.js';
import { splitBatches } from '../plan/batches.js';
import { playVars, playWithKeywords, stepKeywords } from './step-keywords.js';
import type { Inventory } from '../types/inventory.js';
import type { Vars } from '../types/vars.js';
import type { IncludeTask, MetaTask, ModuleTask, Playbook, Task } from '../types/playbook.js';
import { nameInRole } from './role-task-name.js';
import { selectedByTags } from './tags.js';

export interface PlayOutline {
  name: string;
  pattern: string;
  tags: string[];
  hosts: string[];
  /** One list of host names per batch, in the order they run. */
  batches: string[][];
  serial?: unknown;
  /**
   * Tasks --tags and --skip-tags leave, blocks, imported files and roles
   * flattened; each with its own and inherited tags. A dynamic include is one
   * entry ("include_tasks: FILE"): what it brings is read at run time.
   */
  tasks: { name: string; tags: string[] }[];
}

export interface OutlineOptions {
  limit?: ReadonlySet<string>;
  tags?: readonly string[];
  skipTags?: readonly string[];
}

export function outlinePlaybook(playbook: Playbook, inventory: Inventory, o: OutlineOptions = {}): PlayOutline[] {
  const filter = { only: new Set(o.tags ?? []), skip: new Set(o.skipTags ?? []) };
  return playbook.plays.map((written) => {
    // A templated serial as the run renders it (without --extra-vars: list takes none).
    const vars = playVars(written, {});
    const play = playWithKeywords(written, vars);
    const hosts = selectHosts(inventory, play.hosts).filter((h) => !o.limit || o.limit.has(h));
    const tasks = [...listedTasks([...play.preTasks, ...play.roles, ...play.tasks, ...play.postTasks])]
      .map((t) => ({ name: listedName(t), tags: listedTags(t, vars) }))
      .filter((t) => selectedByTags(t.tags, filter));
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

// Templated tags rendered with the play's variables, as ansible-playbook 2.14 lists and selects them (not the task's);
// one that needs a host's variables (unknown here) stays as written.
function listedTags(t: ModuleTask | IncludeTask | MetaTask, vars: Vars): string[] {
  let tags: string[];
  try {
    tags = stepKeywords(t, () => vars).tags();
  } catch {
    tags = t.tags;
  }
  return [...new Set(tags)].sort();
}

function* listedTasks(tasks: readonly Task[]): Generator<ModuleTask | IncludeTask | MetaTask> {
  for (const t of tasks) {
    if (t.kind === 'block') yield* listedTasks([...t.block, ...t.rescue, ...t.always]);
    else yield t;
  }
}

// A role's task shows its role as ansible-playbook does ("web : install"); an include says what it includes.
function listedName(t: ModuleTask | IncludeTask | MetaTask): string {
  const own =
    t.kind === 'include'
      ? (t.name ?? `${t.action}: ${t.target}${t.tasksFrom ? ` (tasks_from: ${t.tasksFrom})` : ''}`) +
        ' (dynamic, read at run time)'
      : (t.name ?? (t.kind === 'meta' ? `meta: ${t.action}` : t.module));
  return nameInRole(t.role, own);
}
