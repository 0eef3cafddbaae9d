// Every schema runbook ships for editors (schemas/ in the package), by file
// name: scripts/write-schemas.js writes them, test/schemas checks the shipped
// ones are these.

import type { ModuleCatalog } from '../../types/module-catalog.js';
import { inventorySchema } from '../inventory.js';
import { optionalVarsSchema } from '../vars.js';
import { moduleArgsSchema, type ModuleNaming } from './editor-modules.js';
import { JSON_SCHEMA_DRAFT, playbookEditorSchema, taskFileEditorSchema } from './editor-playbook.js';
import { allowTemplatesInside } from './template-values.js';

export type { ModuleNaming } from './editor-modules.js';

/** The YAML inventory (the INI form has no schema). */
export function inventoryEditorSchema(): object {
  return { $schema: JSON_SCHEMA_DRAFT, title: 'runbook inventory (YAML)', ...allowTemplatesInside(inventorySchema) };
}

/** A variables file: group_vars/, host_vars/, vars_files (an empty one is no variables). */
export function varsFileEditorSchema(): object {
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: 'runbook variables file (group_vars, host_vars, vars_files)',
    ...allowTemplatesInside(optionalVarsSchema),
  };
}

/** File name under schemas/ → schema. */
export function editorSchemaFiles(modules: ModuleCatalog, naming: ModuleNaming): Map<string, object> {
  const files = new Map<string, object>([
    ['playbook.schema.json', playbookEditorSchema(modules, naming)],
    ['tasks.schema.json', taskFileEditorSchema(modules, naming)],
    ['inventory.schema.json', inventoryEditorSchema()],
    ['vars.schema.json', varsFileEditorSchema()],
  ]);
  for (const [name, spec] of modules) {
    files.set(`modules/${name}.schema.json`, {
      $schema: JSON_SCHEMA_DRAFT,
      ...moduleArgsSchema(name, spec, naming.argAliases(name)),
    });
  }
  return files;
}

/** A schema file's text: two-space JSON and a final newline, so regenerating leaves no diff. */
export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
