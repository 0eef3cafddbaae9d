import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import { RunbookError } from '../../src/errors.js';
import {
  checkCondition,
  CONDITION_REFERENCE,
  conditionHolds,
  evaluate,
  isTrue,
  parseCondition,
} from '../../src/vars/condition/index.js';
import { EXAMPLES } from '../../src/vars/condition/reference.js';

const at = { file: 'p.yaml', line: 4, col: 11 };
const ev = (text: string, vars: object = {}) => evaluate(parseCondition(text, at), vars);
const holds = (text: string, vars: object = {}) => isTrue(parseCondition(text, at), vars);

const failure = runbookError;

describe('conditions: values and operators', () => {
  it('reads literals: strings with escapes, ints, floats, booleans, null, lists', () => {
    expect(ev(`'it\\'s' + "\\"q\\"" + '\\n\\t\\\\'`)).to.equal(`it's"q"\n\t\\`);
    expect(ev(`'\\d+\\.'`)).to.equal('\\d+\\.');
    const list = [1, 2.5, -3, true, false, null, null, null, 'x'];
    expect(ev('[1, 2.5, -3, true, False, null, None, none, "x",]')).to.deep.equal(list);
    expect(ev('1.5e3')).to.equal(1500);
    expect(ev('[]')).to.deep.equal([]);
  });

  it('and binds tighter than or, not tighter than and', () => {
    expect(holds('true or true and false')).to.equal(true);
    expect(holds('(true or true) and false')).to.equal(false);
    expect(holds('not false and false')).to.equal(false);
    expect(holds('not (false and false)')).to.equal(true);
    expect(holds('not 1 == 2')).to.equal(true);
  });

  it('and/or give one of their operands, as in Python, and stop early', () => {
    expect(ev("'' or 'fallback'")).to.equal('fallback');
    expect(ev("'a' and 'b'")).to.equal('b');
    expect(ev('0 and missing')).to.equal(0);
    expect(ev('1 or missing')).to.equal(1);
    expect(holds('x is defined and x > 3', {})).to.equal(false);
  });

  it('arithmetic binds tighter than comparison; * / % tighter than + -; unary minus tighter still', () => {
    expect(ev('1 + 2 * 3 == 7')).to.equal(true);
    expect(ev('(1 + 2) * 3')).to.equal(9);
    expect(ev('10 - 4 - 3')).to.equal(3);
    expect(ev('7 / 2')).to.equal(3.5);
    expect(ev('-7 % 3')).to.equal(2);
    expect(ev('7 % -3')).to.equal(-2);
    expect(ev('-x + 1', { x: 3 })).to.equal(-2);
    expect(ev('- - 2')).to.equal(2);
  });

  it('filters bind tighter than unary minus and arithmetic', () => {
    expect(ev('-x | int', { x: '4' })).to.equal(-4);
    expect(ev('1 + x | int', { x: '4' })).to.equal(5);
    expect(ev("'v' + x | string", { x: 1 })).to.equal('v1');
  });

  it('+ joins two strings or two lists', () => {
    expect(ev("'v' + '1.24'")).to.equal('v1.24');
    expect(ev('[1] + [2, 3]')).to.deep.equal([1, 2, 3]);
  });

  it('== and != compare data deeply; different types are unequal', () => {
    expect(holds('x == y', { x: { a: [1, 2] }, y: { a: [1, 2] } })).to.equal(true);
    expect(holds('x == y', { x: { a: 1 }, y: { a: 1, b: 2 } })).to.equal(false);
    expect(holds("x == '1'", { x: 1 })).to.equal(false);
    expect(holds('x != [1]', { x: [1] })).to.equal(false);
    expect(holds('x == none', { x: null })).to.equal(true);
  });

  it('< <= > >= order numbers, strings and lists', () => {
    expect(holds('2 < 10')).to.equal(true);
    expect(holds('2.5 >= 2.5')).to.equal(true);
    expect(holds("'abc' < 'abd'")).to.equal(true);
    expect(holds('[1, 2] < [1, 3]')).to.equal(true);
    expect(holds('[1, 2] > [1]')).to.equal(true);
    expect(holds('3 <= 2')).to.equal(false);
  });

  it('in finds a substring, a list item or a mapping key; not in is its opposite', () => {
    const node_runtime = 'containerd://1.6.21';
    expect(holds("'containerd://' in node_runtime", { node_runtime })).to.equal(true);
    expect(holds("'docker://' not in node_runtime", { node_runtime })).to.equal(true);
    expect(holds("'cp1' in groups['kube_control_plane']", { groups: { kube_control_plane: ['cp1'] } })).to.equal(true);
    expect(holds('[1] in x', { x: [[1], [2]] })).to.equal(true);
    expect(holds("'rc' in result", { result: { rc: 0 } })).to.equal(true);
    expect(holds("'stdout' in result", { result: { rc: 0 } })).to.equal(false);
    expect(holds("not 'x' in 'abc'")).to.equal(true);
  });

  it('truthiness is as in Python: empty string, list, mapping, 0, null and false are false', () => {
    for (const x of ['', [], {}, 0, null, false]) expect(holds('x', { x }), JSON.stringify(x)).to.equal(false);
    for (const x of ['0', 'false', [0], { a: null }, -1, 0.5, true])
      expect(holds('x', { x }), JSON.stringify(x)).to.equal(true);
  });

  it('reads keys and items: a.b, a["b"], a[0], a[-1], a[key], strings by character', () => {
    const vars = { a: { b: { 'c-d': 5 } }, l: [1, 2, 3], k: 'b', s: 'héllo' };
    expect(ev("a.b['c-d']", vars)).to.equal(5);
    expect(ev('a[k]', vars)).to.deep.equal({ 'c-d': 5 });
    expect(ev('l[0] + l[-1]', vars)).to.equal(4);
    expect(ev('s[1] + s[-1]', vars)).to.equal('éo');
    expect(ev('m[1]', { m: { 1: 'one' } })).to.equal('one');
    expect(ev('a.in', { a: { in: 1 } })).to.equal(1);
  });

  it('registered results read naturally', () => {
    const result = { rc: 1, stderr: 'Unit docker.service not found.', changed: false, failed: true };
    expect(holds("result.rc != 0 and 'not found' in result.stderr", { result })).to.equal(true);
    expect(holds('result is failed and result is not changed', { result })).to.equal(true);
    expect(holds('result.stdout is defined', { result })).to.equal(false);
  });
});

