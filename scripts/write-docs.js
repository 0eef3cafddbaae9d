// Regenerates docs/conditions.md and docs/expressions.md from the expression
// language's own references (run after `npm run build`); tests fail when they differ.
import { writeFileSync } from 'node:fs';
import { CONDITION_REFERENCE, EXPRESSION_REFERENCE } from '../dist/src/vars/condition/index.js';

writeFileSync(new URL('../docs/conditions.md', import.meta.url), CONDITION_REFERENCE.trimEnd() + '\n');
writeFileSync(new URL('../docs/expressions.md', import.meta.url), EXPRESSION_REFERENCE.trimEnd() + '\n');
