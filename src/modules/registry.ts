// Every module runbook knows, by name. Adding a module = one file + one line here.
import type { ModuleCatalog } from '../types/module-catalog.js';
import { command } from './command.js';
import type { ModuleDef } from './contract.js';
import { copy } from './copy.js';
import { file } from './file.js';
import { shell } from './shell.js';
import { template } from './template.js';

const all: ModuleDef<never>[] = [command, shell, copy, template, file] as ModuleDef<never>[];

export const modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>> = new Map(
  all.map((m) => [m.name, m as unknown as ModuleDef<Record<string, unknown>>]),
);

/** What the playbook parser needs: schemas and free-form argument names. */
export const moduleCatalog: ModuleCatalog = new Map(
  [...modules.values()].map((m) => [m.name, { schema: m.schema, freeForm: m.freeForm }]),
);
