/**
 * What the parser needs to know of each module to validate a task at load time:
 * the JSON Schema of its arguments, and which argument a bare string maps to
 * (`command: echo hi` → `{cmd: "echo hi"}`).
 */
export interface ModuleSpec {
  schema: object;
  freeForm?: string;
  /** One line saying what the module does (editors show it). */
  summary?: string;
  /**
   * Its `src` names a file on the controller (unless `remote_src: true`): under
   * `files/` or `templates/`, a directory allowed or not. validate checks it
   * exists (and compiles a template) without the engine naming the module.
   */
  controllerSource?: {
    kind: 'files' | 'templates';
    directory?: boolean;
    /** The file's name from the rendered arguments, where it is not `src` (script: the first word of its line). */
    name?: (args: Record<string, unknown>) => string | undefined;
  };
  /** The variables a task of this module sets on the host, from its written arguments (set_fact's keys). */
  setsVariables?: (args: Record<string, unknown>) => string[];
  /** Its argument names may be templates, rendered before its arguments are checked (set_fact's keys, as Ansible's). */
  templatedKeys?: boolean;
}

export type ModuleCatalog = ReadonlyMap<string, ModuleSpec>;
