import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import type { RunbookError } from '../../src/errors.js';
import { evaluate, isTrue, parseCondition } from '../../src/vars/condition/index.js';

const at = { file: 'p.yaml', line: 1, col: 1 };
const holds = (text: string, vars: object = {}) => isTrue(parseCondition(text, at), vars);

function failure(text: string, vars: object = {}): RunbookError {
  return runbookError(() => evaluate(parseCondition(text, at), vars));
}

describe('condition tests (x is ...)', () => {
  it('none is true for null only', () => {
    expect(holds('x is none', { x: null })).to.equal(true);
    expect(holds('x is none', { x: '' })).to.equal(false);
    expect(holds('x is not none', { x: 0 })).to.equal(true);
  });

  it('string, number, mapping', () => {
    expect(holds('x is string', { x: '' })).to.equal(true);
    expect(holds('x is string', { x: 1 })).to.equal(false);
    expect(holds('x is number and y is number', { x: 1, y: 2.5 })).to.equal(true);
    expect(holds('x is number', { x: true })).to.equal(false);
    expect(holds('x is number', { x: '1' })).to.equal(false);
    expect(holds('x is mapping', { x: {} })).to.equal(true);
    expect(holds('x is mapping', { x: [] })).to.equal(false);
  });

  it('sequence is true for lists, strings and mappings, as in Jinja', () => {
    for (const x of [[], 'a', {}]) expect(holds('x is sequence', { x })).to.equal(true);
    for (const x of [1, null, true]) expect(holds('x is sequence', { x })).to.equal(false);
    expect(holds('x is sequence and x is not string and x is not mapping', { x: 'a' })).to.equal(false);
  });

  it('true and false are the booleans themselves, not truthiness', () => {
    expect(holds('x is true', { x: true })).to.equal(true);
    expect(holds('x is true', { x: 1 })).to.equal(false);
    expect(holds('x is false', { x: false })).to.equal(true);
    expect(holds('x is false', { x: 0 })).to.equal(false);
    expect(holds('x is not false', { x: '' })).to.equal(true);
  });

  it('succeeded/success and failed/failure read "failed" of a registered result', () => {
    const ok = { rc: 0, changed: true };
    const bad = { rc: 1, failed: true };
    expect(holds('r is succeeded and r is success', { r: ok })).to.equal(true);
    expect(holds('r is failed or r is failure', { r: ok })).to.equal(false);
    expect(holds('r is failed and r is failure', { r: bad })).to.equal(true);
    expect(holds('r is succeeded', { r: bad })).to.equal(false);
    // ansible-playbook 2.14 prints "yes" for `{{ {'failed': 'yes'} is failed }}`: the value, read for its truth.
    expect(holds('r is failed', { r: { failed: 'yes' } })).to.equal(true);
    expect(holds('r is successful', { r: ok })).to.equal(true);
  });

  // As ansible-playbook 2.14 printed for the same values (a loop result without `changed` of
  // its own is changed when an item is; `finished` of a result without the key is true).
  it('change/changed reads the items of a loop result without a changed of its own', () => {
    expect(holds('r is changed', { r: { results: [{ changed: false }, { changed: true }] } })).to.equal(true);
    expect(holds('r is change', { r: { changed: false, results: [{ changed: true }] } })).to.equal(false);
  });

  it('reachable/unreachable, skip, finished and started', () => {
    expect(holds('r is unreachable', { r: { unreachable: true } })).to.equal(true);
    expect(holds('r is reachable', { r: { unreachable: true } })).to.equal(false);
    expect(holds('r is reachable', { r: { rc: 0 } })).to.equal(true);
    expect(holds('r is skip', { r: { skipped: true } })).to.equal(true);
    expect(holds('r is finished', { r: {} })).to.equal(true);
    expect(holds('r is finished', { r: { finished: 0 } })).to.equal(false);
    expect(holds('r is finished', { r: { finished: 1 } })).to.equal(true);
    expect(holds('r is started', { r: { started: 0 } })).to.equal(false);
    expect(failure('r is reachable', { r: 'x' }).message).to.match(/"reachable" tests a registered result/);
  });

  it('changed and skipped read their flags', () => {
    expect(holds('r is changed', { r: { changed: true } })).to.equal(true);
    expect(holds('r is changed', { r: {} })).to.equal(false);
    expect(holds('r is skipped', { r: { skipped: true } })).to.equal(true);
    expect(holds('r is not skipped', { r: { changed: false } })).to.equal(true);
  });

  it('the result tests need a mapping', () => {
    const e = failure('r is failed', { r: 'oops' });
    expect(e.message).to.equal(
      '"failed" tests a registered result (a mapping with failed, changed, skipped, rc), got a string',
    );
    expect(e.source?.col).to.equal(6);
  });

  it('match is anchored at the start; search is not', () => {
    const v = 'Client Version: v1.27.3';
    expect(holds("v is match('Client')", { v })).to.equal(true);
    expect(holds("v is match('Version')", { v })).to.equal(false);
    expect(holds("v is search('Version')", { v })).to.equal(true);
    expect(holds("v is search('v1\\.2[0-9]\\.')", { v })).to.equal(true);
    expect(holds("v is match('a|Client')", { v })).to.equal(true);
    expect(holds("v is search('^Version')", { v })).to.equal(false);
  });

  it('regexes take the Python forms operators copy from Ansible', () => {
    expect(holds("v is match('(?i)client')", { v: 'Client' })).to.equal(true);
    expect(holds("v is search('(?P<major>[0-9]+)[.](?P=major)')", { v: 'v1.1' })).to.equal(true);
    expect(holds("v is search('ok\\Z')", { v: 'ok\n' })).to.equal(false);
    expect(holds("v is search('\\Aok')", { v: 'ok' })).to.equal(true);
  });

  it('a regex match is repeatable (no state kept between uses)', () => {
    for (let i = 0; i < 3; i++) expect(holds("v is search('b')", { v: 'abc' })).to.equal(true);
  });

  it('match and search need a string', () => {
    expect(failure("v is match('1')", { v: 1 }).message).to.equal('"match" tests a string, got a number');
  });

  it('in(list) is the in operator', () => {
    expect(holds("x is in(['a', 'b'])", { x: 'b' })).to.equal(true);
    expect(holds("x is not in(['a', 'b'])", { x: 'c' })).to.equal(true);
    expect(holds("x is in('abc')", { x: 'bc' })).to.equal(true);
  });
});