describe('conditions: undefined variables', () => {
  it('using an undefined variable is an error', () => {
    const e = failure(() => ev('foo == 1'));
    expect(e.message).to.equal('undefined variable "foo"');
    expect(e.code).to.equal('playbook');
    expect(e.source).to.deep.equal({ file: 'p.yaml', line: 4, col: 11 });
    expect(e.excerpt).to.equal('foo == 1');
  });

  it('suggests a defined variable with a close name', () => {
    const e = failure(() => ev('kubelet_verison is version("1.24")', { kubelet_version: '1.23.0' }));
    expect(e.message).to.equal('undefined variable "kubelet_verison"; did you mean "kubelet_version"?');
  });

  it('is defined, is undefined and default accept an undefined subject', () => {
    expect(holds('foo is defined')).to.equal(false);
    expect(holds('foo is undefined')).to.equal(true);
    expect(holds('foo is not defined')).to.equal(true);
    expect(ev("foo | default('x')")).to.equal('x');
    expect(ev("foo | d('x')")).to.equal('x');
  });

  it('a null value is defined', () => {
    expect(holds('x is defined', { x: null })).to.equal(true);
  });

  it('a missing key of a defined mapping is undefined, and so is anything below it', () => {
    expect(holds('result.rc is defined', { result: { changed: false } })).to.equal(false);
    expect(holds('result.rc is defined', { result: { rc: 0 } })).to.equal(true);
    expect(holds('a.b.c.d is defined', { a: {} })).to.equal(false);
    expect(holds('a.b.c is defined', {})).to.equal(false);
    expect(holds('l[3] is defined', { l: [1] })).to.equal(false);
    expect(holds('s.x is defined', { s: 'text' })).to.equal(false);
    expect(ev('result.rc | default(-1)', { result: {} })).to.equal(-1);
  });

  it('a missing key is an error wherever it is used, naming the key and the keys there are', () => {
    const e = failure(() => ev('result.rcc == 0', { result: { rc: 0, stdout: '' } }));
    expect(e.message).to.equal('undefined variable "result.rcc": "result" has no key "rcc"; did you mean "rc"?');
    expect(e.source?.col).to.equal(11 + 7);
    expect(e.hint).to.equal(
      'its keys: rc, stdout; guard it with "result.rcc is defined" or "result.rcc | default(...)"',
    );
  });

  it('an undefined operand of not, and, or, filters and tests is an error', () => {
    for (const text of [
      'not foo',
      'foo and true',
      'false or foo',
      'foo | length',
      'foo is string',
      "'a' in foo",
      '[foo]',
    ]) {
      expect(failure(() => ev(text)).message, text).to.equal('undefined variable "foo"');
    }
  });
});

