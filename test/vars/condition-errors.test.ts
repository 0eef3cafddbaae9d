import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import { formatError, RunbookError } from '../../src/errors.js';
import { checkCondition, evaluate, parseCondition } from '../../src/vars/condition/index.js';

// Origin at column 1, so a column is the 1-based position in the expression.
const at = { file: 'p.yaml', line: 7, col: 1 };

function failure(text: string, vars: object = {}, origin = at): RunbookError {
  return runbookError(() => evaluate(parseCondition(text, origin), vars));
}

/** [condition, vars, message, column] */
type Case = [string, object, string, number];

function check(cases: Case[]): void {
  for (const [text, vars, message, col] of cases) {
    it(`${text}  →  ${message}`, () => {
      const e = failure(text, vars);
      expect(e.code).to.equal('playbook');
      expect(e.message).to.equal(message);
      expect(e.source).to.deep.equal({ file: 'p.yaml', line: 7, col });
      expect(e.excerpt).to.equal(text);
    });
  }
}

describe('condition errors: syntax', () => {
  check([
    ['', {}, 'the condition is empty', 1],
    ['a ==', {}, 'expected a value, found the end of the condition', 5],
    ['a == and b', {}, 'expected a value, found "and"', 6],
    ['a b', {}, 'expected an operator or the end of the condition, found "b"', 3],
    ["a 'b'", {}, "expected an operator or the end of the condition, found the string 'b'", 3],
    ['(a == 1', {}, 'expected ")" to close "(" at column 1', 8],
    ['x and (a or (b)', {}, 'expected ")" to close "(" at column 7', 16],
    ['[1, 2', {}, 'expected "]" to close "[" at column 1', 6],
    ['a[0 == 1', {}, 'expected "]" to close "[" at column 2', 9],
    ["x | default('a'", {}, 'expected ")" to close "(" at column 12', 16],
    ['a.', {}, 'expected a key name after ".", found the end of the condition', 3],
    ['a | ', {}, 'expected a filter name after "|", found the end of the condition', 5],
    ['a is', {}, 'expected a test name after "is", found the end of the condition', 5],
    ['a is not 1', {}, 'expected a test name after "is not", found "1"', 10],
    ['a not b', {}, 'expected "in" after "not", found "b"', 7],
    ['1 < x < 3', {}, 'comparisons cannot be chained', 7],
    ['a is defined == true', {}, 'comparisons cannot be chained', 14],
    ["x.frobnicate('a')", {}, '"frobnicate()" is not a method runbook knows', 13],
    ['range(3)', {}, 'calls are not supported', 6],
    ['x is defind', {}, 'unknown test "defind"; did you mean "defined"?', 6],
    ['x | lenght > 0', {}, 'unknown filter "lenght"; did you mean "length"?', 5],
    ['x | json_query', {}, 'unknown filter "json_query"', 5],
    ['x | lower(1)', {}, '"lower" takes no arguments, got 1', 11],
    ["x | replace('a')", {}, '"replace" takes 2 arguments, got 1', 5],
    ["x | join(',', 1)", {}, '"join" takes at most 1 argument, got 2', 15],
    ['x is version()', {}, '"version" needs at least 1 argument, got 0', 6],
    ["x | default('a', boolean=true)", {}, '"default" has no argument named "boolean"', 18],
    ["x | map(attribute='a', 'b')", {}, 'an argument in order cannot follow a named one', 24],
    ["x is version(1.20, '<')", {}, "write the version as a string: '1.20'", 14],
    ["x is version('1.2', 'lte')", {}, 'unknown version comparison "lte"', 21],
    ["x is match('v(1')", {}, 'invalid regular expression "v(1": Unterminated group', 12],
    ["x | regex_search('[a')", {}, 'invalid regular expression "[a": Unterminated character class', 18],
    ["x is search('(?x)a b')", {}, 'the inline flag "x" of "(?x)a b" is not supported (only i, m, s)', 13],
    [`${'('.repeat(70)}1${')'.repeat(70)}`, {}, 'the condition is nested too deeply', 66],
  ]);

  it('a condition of more than 1000 tokens is refused, not a stack overflow', () => {
    const e = failure(Array(600).fill('x').join(' and '), { x: 1 });
    expect(e.message).to.equal('the condition is too long (over 1000 tokens)');
    expect(e.source?.col).to.equal(1 + 500 * 'x and '.length);
    expect(e.hint).to.equal('split it into a list of conditions, which must all hold');
  });
});

