// Compiles every schema runbook validates against into JS (ajv standalone code),
// one file per schema under dist/src/schema/precompiled/, named by a hash of the
// schema and its ajv options (src/schema/precompiled.ts). Part of `npm run build`,
// after tsc: it reads the schemas from dist/, the same objects a run uses.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { validatedSchemas } from '../dist/src/cli/validator-catalog.js';
import { PRECOMPILED_DIR, precompiledName } from '../dist/src/schema/precompiled.js';
import { validatorCode } from '../dist/src/schema/validator-code.js';

const dir = fileURLToPath(PRECOMPILED_DIR);
// A schema that changed or went leaves no validator behind.
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const written = new Set();
for (const [set, schemas] of validatedSchemas()) {
  for (const schema of schemas) {
    const name = precompiledName(set, schema);
    if (written.has(name)) continue;
    written.add(name);
    writeFileSync(`${dir}/${name}`, validatorCode(set, schema, Ajv, standalone.default));
  }
}
console.log(`compiled ${written.size} validators into ${dir}`);
