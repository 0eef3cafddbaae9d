import type { SourcePos, TextOrigin } from '../errors.js';
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

/**
 * A keyword as written: its value, or a template giving it (`"{{ flag }}"`), which
 * the run renders and converts on each host (engine/step-keywords.ts). The parser's
 * values come from schema/playbook.ts, whose types must fit these.
 */
export type OrTemplate<T> = T | string;

/** What every task and block carries; blocks pass these down to their tasks. */
export interface TaskCommon {
  name?: string;
  vars: Vars;
  /** Role parameters and include_tasks/include_role `vars`: above set_fact, as Ansible's role and include params. */
  params?: Vars;
  source: SourcePos;
  /** Own condition and those of enclosing blocks: all must hold. */
  when: Condition[];
  /** Own tags and those of enclosing blocks and the play. */
  tags: string[];
  ignoreErrors: OrTemplate<boolean>;
  /** Run on this inventory host instead (with the current host's variables). */
  delegateTo?: string;
  /** true, or a template (`"{{ x | default(false) }}"`) decided with the first host's variables. */
  runOnce: OrTemplate<boolean>;
  /** false: run even under --check (probes whose output later tasks need). */
  checkMode?: OrTemplate<boolean>;
  /** diff: on (registers `diff`) or off for this task, whatever --diff says. */
  diff?: OrTemplate<boolean>;
  /** Seconds before the task is abandoned and fails on that host (or a template giving them). */
  timeout?: OrTemplate<number>;
  /** true, or a template (`"{{ secret_shown | bool == false }}"`) decided on each host. */
  noLog: OrTemplate<boolean>;
  /**
   * Run through sudo as `becomeUser`. undefined: the task and its blocks do not
   * say, and the play, the host's inventory or the CLI decide (engine/become.ts).
   */
  become?: OrTemplate<boolean>;
  becomeUser?: string;
  /** Variables for every command of the task (values may be templates). */
  environment: Record<string, string>;
  /**
   * From the first `environment: "{{ mapping }}"` on (outer first): each a template
   * giving a mapping or a mapping as written, applied over `environment` in order.
   */
  environmentLayers?: (string | Record<string, string>)[];
  /** The role the task belongs to (its defaults, vars and files), if any. */
  role?: RoleContext;
  /** `module_defaults` of the task and what encloses it (parse/module-defaults.ts): merged into a module task's args at load. */
  moduleDefaults?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** any_errors_fatal of the task or an enclosing block; unset: the play's. */
  anyErrorsFatal?: OrTemplate<boolean>;
  /** At most this many hosts run the task at once (its own or an enclosing block's); 0 or unset: forks alone. */
  throttle?: OrTemplate<number>;
}

/** What a role gives the tasks and handlers it holds. */
export interface RoleContext {
  name: string;
  /** The role's directory: its templates/ and files/ are looked up first. */
  dir: string;
  /**
   * Its directory, then those of the roles above it (that depend on it or include it), nearest
   * first: Ansible's search path of the dependency chain, where first_found looks.
   */
  searchDirs?: readonly string[];
  /** defaults/main.yml: below every other variable. */
  defaults: Vars;
  /** vars/main.yml: above the play's vars and vars_files, below block and task vars. */
  vars: Vars;
}

/** Ansible's with_* keywords: each turns its value into items its own way. */
export type LoopKeyword =
  | 'loop'
  | 'with_items'
  | 'with_list'
  | 'with_dict'
  | 'with_fileglob'
  | 'with_first_found'
  | 'with_sequence'
  | 'with_nested';

/** A task after validation: exactly one module, its arguments normalised to an object. */
export interface ModuleTask extends TaskCommon {
  kind: 'module';
  module: string;
  args: Record<string, unknown>;
  /** Where each templated string of `args` is written, by its path joined with "." (parse/template-origins.ts). */
  argOrigins?: Record<string, TextOrigin>;
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
  loopPause?: number | string;
  /** loop_control.extended: the ansible_loop variable; allitems unless extended_allitems is false. */
  loopExtended?: { allitems: boolean };
  until?: Condition;
  /** A number, or a template giving one (engine/step-keywords.ts). */
  retries: OrTemplate<number>;
  /** Seconds between tries. */
  delay: OrTemplate<number>;
  changedWhen?: Condition;
  failedWhen?: Condition;
  /** Handler names or `listen` topics to notify when the task changed something. */
  notify: string[];
  /** delegate_facts: the facts the task sets go to the delegate_to host, not this one. */
  delegateFacts?: boolean;
}

export interface BlockTask extends TaskCommon {
  kind: 'block';
  block: Task[];
  rescue: Task[];
  always: Task[];
  /** A role that runs once per host and play (an entry of roles:, a dependency): who it is; a host that ran it skips it. */
  onceKey?: string;
}

/**
 * A dynamic include, decided on each host when the run reaches it:
 * `include_tasks`, `include_role` (its file or role name may use variables) and
 * `include_vars`. `when` and the loop apply to the include itself, not to the
 * tasks it brings in.
 */
