import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLLER, EXPRESSION_REFERENCE, VALUE_EXAMPLES } from '../../src/vars/condition/index.js';
import { renderValue } from '../../src/vars/render-value.js';

describe('docs/expressions.md', () => {
  it('is the reference the expression language carries (regenerate: npm run build && node scripts/write-docs.js)', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'expressions.md'), 'utf8');
    expect(doc).to.equal(EXPRESSION_REFERENCE.trimEnd() + '\n');
  });

  for (const e of VALUE_EXAMPLES) {
    it(`${e.value} gives ${JSON.stringify(e.result)}`, () => {
      const vars = { ...e.vars, [CONTROLLER]: { env: e.env ?? {}, playbookDir: '/nowhere' } };
      expect(renderValue(e.value, vars, { file: 'docs/expressions.md', line: 1, col: 1 })).to.deep.equal(e.result);
    });
  }
});
