// Issue 24: biome wraps code at 120 columns but leaves long strings and comments alone; no line may pass 160.
import { expect } from 'chai';
import { longLines, sources } from './sources.js';

const MAX = 160;

describe('line length', () => {
  it(`no line of src, test or bench is over ${MAX} characters`, () => {
    expect(sources().flatMap(([file, text]) => longLines(file, text, MAX))).to.deep.equal([]);
  });

  it('names each line over the limit by file, line number and length, counting characters not bytes', () => {
    const text = `short\n${'x'.repeat(MAX)}\n${'y'.repeat(MAX + 1)}\n${'é'.repeat(MAX)}\n`;
    expect(longLines('a.ts', text, MAX)).to.deep.equal([`a.ts:3 (${MAX + 1})`]);
  });
});
