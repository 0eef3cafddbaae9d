// What `runbook validate` cannot know before a run: the variables a run sets on
// a host as it goes (registers, set_fact keys, gathered facts, what a rescue
// reads of the failure, what include_vars files and included task files set),
// and, for each task, which of them earlier tasks set, so that the task does
// not read a role default or inventory value that a set_fact or include_vars
// replaces before it runs (Kubespray's containerd role reads `containerd_repo_info`
// from its defaults only until include_vars sets it).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gatheredNames } from '../facts/host/ansible-facts.js';
import { selectHosts } from '../inventory/pattern.js';
import { loadIncluded, readIncludedVars } from '../parse/includes.js';
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { IncludeTask, ModuleTask, Play, Playbook, Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { NotYetKnown } from '../vars/render.js';
import { renderValue } from '../vars/render-value.js';
import { MAGIC_NAMES } from './magic-vars.js';

export interface RuntimeNames {
  /** Every name a run may set on a host. */
  all: Set<string>;
  /** Per task: the names set_fact and include_vars set before it runs (they replace what the inventory or a role gave). */
  setBefore: Map<ModuleTask, ReadonlySet<string>>;
}

/** A play's tasks in the order they run: pre_tasks, roles, tasks, post_tasks. */
export function playTasks(play: Play): Task[] {
  return [...play.preTasks, ...play.roles, ...play.tasks, ...play.postTasks];
}

export function* includes(tasks: readonly Task[]): Generator<IncludeTask> {
  for (const t of tasks) {
    if (t.kind === 'include') yield t;
    else if (t.kind === 'block') yield* includes([...t.block, ...t.rescue, ...t.always]);
  }
}

// Module tasks and includes in the order they are written, blocks opened.
function* steps(tasks: readonly Task[]): Generator<ModuleTask | IncludeTask> {
  for (const t of tasks) {
    if (t.kind === 'module' || t.kind === 'include') yield t;
    else if (t.kind === 'block') yield* steps([...t.block, ...t.rescue, ...t.always]);
  }
}

export function runtimeNames(
  playbook: Playbook,
  inventory: Inventory,
  modules: ModuleCatalog,
  extraVars: Vars,
): RuntimeNames {
  const all = new Set(['facts', 'ansible_failed_task', 'ansible_failed_result', ...gatheredNames(), ...MAGIC_NAMES]);
  const setBefore = new Map<ModuleTask, ReadonlySet<string>>();
  // Set by the tasks walked so far; a later set_fact replaces a default, never an extra var.
  const replaced = new Set<string>();
  const replace = (names: Iterable<string>) => {
    for (const n of names) if (!(n in extraVars)) replaced.add(n);
  };
  for (const play of playbook.plays) {
    let hosts: InventoryHost[] = [];
    try {
      hosts = selectHosts(inventory, play.hosts).map((n) => inventory.hosts.get(n) as InventoryHost);
    } catch {
      // The pattern's error is reported with the play.
    }
    const scopes = hosts.map(
      (host) =>
        ({
          ...play.defaults,
          ...host.vars,
          ...play.vars,
          ...play.varsFiles,
          ...extraVars,
          inventory_hostname: host.name,
        }) as Vars,
    );
    const walk = new SetNames(all, scopes, modules);
    for (const step of steps(playTasks(play))) {
      if (step.kind === 'module') {
        setBefore.set(step, new Set(replaced));
        if (step.register) all.add(step.register);
        const sets = modules.get(step.module)?.setsVariables?.(step.args) ?? [];
        for (const k of sets) all.add(k);
        replace(sets);
      } else replace(walk.include(step));
    }
    for (const t of play.handlers) walk.tasks([t]);
  }
  return { all, setBefore };
}

/** Adds to `names` what tasks and includes set; an include returns the names it set (set_fact, include_vars). */
class SetNames {
  private readonly seen = new Set<string>();
  constructor(
    private readonly names: Set<string>,
    private readonly scopes: readonly Vars[],
    private readonly modules: ModuleCatalog,
  ) {}

  tasks(tasks: readonly Task[]): string[] {
    const set: string[] = [];
    for (const step of steps(tasks)) {
      if (step.kind === 'include') {
        set.push(...this.include(step));
        continue;
      }
      if (step.register) this.names.add(step.register);
      for (const k of this.modules.get(step.module)?.setsVariables?.(step.args) ?? []) {
        this.names.add(k);
        set.push(k);
      }
    }
    return set;
  }

  include(inc: IncludeTask): string[] {
    const set: string[] = [];
    for (const target of includeTargets(inc, this.scopes)) {
      const key = `${inc.action}:${inc.baseDir}:${target}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      // What cannot be read here is the run's to report.
      try {
        if (inc.action === 'include_vars') set.push(...Object.keys(readIncludedVars(inc, target)));
        else set.push(...this.tasks(loadIncluded(inc, target, inc.vars, this.modules, [])));
      } catch {
        // It adds no names; the run reports why it cannot be read.
      }
    }
    for (const n of set) this.names.add(n);
    return set;
  }
}

// The include's file or role name on each host, where it renders without what only a run gives.
// An include_vars in a role whose file only the run can name (`"{{ item }}"` of a with_first_found
// over the host's facts) may read any file of the vars/ of its role or of the roles above it (where
// first_found looks: Kubespray's containerd-common reads containerd's vars/debian.yml).
function includeTargets(inc: IncludeTask, scopes: readonly Vars[]): string[] {
  if (!inc.target.includes('{{')) return [inc.target];
  const out = new Set<string>();
  for (const scope of scopes) {
    try {
      out.add(String(renderValue(inc.target, { ...scope, ...inc.vars }, inc.source)));
    } catch {
      // It needs what only a run gives (a registered value, a fact): no target known on this host.
    }
  }
  if (out.size === 0 && inc.action === 'include_vars' && inc.role) {
    for (const role of inc.role.searchDirs ?? [inc.role.dir]) {
      const dir = join(role, 'vars');
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir).sort()) if (/\.(ya?ml|json)$/.test(f)) out.add(join(dir, f));
    }
  }
  return [...out];
}

/**
 * The task's scope with the run-time names that say so when read: those it does
 * not hold, and those a set_fact or include_vars before the task replaces. A
 * variable only the inventory or the play sets is checked with that value. Every
 * host's `hostvars` entry says so too (a fact set on localhost by a delegated
 * set_fact, read as `hostvars.localhost.x`).
 */
export function withRunTimeNames(vars: Vars, runtime: RuntimeNames, task: ModuleTask): Vars {
  // Set where the templated values render, so those that need one are unknown too.
  const replaced = runtime.setBefore.get(task) ?? new Set<string>();
  for (const n of runtime.all) if (!(n in vars)) notYetKnown(vars, n);
  for (const n of replaced) if (Object.getOwnPropertyDescriptor(vars, n)?.configurable !== false) notYetKnown(vars, n);
  const hostvars = vars.hostvars as Record<string, Vars> | undefined;
  if (hostvars && typeof hostvars === 'object') {
    const out: Record<string, Vars> = {};
    for (const h of Object.keys(hostvars)) {
      Object.defineProperty(out, h, {
        enumerable: true,
        get: () => withMissingNames(hostvars[h] as Vars, runtime.all),
      });
    }
    Object.defineProperty(vars, 'hostvars', { value: out, enumerable: true, writable: true, configurable: true });
  }
  return vars;
}

const marked = new WeakSet<object>();

// One host's hostvars entry is built once and shared by every task: marked once.
function withMissingNames(entry: Vars, names: ReadonlySet<string>): Vars {
  if (marked.has(entry)) return entry;
  marked.add(entry);
  for (const n of names) if (!(n in entry)) notYetKnown(entry, n);
  return entry;
}

function notYetKnown(vars: Vars, n: string): void {
  Object.defineProperty(vars, n, {
    enumerable: true,
    configurable: true,
    get() {
      throw new NotYetKnown(n);
    },
  });
}
