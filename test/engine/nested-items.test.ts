// with_nested's items (engine/nested-items.ts), as ansible-core 2.14's nested lookup
// gives them (checked with ansible-playbook on localhost: debug of each item); the
// kubespray-loops corpus case runs them under both engines.
import { expect } from 'chai';
import { nestedItems } from '../../src/engine/nested-items.js';
import { runbookError } from '../support/runbook-error.js';

const at = { file: 'site.yaml', line: 4, col: 3 };

describe('with_nested items', () => {
  it('every combination, the first list varying slowest', () => {
    expect(
      nestedItems(
        [
          ['a', 'b'],
          [1, 2],
        ],
        at,
      ),
    ).to.deep.equal([
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('a list inside a list is spread into its combination (one level), a lone value counts as one item', () => {
    expect(nestedItems([[['p', 'q'], 'r'], [1], ['x', 'y']], at)).to.deep.equal([
      ['p', 'q', 1, 'x'],
      ['p', 'q', 1, 'y'],
      ['r', 1, 'x'],
      ['r', 1, 'y'],
    ]);
    expect(nestedItems([['a'], 'z'], at)).to.deep.equal([['a', 'z']]);
  });

  it("a lone list's items are spread themselves: a string into its characters, a list one level", () => {
    expect(nestedItems([['abc', 'de']], at)).to.deep.equal([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(nestedItems([[['p', 'q'], ['r']]], at)).to.deep.equal([['p', 'q'], ['r']]);
    expect(nestedItems([[['p', ['q']]], [1]], at)).to.deep.equal([['p', 'q', 1]]);
    expect(nestedItems([['a', 'b'], []], at)).to.deep.equal([]);
  });

  it('no list at all is an error at the task', () => {
    const e = runbookError(() => nestedItems([], at));
    expect(e.message).to.equal('with_nested requires at least one element in the nested list');
    expect(e.source).to.deep.equal(at);
  });
});
