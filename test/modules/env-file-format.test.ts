import { expect } from 'chai';
import {
  envValue,
  parseEnvFile,
  quoteEnvValue,
  removeEnvVar,
  setEnvVar,
  unquoteEnvValue,
} from '../../src/modules/files/env-file-format.js';

describe('environment file format (pure)', () => {
  it('quotes every value in double quotes, escaping \\ " $ and backquote only', () => {
    expect(quoteEnvValue('abc')).to.equal('"abc"');
    expect(quoteEnvValue('')).to.equal('""');
    expect(quoteEnvValue('a "b" $(c) `d` \\e \'f\'')).to.equal('"a \\"b\\" \\$(c) \\`d\\` \\\\e \'f\'"');
  });

  it('unquotes what systemd and sh agree on, and gives undefined for the rest', () => {
    expect(unquoteEnvValue('abc')).to.equal('abc');
    expect(unquoteEnvValue('"abc"')).to.equal('abc');
    expect(unquoteEnvValue('\'a "b" $c\'')).to.equal('a "b" $c');
    expect(unquoteEnvValue('"a \\"b\\" \\$c \\n"  ')).to.equal('a "b" $c \\n');
    expect(unquoteEnvValue('')).to.equal('');
    for (const unclear of ['a b', 'a"b"', '"$HOME"', '$X', '"a" b', '"open', 'a\\ b', '`id`']) {
      expect(unquoteEnvValue(unclear), unclear).to.equal(undefined);
    }
  });

  it('every quoted value reads back as itself', () => {
    for (const v of [
      '',
      'plain',
      'with space',
      'q"uo\'te',
      '$(touch /tmp/x)',
      'back\\slash\\',
      '`id`',
      'multi\nline',
    ]) {
      expect(unquoteEnvValue(quoteEnvValue(v))).to.equal(v);
    }
  });

  it('parses assignments with export prefixes and multi-line quoted values as one line', () => {
    const lines = parseEnvFile('# c\nexport A="1"\n  B=2\nC="x\ny"\nD=3\nnot an assignment\n');
    expect(lines.map((l) => l.key ?? null)).to.deep.equal([null, 'A', 'B', 'C', 'D', null]);
    expect(lines[1]!.prefix).to.equal('export ');
    expect(lines[3]!.raw).to.equal('"x\ny"');
  });

  it('sets the last assignment in place with its export prefix, keeping everything else', () => {
    const text = '# kubelet\nKUBELET_EXTRA_ARGS=--a\n\nexport KUBELET_EXTRA_ARGS="--b"\nOTHER=x';
    expect(setEnvVar(text, 'KUBELET_EXTRA_ARGS', '--c d')).to.equal(
      '# kubelet\nKUBELET_EXTRA_ARGS=--a\n\nexport KUBELET_EXTRA_ARGS="--c d"\nOTHER=x',
    );
  });

  it('an equal value, however quoted, is no change', () => {
    expect(setEnvVar('K=abc\n', 'K', 'abc')).to.equal('K=abc\n');
    expect(setEnvVar("K='a b'\n", 'K', 'a b')).to.equal("K='a b'\n");
    expect(setEnvVar('K="a b"\n', 'K', 'a c')).to.equal('K="a c"\n');
  });

  it('appends a missing key, ending a last line without a newline', () => {
    expect(setEnvVar('A=1', 'B', 'x')).to.equal('A=1\nB="x"\n');
    expect(setEnvVar('', 'B', 'x')).to.equal('B="x"\n');
  });

  it('removes every assignment of the key and nothing else', () => {
    expect(removeEnvVar('A=1\nB=2\nexport A="3"\nAB=4\n', 'A')).to.equal('B=2\nAB=4\n');
    expect(envValue('A=1\nA="2 3"\n', 'A')).to.equal('2 3');
  });
});
