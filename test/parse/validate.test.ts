import { expect } from 'chai';
import { nearest } from '../../src/parse/suggest.js';
import { check, simpleName } from '../../src/parse/validate.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { runbookError } from './support.js';

function checkText(schema: object, text: string) {
  const src = parseYaml(text, 'v.yaml');
  return runbookError(() => check(schema, src.data, { src, code: 'schema', at: [], name: simpleName('thing') }));
}

describe('nearest', () => {
  it('finds a typo of one or two edits', () => {
    expect(nearest('hots', ['name', 'hosts', 'vars', 'tasks'])).to.equal('hosts');
    expect(nearest('dset', ['dest', 'content', 'src'])).to.equal('dest');
    expect(nearest('Hosts', ['hosts'])).to.equal('hosts');
  });

  it('does not call a different short word a typo', () => {
    expect(nearest('foo', ['command', 'copy', 'file', 'shell', 'template'])).to.equal(undefined);
    expect(nearest('src', ['dest'])).to.equal(undefined);
  });
});

describe('check', () => {
  const schema = {
    type: 'object',
    properties: {
      ports: { type: 'array', items: { type: 'integer' } },
      target: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      opts: { type: 'object', properties: { level: { type: 'integer', minimum: 1 } }, additionalProperties: false },
    },
    additionalProperties: false,
  };

  it('reports the deepest error', () => {
    const err = checkText(schema, 'ports: [1, two]\n');
    expect(err.message).to.equal('item 2 of "ports" in thing: expected a whole number, got a string');
    expect(err.source).to.include({ line: 1, col: 12 });
  });

  it('merges the types of anyOf branches into one expectation', () => {
    expect(checkText(schema, 'target: 5\n').message).to.equal(
      '"target" in thing: expected a string or a list, got a whole number',
    );
  });

  it('names nested objects by their path', () => {
    const err = checkText(schema, 'opts:\n  levle: 2\n');
    expect(err.message).to.equal('unknown key "levle" in "opts" of thing; did you mean "level"?');
    expect(err.source).to.include({ line: 2, col: 3 });
  });

  it('words limits plainly', () => {
    expect(checkText(schema, 'opts: {level: 0}\n').message).to.equal('"level" in "opts" of thing: must be >= 1, got 0');
  });
});
