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
}

export type ModuleCatalog = ReadonlyMap<string, ModuleSpec>;