export interface IncludeTask
  extends TaskCommon,
    Pick<ModuleTask, 'loop' | 'loopWith' | 'loopVar' | 'indexVar' | 'loopExtended'> {
  kind: 'include';
  action: 'include_tasks' | 'include_role' | 'include_vars';
  /** The task file, the role name, or the vars file (a template). */
  target: string;
  /** include_role: the file of the role's tasks/ to run instead of main. */
  tasksFrom?: string;
  /** include_role: the files of the role's tasks/, vars/, defaults/, handlers/ to read instead of main. */
  roleFrom?: { tasksFrom?: string; varsFrom?: string; defaultsFrom?: string; handlersFrom?: string };
  /** include_vars: `target` is a directory, whose files are read in name order. */
  dir?: boolean;
  /** include_vars `name:`: the variables go under this one. */
  varsName?: string;
  /** Directory of the file that holds the include: relative paths start there. */
  baseDir: string;
  /** `apply:` keywords (as written) for every task the include brings in. */
  apply?: Record<string, unknown>;
  /** Tags of the enclosing blocks and play: the included tasks carry these, not the include's own. */
  outerTags: string[];
  /** Where the include is in its file (a run-time error points there). */
  at: (string | number)[];
  /** Where the play finds roles (for include_role). */
  session: { playDir: string; rolesPath: readonly string[] };
}

/** Ansible's `meta:` actions runbook runs (engine/run-meta.ts). */
export type MetaAction =
  | 'flush_handlers'
  | 'noop'
  | 'end_play'
  | 'end_batch'
  | 'end_host'
  | 'clear_host_errors'
  | 'reset_connection';

/** `- meta: end_host` and friends: a directive to the engine, not a module run on the host. */
export interface MetaTask extends TaskCommon {
  kind: 'meta';
  action: MetaAction;
}

export type Task = ModuleTask | BlockTask | IncludeTask | MetaTask;

/**
 * A handler: a task that runs once per batch when notified, by its name or a
 * `listen` topic (one with only `listen` has no name). A module or a meta task,
 * or an `include_tasks` whose tasks run when it is notified; an `import_tasks`
 * handler is read as the handlers it imports (parse/handlers.ts).
 */
export type Handler = (ModuleTask | IncludeTask | MetaTask) & {
  /** Topics it also answers to. */
  listen: string[];
};

export interface Play {
  name: string;
  hosts: string;
  /** Lowest precedence: what the playbook ships, overridden by the inventory and everything else. */
  defaults: Vars;
  vars: Vars;
  /** Variables files named by `vars_files`, already read (later files win). */
  varsFiles: Vars;
  preTasks: Task[];
  /** `roles:`, each a block of its dependencies' and its own tasks; run between pre_tasks and tasks. */
  roles: Task[];
  tasks: Task[];
  postTasks: Task[];
  handlers: Handler[];
  /** The defaults and vars of its roles (`roles:` and import_role): every task of the play sees them (private_role_vars = false). */
  roleExports?: { defaults: Vars; vars: Vars };
  /** Its roles' names (`roles:` and import_role), and with their dependencies. */
  roleNames?: { play: readonly string[]; all: readonly string[] };
  /** Batch sizes: an integer, a percentage, or a ramp list; undefined = all hosts at once. */
  serial?: number | string | (number | string)[];
  /** Stop the play when more than this percentage of a batch failed. */
  maxFailPercentage?: number;
  /**
   * Play keywords given as templates (`serial: "{{ batch }}"`), rendered with the play's
   * variables when the play starts (engine/step-keywords.ts playWithKeywords), as Ansible does.
   */
  keywordTemplates?: { serial?: string; maxFailPercentage?: string; forceHandlers?: string; become?: string };
  anyErrorsFatal: boolean;
  /** force_handlers: a failed host's notified handlers still run (after the other hosts' at each flush). */
  forceHandlers?: boolean;
  /** The implicit "Gathering Facts" task (`gather_facts: true`, with the play's `gather_subset`), built by the parser. */
  gatherFacts?: ModuleTask;
  /** linear (default): each task on every host before the next; free: each host at its own pace (engine/strategy-free.ts). */
  strategy?: 'linear' | 'free';
  /** Play keywords: below task and block keywords, above the inventory and the CLI. */
  become?: boolean;
  becomeUser?: string;
  /** The play's own `tags` (its tasks carry them too). */
  tags: string[];
  source: SourcePos;
  /** Directory of the playbook file the play is written in (an imported playbook's own). */
  dir: string;
}

export interface Playbook {
  /** Path as given by the user (used in messages). */
  file: string;
  /** Directory of the playbook: templates/ and files/ are looked up beside it and its parent. */
  dir: string;
  plays: Play[];
  /** Where roles are looked for after each playbook's roles/ (--roles-path, RUNBOOK_ROLES_PATH). */
  rolesPath: string[];
}
