// What loading a task list carries: what enclosing blocks and the play pass
// down (Inherited), what one play's loading shares (LoadSession) and the
// context of one task file (Ctx). Types only, so every loader can import them.

import type { RunbookError } from '../errors.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Handler, RoleContext, Task, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** What enclosing blocks (and the play) pass down. */
export type Inherited = Pick<
  TaskCommon,
  | 'when'
  | 'tags'
  | 'ignoreErrors'
  | 'delegateTo'
  | 'runOnce'
  | 'checkMode'
  | 'diff'
  | 'timeout'
  | 'noLog'
  | 'vars'
  | 'params'
  | 'become'
  | 'becomeUser'
  | 'environment'
  | 'environmentLayers'
  | 'role'
  | 'moduleDefaults'
  | 'throttle'
  | 'anyErrorsFatal'
> & {
  /** An enclosing block's `notify`: a task without its own notifies these. */
  notify?: string[];
};

export const ROOT: Inherited = {
  when: [],
  tags: [],
  ignoreErrors: false,
  runOnce: false,
  noLog: false,
  vars: {},
  environment: {},
};

/**
 * Given, a task that fails to load is handed to it and left out, and loading
 * goes on (`runbook validate` reports every error); without, the first throws.
 */
export type CollectErrors = (err: RunbookError) => void;

/**
 * What loading one play shares: where roles are found, the handlers its roles
 * bring, the roles it already has (a role runs once per play), and the loader
 * of the tasks that reach beyond their file (includes, import_role).
 */
export interface LoadSession {
  modules: ModuleCatalog;
  collect?: CollectErrors;
  /** Directory of the playbook file that holds the play. */
  playDir: string;
  /** --roles-path and RUNBOOK_ROLES_PATH, after the playbook's roles/. */
  rolesPath: readonly string[];
  /** Handlers of the play's roles, in the order the roles load. */
  handlers: Handler[];
  handlerRoles: Set<string>;
  /** Roles (directory, files, parameters) the play runs already, with their variables. */
  rolesRun: Map<string, RoleContext>;
  /** The defaults and vars of the play's roles and imported roles: the play's too (private_role_vars = false). */
  exports: { defaults: Vars; vars: Vars };
  /** The play's role names (its `roles:` and import_role), and with their dependencies: ansible_play_role_names, ansible_role_names. */
  roleNames: { play: string[]; all: string[] };
  /** What a role name written as a template renders with at load time: the play's vars, vars_files, extra vars. */
  loadVars?: Vars;
  /** Roles being loaded, outermost first: a dependency cycle is an error. */
  roleChain: readonly string[];
  /** Loads include_tasks, include_role, include_vars and import_role (parse/includes.ts). */
  loadInclude: (key: string, ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited) => Task;
  /** Task files the playbook's load has read, by path (parse/task.ts importedFile): one imported twice is parsed once. */
  parsedImports?: ParsedFiles;
}

/** A file's text as read and the source parsed from it: used again only while the file reads the same. */
export type ParsedFiles = Map<string, { input: string; src: YamlSource }>;

/** Task keys that another loader handles. */
export const INCLUDE_KEYS: readonly string[] = ['include_tasks', 'include_role', 'import_role', 'include_vars'];

export interface Ctx {
  src: YamlSource;
  modules: ModuleCatalog;
  /** Task files being imported, outermost first: an import cycle is an error. */
  importing?: readonly string[];
  collect?: CollectErrors;
  session?: LoadSession;
}
