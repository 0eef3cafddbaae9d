// Everything a run shares across plays, batches and tasks.
import { createRequire } from 'node:module';
import type { HostBecome } from '../inventory/become-vars.js';
import type { ModuleDef } from '../modules/contract.js';
import type { Connection } from '../transport/connection.js';
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { BecomeDefaults } from './become.js';
import type { Emit } from './events.js';
import type { SharedReads } from './run-cache.js';
import type { FactsAhead } from './facts-ahead.js';
import type { RunState } from './run-state.js';
import { nameInRole } from './role-task-name.js';
import type { TagFilter } from './tags.js';

export interface RunContext {
  state: RunState;
  modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>>;
  emit: Emit;
  /** Emits a warning event the first time a text comes up in the run (as ansible-playbook says each warning once). */
  warn: (msg: string) => void;
  forks: number;
  check: boolean;
  tags: TagFilter;
  startAt: StartAt;
  extraVars: Vars;
  groups: Record<string, string[]>;
  playbookDir: string;
  /** The inventory's files (inventory_file, inventory_dir). */
  inventorySources?: readonly string[];
  /** The controller's environment, for lookup('env') (read by src/cli). */
  controllerEnv: Readonly<Record<string, string | undefined>>;
  /** The one connection to an inventory host (opened on first use). */
  connect: (host: string) => Promise<Connection>;
  /** Closes a host's connection (meta: reset_connection); the next task opens a new one. */
  resetConnection?: (host: string) => Promise<void>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** -b, --become-user and the -K password: below play keywords and the inventory. */
  become: BecomeDefaults;
  /** Each host's ansible_become* variables, checked once at the start of the run. */
  hostBecome: ReadonlyMap<string, HostBecome>;
  /** Aborts on an interrupt: no new task starts. */
  interrupt?: AbortSignal;
  /** Aborts once an interrupted run's grace is over: running commands are stopped. */
  cancel?: AbortSignal;
  /** Reads modules share for the rest of the run (run-cache.ts). */
  cache?: SharedReads;
  /** Facts read ahead of a host's batch (facts-ahead.ts). */
  factsAhead?: FactsAhead;
}

/**
 * --start-at-task: tasks are passed over until one comes up whose name matches,
 * as in Ansible: the name itself or "ROLE : name", equal or matching the text
 * as a shell-style pattern (`*`, `?`, `[ab]`).
 */
export class StartAt {
  private waiting: boolean;
  private readonly matches?: (name: string) => boolean;

  constructor(name?: string) {
    this.waiting = name !== undefined;
    if (name !== undefined) {
      // bash: `*` crosses "/" too, as Python's fnmatch (task names hold paths).
      // picomatch is loaded only when --start-at-task is given.
      const picomatch = createRequire(import.meta.url)('picomatch') as typeof import('picomatch');
      const glob = picomatch(name, { bash: true, dot: true, nobrace: true, noextglob: true, nonegate: true });
      this.matches = (n) => n === name || glob(n);
    }
  }

  reached(task: ModuleTask): boolean {
    if (this.waiting && this.matches) {
      const own = task.name ?? task.module;
      if (
        (task.name !== undefined && this.matches(task.name)) ||
        (task.role !== undefined && this.matches(nameInRole(task.role, own)))
      )
        this.waiting = false;
    }
    return !this.waiting;
  }

  /** True when the named task was never found: the CLI says so. */
  get missed(): boolean {
    return this.waiting;
  }
}
