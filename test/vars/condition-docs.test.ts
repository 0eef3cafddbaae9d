import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONDITION_REFERENCE } from '../../src/vars/condition/index.js';

describe('docs/conditions.md', () => {
  it('is the reference the condition language carries (regenerate: npm run build && node scripts/write-docs.js)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'conditions.md'), 'utf8');
    expect(doc).to.equal(CONDITION_REFERENCE.trimEnd() + '\n');
  });
});
