// Everything a run shares across plays, batches and tasks.
import type { HostBecome } from '../inventory/become-vars.js';
import type { ModuleDef } from '../modules/contract.js';
import type { Connection } from '../transport/connection.js';
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { BecomeDefaults } from './become.js';
import type { Emit } from './events.js';
import type { RunState } from './run-state.js';
import type { TagFilter } from './tags.js';

export interface RunContext {
  state: RunState;
  modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>>;
  emit: Emit;
  forks: number;
  check: boolean;
  tags: TagFilter;
  startAt: StartAt;
  extraVars: Vars;
  groups: Record<string, string[]>;
  playbookDir: string;
  /** The one connection to an inventory host (opened on first use). */
  connect: (host: string) => Promise<Connection>;
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
}

/** --start-at-task: tasks are passed over until one with this name comes up. */
export class StartAt {
  private waiting: boolean;

  constructor(private readonly name?: string) {
    this.waiting = name !== undefined;
  }

  reached(task: ModuleTask): boolean {
    if (this.waiting && task.name === this.name) this.waiting = false;
    return !this.waiting;
  }

  /** True when the named task was never found: the CLI says so. */
  get missed(): boolean {
    return this.waiting;
  }
}
