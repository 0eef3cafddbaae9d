// formatError on what hostile input puts in an error: lines too long for a
// screen, control characters, positions after a BOM or in non-UTF-8 bytes.
import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunbookError, formatError } from '../../src/errors.js';
import { cannotRead } from '../../src/parse/yaml-source.js';
import { readInputText } from '../../src/parse/source-text.js';

const thrown = runbookError;

describe('errors on hostile input', () => {
  it('shows a window of a long line with the caret under the same character', () => {
    const line = `${'a'.repeat(5000)}X${'b'.repeat(5000)}`;
    const err = new RunbookError('yaml', 'bad', { source: { file: 'f.yaml', line: 1, col: 5001 }, excerpt: line });
    const [, shown = '', caret = ''] = formatError(err).split('\n');
    expect(shown.length).to.be.below(120);
    expect(shown.startsWith('  1 | …') && shown.endsWith('…')).to.equal(true);
    expect(shown[caret.indexOf('^')]).to.equal('X');
  });

  it('shows control characters as "?", one column each, so the caret stays under its character', () => {
    const err = new RunbookError('yaml', 'a \u001b[2J b', {
      source: { file: 'f.yaml', line: 3, col: 5 },
      excerpt: '\u001b[2JX',
    });
    const text = formatError(err);
    expect(text).not.to.match(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
    const [first, shown = '', caret = ''] = text.split('\n');
    expect(first).to.equal('f.yaml:3:5: error: a ?[2J b');
    expect(shown[caret.indexOf('^')]).to.equal('X');
  });

  it('reads a BOM as nothing, and names line and column of the first byte that is not UTF-8', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-format-'));
    const bom = join(dir, 'bom.yaml');
    writeFileSync(bom, '\uFEFFa: 1\n');
    expect(readInputText(bom, 'playbook', cannotRead)).to.equal('a: 1\n');
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from('a: 1\nb: "na\u00efve"\n', 'latin1'));
    const err = thrown(() => readInputText(latin1, 'playbook', cannotRead));
    expect(err.source).to.deep.equal({ file: latin1, line: 2, col: 7 });
    expect(err.message).to.equal('playbook is not UTF-8 text (byte 0xef at offset 11)');
  });
});
