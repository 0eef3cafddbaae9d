// Regenerates schemas/ (playbook, task file, inventory and each module's
// arguments, for editors) from the schemas runbook validates with. Run after
// `npm run build` (`npm run schemas` does both); test/schemas fails when the
// shipped files differ. Also schemas/events.v1.schema.json, the event lines of
// --json and the run record (src/report/event-schema.ts; test/report checks it).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moduleCatalog } from '../dist/src/modules/registry.js';
import { argAliases, moduleKeys } from '../dist/src/parse/module-names.js';
import { editorSchemaFiles, schemaText } from '../dist/src/schema/editor/editor-schemas.js';
import { eventLineSchema } from '../dist/src/report/event-schema.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
const files = editorSchemaFiles(moduleCatalog, { keys: moduleKeys, argAliases });
// A module that was removed leaves no stale schema behind.
rmSync(join(out, 'modules'), { recursive: true, force: true });
for (const [name, schema] of files) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), schemaText(schema));
}
writeFileSync(join(out, 'events.v1.schema.json'), JSON.stringify(eventLineSchema, null, 2) + '\n');
console.log(`wrote ${files.size} schemas under ${out}: ${readdirSync(out).join(', ')}`);
