// What lookups read on the controller: its environment and the playbook's (and
// the role's) directory. They come with the variables (vars/scope.ts puts them
// under CONTROLLER, a symbol no expression can name), so only src/cli reads the
// real environment.
import type { Delimiters } from './delimiters.js';
import { isMapping } from './values.js';

export const CONTROLLER = Symbol('controller');

export interface Controller {
  env: Readonly<Record<string, string | undefined>>;
  /** lookup('file') reads relative paths from here. */
  playbookDir: string;
  /** The directory of the task's role, where first_found looks first. */
  roleDir?: string;
  /** The role's directory and those of the roles above it, nearest first (first_found looks in each). */
  searchDirs?: readonly string[];
  /** The directory of the file that holds the task: first_found looks there after the role (as Ansible's search path). */
  taskDir?: string;
  /**
   * Renders text holding {{ }} as a playbook value renders: lookups template their
   * terms, as Ansible's do. Given by the engine (this folder cannot import the renderer).
   */
  render?: (text: string, vars: object) => unknown;
  /**
   * Renders a Jinja template file as the template module does: lookup('template'). `convert`: text
   * that reads as a Python list or mapping gives that value, as Ansible's templating makes it.
   */
  renderFile?: (path: string, vars: object, convert: boolean, delims?: Delimiters) => unknown;
  /**
   * Set when no command may run on the controller (`runbook validate`): a lookup that
   * would run one (pipe) throws what this gives instead, before anything starts. The
   * engine gives it (its NotYetKnown: the value is left for the run).
   */
  commandsRefused?: () => Error;
}

/** The controller a scope carries, if any. */
export function controllerOf(vars: object): Controller | undefined {
  const c = (vars as { [CONTROLLER]?: unknown })[CONTROLLER];
  return isMapping(c) ? (c as unknown as Controller) : undefined;
}
