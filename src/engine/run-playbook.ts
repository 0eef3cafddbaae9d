// Runs plays in order; within a play, each task on every remaining host at once
// (bounded by forks), lockstep like Ansible's linear strategy. A host that fails
// or cannot be reached leaves the play; the others go on.
import { selectHosts } from '../inventory/pattern.js';
import type { ModuleDef } from '../modules/contract.js';
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { Play, Playbook } from '../types/playbook.js';
import { groupMembers, taskScope } from '../vars/scope.js';
import { ConnectionPool, type HostConnector } from './connections.js';
import type { Emit, HostCounts, Recap, TaskResult } from './events.js';
import { forEachLimit } from './limit.js';
import { runTask } from './run-task.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  forks: number;
  /** Host names allowed by --limit; undefined = all. */
  limit?: ReadonlySet<string>;
  modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>>;
  connect: HostConnector;
  emit: Emit;
  now?: () => number;
}

const zero = (): HostCounts => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

export async function runPlaybook(playbook: Playbook, inventory: Inventory, opts: RunOptions): Promise<Recap> {
  const now = opts.now ?? Date.now;
  const started = now();
  const recap: Recap = new Map();
  const pool = new ConnectionPool(opts.connect);
  const groups = groupMembers(inventory);
  opts.emit({ kind: 'run-start', playbook: playbook.file, check: opts.check, diff: opts.diff });
  try {
    for (const play of playbook.plays) {
      await runPlay(play, { playbook, inventory, opts, pool, groups, recap, now });
    }
  } finally {
    await pool.closeAll();
  }
  opts.emit({ kind: 'run-end', recap, durationMs: now() - started });
  return recap;
}

interface PlayContext {
  playbook: Playbook;
  inventory: Inventory;
  opts: RunOptions;
  pool: ConnectionPool;
  groups: Record<string, string[]>;
  recap: Recap;
  now: () => number;
}

async function runPlay(play: Play, ctx: PlayContext): Promise<void> {
  const { inventory, opts } = ctx;
  const names = selectHosts(inventory, play.hosts).filter((h) => !opts.limit || opts.limit.has(h));
  // A host that failed or was unreachable in an earlier play stays out (as Ansible does).
  const active = names.filter((h) => {
    const c = ctx.recap.get(h);
    return !c || (c.failed === 0 && c.unreachable === 0);
  });
  for (const h of active) if (!ctx.recap.has(h)) ctx.recap.set(h, zero());
  opts.emit({ kind: 'play-start', name: play.name, hosts: active, source: play.source });
  let remaining = active.map((n) => inventory.hosts.get(n) as InventoryHost);
  for (const task of play.tasks) {
    if (remaining.length === 0) break;
    const module = opts.modules.get(task.module);
    if (!module) throw new Error(`bug: module ${task.module} passed validation but is not registered`);
    const name = task.name ?? task.module;
    opts.emit({ kind: 'task-start', name, module: task.module, hosts: remaining.map((h) => h.name), source: task.source });
    const leaving = new Set<string>();
    await forEachLimit(remaining, opts.forks, async (host) => {
      const vars = taskScope({ host, groups: ctx.groups, playVars: play.vars, taskVars: task.vars, playbookDir: ctx.playbook.dir });
      const result = await runTask(
        { task, module, host: host.name, vars, check: opts.check, playbookDir: ctx.playbook.dir, connection: () => ctx.pool.get(host) },
        ctx.now,
      );
      count(ctx.recap, result);
      if (result.status === 'failed' || result.status === 'unreachable') leaving.add(host.name);
      opts.emit({ kind: 'task-result', task: name, result });
    });
    remaining = remaining.filter((h) => !leaving.has(h.name));
  }
  opts.emit({ kind: 'play-end', name: play.name });
}

function count(recap: Recap, r: TaskResult): void {
  const c = recap.get(r.host) ?? zero();
  recap.set(r.host, c);
  if (r.status === 'changed') {
    c.ok++;
    c.changed++;
  } else c[r.status]++;
}
