// STYLE.md: small files, one job each. A file over the limit is split by job, not trimmed.
import { expect } from 'chai';
import { lineCount, sources } from './sources.js';

const MAX = 400;

describe('file size', () => {
  const sizes = () => sources().map(([file, text]) => ({ file, lines: lineCount(text) }));

  it(`no file of src, test or bench is over ${MAX} lines`, () => {
    expect(sizes().filter((f) => f.lines > MAX)).to.deep.equal([]);
  });

  it('counts lines as an editor shows them', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb\n'), lineCount('a\n\n')]).to.deep.equal([
      0, 1, 1, 2, 2,
    ]);
  });
});