describe('condition errors: habits from Ansible templates and other languages', () => {
  check([
    ['{{ a == 1 }}', {}, 'conditions are expressions already; remove the {{ }}', 1],
    ['  {{ a }}', {}, 'conditions are expressions already; remove the {{ }}', 3],
    ["x == '{{ y }}'", {}, 'conditions are expressions already; remove the {{ }}', 7],
    ['{% if a %}', {}, 'conditions are expressions already; remove the {{ }}', 1],
    ['a && b', {}, 'use "and" instead of "&&"', 3],
    ['a || b', {}, 'use "or" instead of "||"', 3],
    ['!a', {}, 'use "not" instead of "!"', 1],
    ['(a && b)', {}, 'use "and" instead of "&&"', 4],
    ['a = 1', {}, 'use "==" to compare; "=" is not an operator', 3],
    ['{ "a" 1 }', {}, 'expected ":" after the key of a mapping, found "1"', 7],
    ["'a' if b els 'c'", {}, 'expected an operator or the end of the condition, found "els"', 10],
    ['a @ b', {}, 'unexpected character "@"', 3],
    ['v == 1.2.3', {}, '"1.2.3" is not a number', 6],
    ["x == 'abc", {}, "unterminated string: the ' here is never closed", 6],
  ]);

  it('the {{ }} hint gives the condition without them', () => {
    expect(failure('{{ result.rc == 0 }}').hint).to.equal('write it as: result.rc == 0');
    expect(failure("{{ a }} == 'x' and {{ b }}").hint).to.equal("write it as: a == 'x' and b");
    expect(failure('{% if a %}').hint).to.equal('write the expression without {{ }} or {% %}');
  });

  it('a call of a method runbook does not know names the filters, tests and methods to use instead', () => {
    const hint = failure("v.frobnicate('1.2')").hint as string;
    expect(hint).to.match(
      /^use a filter \(x \| name\) or a test \(x is name\); the methods are split, strip, .*, keys, values, items, get, update$/,
    );
    expect(failure('v.upper()', { v: 1 }).message).to.equal('a number has no method "upper()"');
  });

  it('an unknown test or filter lists the known ones', () => {
    expect(failure('x is exists').hint).to.match(/^known tests: defined, undefined, none, .*, version, in$/);
    expect(failure('x | json_query').hint).to.match(
      /^known filters: default, d, length, .*, basename, dirname, unique, .*, docker_size_quantity$/,
    );
  });

  it('an unquoted version gets the quoted form as a hint', () => {
    expect(failure('v == 1.24.0').hint).to.equal("if it is a version or text, quote it: '1.24.0'");
  });
});