describe('conditions: safety', () => {
  it('__proto__, constructor, toString and prototype are plain missing keys', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty', 'valueOf']) {
      expect(holds(`${name} is defined`), name).to.equal(false);
      expect(holds(`x.${name} is defined`, { x: {} }), name).to.equal(false);
      expect(holds(`x['${name}'] is defined`, { x: {} }), name).to.equal(false);
      expect(holds(`s.${name} is defined`, { s: 'text' }), name).to.equal(false);
      expect(holds(`l.${name} is defined`, { l: [] }), name).to.equal(false);
      expect(holds(`'${name}' in x`, { x: {} }), name).to.equal(false);
    }
    expect(holds('x.constructor.constructor is defined', { x: {} })).to.equal(false);
  });

  it('length and other array properties are not keys; use the length filter', () => {
    expect(holds('l.length is defined', { l: [1] })).to.equal(false);
    expect(holds("s['length'] is defined", { s: 'ab' })).to.equal(false);
    expect(ev('l | length', { l: [1] })).to.equal(1);
  });

  it('an own key set to a JS undefined counts as missing', () => {
    expect(holds('r.rc is defined', { r: { rc: undefined } })).to.equal(false);
  });

  it('an own getter (a templated variable of the scope) is read when used, inherited ones never', () => {
    let called = 0;
    const vars = Object.defineProperty({}, 'x', {
      get: () => {
        called++;
        return 1;
      },
      enumerable: true,
    });
    expect(holds('x == 1', vars)).to.equal(true);
    expect(called).to.equal(1);
    expect(holds('y is defined', Object.create(vars))).to.equal(false);
  });

  it('test and filter names cannot reach prototype members', () => {
    expect(failure(() => ev('x is constructor', { x: 1 })).message).to.match(/^unknown test "constructor"/);
    expect(failure(() => ev('x | toString', { x: 1 })).message).to.match(/^unknown filter "toString"/);
  });
});

describe('conditions: API', () => {
  it('a boolean is itself; a list holds when every item holds', () => {
    expect(conditionHolds(true, {}, at)).to.equal(true);
    expect(conditionHolds(false, {}, at)).to.equal(false);
    expect(conditionHolds(['x > 1', true, 'x < 5'], { x: 3 }, at)).to.equal(true);
    expect(conditionHolds(['x > 1', 'x > 4'], { x: 3 }, at)).to.equal(false);
    expect(conditionHolds([], {}, at)).to.equal(true);
  });

  it('a list stops at the first item that does not hold, as Ansible does', () => {
    expect(conditionHolds(['x is defined', 'x > 1'], {}, at)).to.equal(false);
  });

  it('checkCondition parses strings, booleans and lists without evaluating them', () => {
    expect(() => checkCondition(['undefined_var > 1', true, 'a is defined'], at)).not.to.throw();
    const e = failure(() => checkCondition(['a > 1', 'a >'], at));
    expect(e.message).to.equal('expected a value, found the end of the condition');
  });

  it('anything other than a string, boolean or list is not a condition', () => {
    for (const v of [1, null, { a: 1 }]) {
      const e = failure(() => conditionHolds(v, {}, at));
      expect(e.message).to.match(/^a condition must be a string, a boolean or a list of them, got /);
      expect(e.source).to.deep.equal(at);
      expect(() => checkCondition(v, at)).to.throw(RunbookError);
    }
  });

  it('a parsed condition is reused for the same text, with its own origin', () => {
    const a = parseCondition('x == 1', at);
    const b = parseCondition('x == 1', { file: 'q.yaml', line: 9, col: 3 });
    expect(b.ast).to.equal(a.ast);
    expect(failure(() => evaluate(b, {})).source).to.deep.equal({ file: 'q.yaml', line: 9, col: 3 });
  });

  it('evaluate gives the value; isTrue its truth', () => {
    const c = parseCondition("x | default('')", at);
    expect(evaluate(c, { x: 'a' })).to.equal('a');
    expect(isTrue(c, {})).to.equal(false);
  });
});

describe('conditions: the reference', () => {
  for (const ex of EXAMPLES) {
    it(`example: ${ex.condition}`, () => {
      expect(ev(ex.condition, ex.vars)).to.deep.equal(ex.result);
      expect(CONDITION_REFERENCE).to.include(`\`${ex.condition}\``);
    });
  }

  it('the example that starts each test and filter line is a valid condition', () => {
    const ref = CONDITION_REFERENCE;
    const section = ref.slice(ref.indexOf('### Tests'), ref.indexOf('### Examples'));
    const lines = section.split('\n').filter((l) => l.startsWith('- `'));
    expect(lines.length).to.be.greaterThan(30);
    for (const line of lines) {
      const example = /^- `([^`]+)`/.exec(line)?.[1] ?? '';
      expect(() => parseCondition(example, at), example).not.to.throw();
    }
  });
});
