// with_sequence's items (engine/sequence-items.ts): the counting is checked under both
// engines by the with-sequence corpus case; here the input Ansible's sequence lookup refuses.
import { expect } from 'chai';
import { sequenceItems } from '../../src/engine/sequence-items.js';
import { runbookError } from '../support/runbook-error.js';

const at = { file: 'site.yaml', line: 7, col: 9 };

describe('with_sequence items', () => {
  it('counts with a stride down to a negative end, and writes each number with its format', () => {
    expect(sequenceItems('start=2 end=-2 stride=-2 format=n%+d', at)).to.deep.equal(['n+2', 'n+0', 'n-2']);
    expect(sequenceItems('5', at)).to.deep.equal(['1', '2', '3', '4', '5']);
    expect(sequenceItems('start=1 count=3 stride=3 format=%3d|', at)).to.deep.equal(['  1|', '  4|', '  7|']);
  });

  it('refuses count with end, no end, a stride the wrong way and an unknown word, at the task', () => {
    const cases: [string, RegExp][] = [
      ['count=3 end=4', /can't give both count and end/],
      ['start=3', /give count or end/],
      ['start=5 end=1', /to count backwards make stride negative/],
      ['start=1 end=5 stride=-1', /to count forward don't make stride negative/],
      ['start=1 stop=5', /unknown argument "stop"/],
      ['end=five', /"five" is not a whole number/],
    ];
    for (const [spec, message] of cases) {
      const e = runbookError(() => sequenceItems(spec, at));
      expect(e.message, spec).to.match(message);
      expect(e.source, spec).to.deep.equal(at);
      expect(e.hint, spec).to.contain('count=5');
    }
  });
});