describe('condition errors: evaluation', () => {
  check([
    ['foo', {}, 'undefined variable "foo"', 1],
    ['1 + foo.bar', {}, 'undefined variable "foo"', 5],
    ['x[5] == 1', { x: [1, 2] }, 'undefined variable "x[5]": "x" has no item [5] (it has 2 items)', 3],
    ['x.length > 0', { x: [1] }, 'undefined variable "x.length": "x" is a list; it has no key "length"', 3],
    ['s.y', { s: 'text' }, 'undefined variable "s.y": "s" is a string; it has no key "y"', 3],
    ['n.y == 1', { n: null }, 'undefined variable "n.y": "n" is null, not a mapping', 3],
    ["r['std' + 'out'] == ''", { r: {} }, 'undefined variable "r[\'std\' + \'out\']": "r" has no key "stdout"', 3],
    ['(a).b', { a: {} }, 'undefined variable "(a).b": "(a)" has no key "b"', 5],
    ['x[1.5]', { x: [1, 2] }, 'an index must be a whole number, got 1.5', 3],
    ['x[k]', { x: {}, k: [1] }, 'a key must be a string or a number, got a list', 3],
    ["'a' < 1", {}, 'cannot compare a string with a number', 5],
    ['x >= 2', { x: '3' }, 'cannot compare a string with a number', 3],
    ['x < y', { x: true, y: null }, 'cannot compare a boolean with null', 3],
    [
      "v < '1.24'",
      { v: '1.9' },
      '"1.9" and "1.24" look like versions; comparing them as text is unreliable ("1.9" > "1.24")',
      3,
    ],
    ["'v' + 1", {}, '"+" needs two numbers, two strings or two lists, got a string and a number', 5],
    ['x * 2', { x: { a: 1 } }, '"*" needs numbers, got a mapping and a number', 3],
    ['1 / (x - 1)', { x: 1 }, 'division by zero', 3],
    ['1 % 0', {}, 'division by zero', 3],
    ['-x', { x: 'a' }, '"-" needs a number, got a string', 1],
    ["1 in 'abc'", {}, '"in" a string needs a string on the left, got a number', 3],
    ["'a' not in 5", {}, '"in" needs a string, list or mapping on the right, got a number', 5],
    ['x is match(p)', { x: 'a', p: 1 }, 'a regular expression must be a string, got a number', 12],
    ['x is search(p)', { x: 'a', p: '*' }, 'invalid regular expression "*": Nothing to repeat', 13],
    ['x | split(s)', { x: 'a', s: '' }, 'the separator of "split" must be a non-empty string', 11],
    ["x is version('1.2')", { x: [1] }, 'a version must be a string, got a list', 6],
  ]);

  it('the hint for a missing key lists the keys there are', () => {
    expect(failure('r.x', { r: {} }).hint).to.equal(
      'it is empty; guard it with "r.x is defined" or "r.x | default(...)"',
    );
  });

  it('comparing versions as text points to the version test', () => {
    expect(failure("v >= '1.24'", { v: '1.9' }).hint).to.equal(
      "use the version test, e.g. \"x is version('1.24', '<')\"",
    );
  });
});

describe('condition errors: positions', () => {
  it('columns are offset from where the expression starts in the YAML file', () => {
    const e = failure('result.rc == 0 and nope', { result: { rc: 0 } }, { file: 'site.yaml', line: 12, col: 13 });
    expect(e.source).to.deep.equal({ file: 'site.yaml', line: 12, col: 13 + 19 });
    expect(e.excerpt).to.equal('result.rc == 0 and nope');
  });

  it('in a multi-line condition the line counts from the origin and the excerpt is that line', () => {
    const text = 'a == 1 and\n  (b == 2 or\n   c == )';
    const e = failure(text, { a: 1, b: 1 }, { file: 'site.yaml', line: 20, col: 11 });
    expect(e.message).to.equal('expected a value, found ")"');
    expect(e.source).to.deep.equal({ file: 'site.yaml', line: 22, col: 9 });
    expect(e.excerpt).to.equal('   c == )');
  });

  it('a bracket closed on another line names the line and column of the opening one', () => {
    const e = failure('(a or\nb', {}, { file: 'site.yaml', line: 5, col: 9 });
    expect(e.message).to.equal('expected ")" to close "(" at line 5, column 9');
    expect(e.source).to.deep.equal({ file: 'site.yaml', line: 6, col: 2 });
  });

  it('errors found while loading come from checkCondition, before any evaluation', () => {
    let caught: unknown;
    try {
      checkCondition(['a is defined', 'b is definde'], { file: 'site.yaml', line: 3, col: 11 });
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(RunbookError);
    expect((caught as RunbookError).source).to.deep.equal({ file: 'site.yaml', line: 3, col: 16 });
  });

  it('formats like every other runbook error', () => {
    expect(formatError(failure('x is defined and x.y', { x: {} }))).to.equal(
      [
        'p.yaml:7:20: error: undefined variable "x.y": "x" has no key "y"',
        '  7 | x is defined and x.y',
        '                         ^',
        '  hint: it is empty; guard it with "x.y is defined" or "x.y | default(...)"',
      ].join('\n'),
    );
  });
});
