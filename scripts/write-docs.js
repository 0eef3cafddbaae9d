// Regenerates docs/conditions.md from the condition language's own reference
// (run after `npm run build`); a test fails when the two differ.
import { writeFileSync } from 'node:fs';
import { CONDITION_REFERENCE } from '../dist/src/vars/condition/index.js';

writeFileSync(new URL('../docs/conditions.md', import.meta.url), CONDITION_REFERENCE.trimEnd() + '\n');
