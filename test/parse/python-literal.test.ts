import { expect } from 'chai';
import { pythonLiteral } from '../../src/parse/ini/python-literal.js';

// What Python's ast.literal_eval gives (checked against CPython 3.11), as JSON;
// undefined where it raises, in which case Ansible keeps the text.
const cases: [string, unknown][] = [
  ['22', 22],
  ['-1', -1],
  ['+ 7', 7],
  ['1_000', 1000],
  ['0x1F', 31],
  ['0o17', 15],
  ['0b101', 5],
  ['00', 0],
  ['1.5', 1.5],
  ['.5', 0.5],
  ['1e3', 1000],
  ['True', true],
  ['False', false],
  ['None', null],
  ["'quoted'", 'quoted'],
  ['"a\\tb"', 'a\tb'],
  ["r'a\\tb'", 'a\\tb'],
  ['\'a\' "b"', 'ab'],
  ["'''x'''", 'x'],
  ["'\\x41\\u00e9'", 'Aé'],
  ["'\\d'", '\\d'],
  ['[1, "a", None]', [1, 'a', null]],
  ['[1,]', [1]],
  ['(1, 2)', [1, 2]],
  ['(1,)', [1]],
  ['(1)', 1],
  ['()', []],
  ["{'cpu': 2, 'mem': [1, 2]}", { cpu: 2, mem: [1, 2] }],
  ['{1: "a"}', { 1: 'a' }],
  ['{}', {}],
  ['{1, 2}', [1, 2]],
  ['8080 # a comment', 8080],
  [' 1', 1],
  ['...', '...'],
  // Not literals: the text stays.
  ['0644', undefined],
  ['10.3.0.1', undefined],
  ['true', undefined],
  ['yes', undefined],
  ['etcd1', undefined],
  ['toString', undefined],
  ['10-5', undefined],
  ['foo # comment', undefined],
  ["f'x'", undefined],
  ['[1 2]', undefined],
  ["'open", undefined],
  ['', undefined],
  // No JSON equivalent: kept as text rather than changed.
  ['12345678901234567890', undefined],
  ['1e999', undefined],
  ['1j', undefined],
];

describe('pythonLiteral (Ansible INI values)', () => {
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${expected === undefined ? 'text' : JSON.stringify(expected)}`, () => {
      expect(pythonLiteral(text)).to.deep.equal(expected);
    });
  }
});
