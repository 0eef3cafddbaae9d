import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import type { RunbookError } from '../../src/errors.js';
import { evaluate, parseCondition } from '../../src/vars/condition/index.js';

const at = { file: 'p.yaml', line: 1, col: 1 };
const ev = (text: string, vars: object = {}) => evaluate(parseCondition(text, at), vars);

function failure(text: string, vars: object = {}): RunbookError {
  return runbookError(() => ev(text, vars));
}

describe('condition filters (x | ...)', () => {
  it('length counts characters, items and keys', () => {
    expect(ev('x | length', { x: 'héllo' })).to.equal(5);
    expect(ev('x | length', { x: [1, 2] })).to.equal(2);
    expect(ev('x | length', { x: { a: 1, b: 2 } })).to.equal(2);
    expect(failure('x | length', { x: 3 }).message).to.equal('"length" needs a string, list or mapping, got a number');
  });

  it('int reads whole numbers and gives 0 for what it cannot read, as Jinja does', () => {
    expect(ev('x | int', { x: ' 42\n' })).to.equal(42);
    expect(ev('x | int', { x: '3.9' })).to.equal(3);
    expect(ev('x | int', { x: '-3.9' })).to.equal(-3);
    expect(ev('x | int', { x: 7.8 })).to.equal(7);
    expect(ev('x | int', { x: true })).to.equal(1);
    for (const x of ['', 'abc', null, [1]]) expect(ev('x | int', { x })).to.equal(0);
  });

  it('float reads numbers and gives 0 for what it cannot read', () => {
    expect(ev('x | float', { x: '1.5' })).to.equal(1.5);
    expect(ev('x | float', { x: '1e3' })).to.equal(1000);
    expect(ev('x | float', { x: 'n/a' })).to.equal(0);
  });

  it('string writes values as Python does', () => {
    expect(ev('x | string', { x: 3 })).to.equal('3');
    expect(ev('x | string', { x: true })).to.equal('True');
    expect(ev('x | string', { x: null })).to.equal('None');
    expect(ev('x | string', { x: ['a', 1, { k: false }] })).to.equal("['a', 1, {'k': False}]");
  });

  it('bool reads yes/no, true/false, on/off, 1/0 in any case', () => {
    for (const x of ['yes', 'YES', 'True', 'on', '1', 1, true, ' yes\n']) {
      expect(ev('x | bool', { x }), String(x)).to.equal(true);
    }
    for (const x of ['no', 'False', 'OFF', '0', 0, false, null]) {
      expect(ev('x | bool', { x }), String(x)).to.equal(false);
    }
  });

  it('bool refuses anything else', () => {
    const e = failure('x | bool', { x: 'maybe' });
    expect(e.message).to.equal('cannot read "maybe" as a boolean');
    expect(e.hint).to.equal('bool reads yes/no, true/false, on/off and 1/0 (any case)');
    expect(failure('x | bool', { x: 2 }).message).to.equal('cannot read a number as a boolean');
  });

  it('lower, upper and trim', () => {
    expect(ev('x | lower', { x: 'Active' })).to.equal('active');
    expect(ev('x | upper', { x: 'active' })).to.equal('ACTIVE');
    expect(ev('x | trim', { x: '  running\n' })).to.equal('running');
    expect(ev('x | lower', { x: true })).to.equal('true');
  });

  it('default applies when the input is undefined; with true also when it is false-ish', () => {
    expect(ev("x | default('a')", {})).to.equal('a');
    expect(ev("x | default('a')", { x: '' })).to.equal('');
    expect(ev("x | default('a', true)", { x: '' })).to.equal('a');
    expect(ev('x | default', {})).to.equal('');
    expect(ev("x.y.z | d('deep')", { x: {} })).to.equal('deep');
    expect(ev('x | default(y)', { y: [1] })).to.deep.equal([1]);
  });

  it("default's fallback is read only when it is used (as Jinja: an undefined fallback is no error while x is defined)", () => {
    expect(ev('x.a | default(x.b)', { x: { a: 1 } })).to.equal(1);
    expect(ev("x.a | default(nope) | default('z')", { x: {} })).to.equal('z');
    const e = failure('x.a | default(x.b)', { x: {} });
    expect(e.message).to.contain('x.b');
  });

  it('first and last', () => {
    expect(ev('x | first', { x: [1, 2, 3] })).to.equal(1);
    expect(ev('x | last', { x: [1, 2, 3] })).to.equal(3);
    expect(ev('x | first', { x: 'abc' })).to.equal('a');
    expect(ev("x | last | default('none')", { x: [] })).to.equal('none');
    const e = failure('x | last', { x: [] });
    expect(e.message).to.equal('"x | last" is undefined: the list is empty');
    expect(e.source?.col).to.equal(5);
  });

  it('join and split', () => {
    expect(ev("x | join(',')", { x: ['a', 1, true] })).to.equal('a,1,True');
    expect(ev('x | join', { x: ['a', 'b'] })).to.equal('ab');
    expect(ev("x | split(',')", { x: 'a,b,,c' })).to.deep.equal(['a', 'b', '', 'c']);
    expect(ev('x | split', { x: '  a  b\tc\n' })).to.deep.equal(['a', 'b', 'c']);
    expect(ev('x | split', { x: '   ' })).to.deep.equal([]);
    expect(ev("x | split('\\n') | last", { x: 'l1\nl2' })).to.equal('l2');
  });

  it('keys lists the keys of a mapping', () => {
    expect(ev('x | keys', { x: { b: 1, a: 2 } })).to.deep.equal(['b', 'a']);
    expect(failure('x | keys', { x: [] }).message).to.equal('"keys" needs a mapping, got a list');
  });

  it('regex_search gives the first match or null', () => {
    const out = 'Kubernetes v1.23.17';
    expect(ev("out | regex_search('v[0-9.]+')", { out })).to.equal('v1.23.17');
    expect(ev("out | regex_search('[0-9]+[.][0-9]+[.][0-9]+') is version('1.24', '<')", { out })).to.equal(true);
    expect(ev("out | regex_search('containerd')", { out })).to.equal(null);
  });

  it('replace replaces every occurrence', () => {
    expect(ev("x | replace('-', '_')", { x: 'kube-node-1' })).to.equal('kube_node_1');
    expect(ev("x | replace('', '.')", { x: 'ab' })).to.equal('.a.b.');
  });

  it('basename and dirname split paths as Python does', () => {
    const x = '/etc/kubernetes/kubelet.conf';
    expect(ev('x | basename', { x })).to.equal('kubelet.conf');
    expect(ev('x | dirname', { x })).to.equal('/etc/kubernetes');
    expect(ev('x | basename', { x: '/etc/' })).to.equal('');
    expect(ev('x | dirname', { x: '/etc' })).to.equal('/');
    expect(ev('x | dirname', { x: 'kubelet.conf' })).to.equal('');
    expect(ev('x | dirname', { x: '/a//b' })).to.equal('/a');
    expect(failure('x | basename', { x: 1 }).message).to.equal('"basename" needs a string, got a number');
  });

  it('filters chain left to right', () => {
    expect(ev("x | trim | split(' ') | first | upper", { x: ' ready now ' })).to.equal('READY');
  });
});