describe('condition tests: version', () => {
  const cases: [string, string, string, boolean][] = [
    ['v1.23.17', '1.24', '<', true],
    ['1.27.0', '1.27', '>=', true],
    ['1.27.0', '1.27', '==', true],
    ['1.27.0', '1.27', 'eq', true],
    ['v1.28.2+k3s1', '1.28.2', '==', true],
    ['1.27.0-rc.1', '1.27.0', '<', true],
    ['1.27.0-rc.1', '1.26.9', 'gt', true],
    ['1.9.0', '1.24.0', 'lt', true],
    ['1.24', 'v1.24.0', 'le', true],
    ['1.24.1', '1.24', 'ge', true],
    ['1.25', '1.24.99', '>', true],
    ['1.24', '1.24.1', '!=', true],
    ['1.24', '1.24.0', 'ne', false],
    [' 1.30.0 ', '1.4', '>', true],
    ['1', '1.0.0', '==', true],
  ];
  for (const [a, b, op, want] of cases) {
    it(`"${a}" ${op} "${b}" is ${want}`, () => {
      expect(holds(`a is version(b, op)`, { a, b, op })).to.equal(want);
    });
  }

  it('defaults to ==', () => {
    expect(holds("v is version('1.24')", { v: 'v1.24.0' })).to.equal(true);
  });

  it('reads a version stored as a YAML number', () => {
    expect(holds("v is version('1.24', '<')", { v: 1.23 })).to.equal(true);
  });

  it('a version that cannot be read is an error naming it', () => {
    const e = failure("v is version('1.24', '<')", { v: 'Kubernetes v1.23.17' });
    expect(e.message).to.equal('cannot read "Kubernetes v1.23.17" as a version');
    expect(e.source?.col).to.equal(6);
    const f = failure("v is version(other, '<')", { v: '1.2', other: 'latest' });
    expect(f.message).to.equal('cannot read "latest" as a version');
    expect(f.source?.col).to.equal(14);
  });

  it('an unknown comparison is an error listing the known ones', () => {
    const e = failure('v is version("1.2", op)', { v: '1.2', op: '=<' });
    expect(e.message).to.equal('unknown version comparison "=<"');
    expect(e.source?.col).to.equal(21);
    expect(e.hint).to.equal('use one of: < lt <= le > gt >= ge == eq != ne');
  });
});
