import type { SourcePos } from '../errors.js';
import type { Vars } from './vars.js';

/**
 * A condition as written in YAML (`when:`, `changed_when:`, `failed_when:`,
 * `until:`): an expression string, a boolean, or a list that must all hold.
 */
export interface Condition {
  value: unknown;
  /** Where the expression starts, for error messages. */
  source: SourcePos;
}

/** What every task and block carries; blocks pass these down to their tasks. */
export interface TaskCommon {
  name?: string;
  vars: Vars;
  source: SourcePos;
  /** Own condition and those of enclosing blocks: all must hold. */
  when: Condition[];
  /** Own tags and those of enclosing blocks and the play. */
  tags: string[];
  ignoreErrors: boolean;
  /** Run on this inventory host instead (with the current host's variables). */
  delegateTo?: string;
  runOnce: boolean;
  /** false: run even under --check (probes whose output later tasks need). */
  checkMode?: boolean;
  /** Seconds before the task is abandoned and fails on that host. */
  timeout?: number;
  noLog: boolean;
  /**
   * Run through sudo as `becomeUser`. undefined: the task and its blocks do not
   * say, and the play, the host's inventory or the CLI decide (engine/become.ts).
   */
  become?: boolean;
  becomeUser?: string;
  /** Variables for every command of the task (values may be templates). */
  environment: Record<string, string>;
}

/** Ansible's with_* keywords: each turns its value into items its own way. */
export type LoopKeyword = 'loop' | 'with_items' | 'with_list' | 'with_dict' | 'with_fileglob';

/** A task after validation: exactly one module, its arguments normalised to an object. */
export interface ModuleTask extends TaskCommon {
  kind: 'module';
  module: string;
  args: Record<string, unknown>;
  register?: string;
  /** A list, or a template naming one (`"{{ nodes }}"`). */
  loop?: unknown;
  /** The with_* keyword the loop came from; undefined for `loop:`. */
  loopWith?: Exclude<LoopKeyword, 'loop'>;
  loopVar: string;
  /** loop_control.label: a template shown for each item instead of the item. */
  loopLabel?: string;
  /** loop_control.index_var: variable holding the item's index (0-based). */
  indexVar?: string;
  /** loop_control.pause: seconds between items. */
  loopPause?: number;
  until?: Condition;
  retries: number;
  /** Seconds between tries. */
  delay: number;
  changedWhen?: Condition;
  failedWhen?: Condition;
  /** Handler names or `listen` topics to notify when the task changed something. */
  notify: string[];
}

export interface BlockTask extends TaskCommon {
  kind: 'block';
  block: Task[];
  rescue: Task[];
  always: Task[];
}

export type Task = ModuleTask | BlockTask;

/** A handler: a module task that runs once per batch when notified. */
export interface Handler extends ModuleTask {
  name: string;
  /** Topics it also answers to. */
  listen: string[];
}

export interface Play {
  name: string;
  hosts: string;
  /** Lowest precedence: what the playbook ships, overridden by the inventory and everything else. */
  defaults: Vars;
  vars: Vars;
  /** Variables files named by `vars_files`, already read (later files win). */
  varsFiles: Vars;
  preTasks: Task[];
  tasks: Task[];
  postTasks: Task[];
  handlers: Handler[];
  /** Batch sizes: an integer, a percentage, or a ramp list; undefined = all hosts at once. */
  serial?: number | string | (number | string)[];
  /** Stop the play when more than this percentage of a batch failed. */
  maxFailPercentage?: number;
  anyErrorsFatal: boolean;
  gatherFacts: boolean;
  /** Play keywords: below task and block keywords, above the inventory and the CLI. */
  become?: boolean;
  becomeUser?: string;
  /** The play's own `tags` (its tasks carry them too). */
  tags: string[];
  source: SourcePos;
}

export interface Playbook {
  /** Path as given by the user (used in messages). */
  file: string;
  /** Directory of the playbook: templates/ and files/ are looked up beside it and its parent. */
  dir: string;
  plays: Play[];
}
