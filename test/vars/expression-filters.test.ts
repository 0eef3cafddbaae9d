import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import type { RunbookError } from '../../src/errors.js';
import { renderValue } from '../../src/vars/render-value.js';

const at = { file: 'p.yaml', line: 3, col: 1 };
const ev = (text: string, vars: object = {}) => renderValue(text, vars, at);

function failure(text: string, vars: object = {}): RunbookError {
  return runbookError(() => ev(text, vars));
}

describe('value filters: lists, mappings and data', () => {
  it('map, select and selectattr call filters and tests by name, with their arguments', () => {
    const xs = ['kube-a', 'etcd', 'kube-b'];
    expect(ev("{{ xs | map('replace', 'kube-', '') | list }}", { xs })).to.deep.equal(['a', 'etcd', 'b']);
    expect(ev("{{ xs | select('search', '^kube') | list }}", { xs })).to.deep.equal(['kube-a', 'kube-b']);
    expect(ev("{{ [0, 1, '', 'x', none] | select | list }}")).to.deep.equal([1, 'x']);
    expect(
      ev("{{ ps | selectattr('port', 'defined') | map(attribute='port') | list }}", { ps: [{ port: 1 }, {}] }),
    ).to.deep.equal([1]);
    expect(ev("{{ ps | map(attribute='a.b', default='-') | list }}", { ps: [{ a: { b: 2 } }, {}] })).to.deep.equal([
      2,
      '-',
    ]);
    expect(failure("{{ xs | map('nope') }}", { xs }).message).to.equal('unknown filter "nope"');
    expect(failure("{{ [{}] | map(attribute='port') }}").message).to.equal('"map": an item has no attribute "port"');
  });

  it('sort, unique, flatten and the set filters', () => {
    expect(ev("{{ ['b', 'A', 'c'] | sort }}")).to.deep.equal(['A', 'b', 'c']);
    expect(ev("{{ ['b', 'A', 'c'] | sort(case_sensitive=true) }}")).to.deep.equal(['A', 'b', 'c']);
    expect(
      ev("{{ ps | sort(attribute='n', reverse=true) | map(attribute='n') | list }}", {
        ps: [{ n: 1 }, { n: 3 }, { n: 2 }],
      }),
    ).to.deep.equal([3, 2, 1]);
    expect(ev('{{ [[1, [2]], [3]] | flatten(1) }}')).to.deep.equal([1, [2], 3]);
    expect(
      ev('{{ [1, 2, 2, 3] | union([4, 1]) }} {{ [1, 2, 3] | intersect([3, 1]) }} {{ [1, 2, 3] | difference([2]) }}'),
    ).to.equal('[1, 2, 3, 4] [1, 3] [1, 3]');
    expect(ev("{{ [1, 2] | product(['a']) }} {{ [1, 2, 3] | zip(['a', 'b']) }}")).to.equal(
      "[[1, 'a'], [2, 'a']] [[1, 'a'], [2, 'b']]",
    );
    expect(ev('{{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }} {{ [3, 1, 2] | sum }}')).to.equal('1 3 6');
    expect(failure("{{ [1, 'a'] | sort }}").message).to.equal('"sort" cannot order a string and a number');
  });

  it('dict2items and items2dict take other key names; combine merges later mappings over earlier ones', () => {
    expect(ev("{{ {'a': 1} | dict2items(key_name='k', value_name='v') }}")).to.deep.equal([{ k: 'a', v: 1 }]);
    expect(ev("{{ [{'k': 'a', 'v': 1}] | items2dict(key_name='k', value_name='v') }}")).to.deep.equal({ a: 1 });
    expect(ev("{{ {'a': 1} | combine({'b': 2}, {'a': 3}) }}")).to.deep.equal({ a: 3, b: 2 });
    expect(ev("{{ {'__proto__': 1} | dict2items | items2dict | length }}")).to.equal(1);
    expect(failure('{{ [1] | items2dict }}').message).to.equal('"items2dict": an item has no "key" string');
    expect(failure('{{ x | combine(y, deep=true) }}', { x: {}, y: {} }).message).to.equal(
      '"combine" has no argument named "deep"',
    );
  });

  it('JSON and YAML both ways, base64, ternary, mandatory', () => {
    expect(ev('{{ x | to_nice_json }}', { x: { b: [1], a: 'x' } })).to.equal(
      '{\n    "a": "x",\n    "b": [\n        1\n    ]\n}',
    );
    expect(ev("{{ 'a: yes\\nb: [1, 2]' | from_yaml }}")).to.deep.equal({ a: true, b: [1, 2] });
    expect(failure("{{ 'not json' | from_json }}").message).to.match(/^"from_json": the text is not JSON/);
    expect(ev("{{ 'ü' | b64encode | b64decode }}")).to.equal('ü');
    expect(ev("{{ none | ternary('y', 'n', 'null') }} {{ 0 | ternary('y', 'n') }}")).to.equal('null n');
    expect(failure("{{ nope | mandatory('set nope in the inventory') }}").message).to.equal(
      'set nope in the inventory',
    );
  });

  it("regex_replace takes Python's \\1 and \\g<name>, and a $ in the replacement is literal", () => {
    expect(ev("{{ 'a-1 b-2' | regex_replace('(\\\\w)-(?P<n>\\\\d)', '\\\\g<n>\\\\1$') }}")).to.equal('1a$ 2b$');
    expect(ev("{{ 'ABC' | regex_replace('b', 'x', ignorecase=true) }}")).to.equal('AxC');
    expect(ev("{{ 'v1.2 v3.4' | regex_findall('v([0-9.]+)') }}")).to.deep.equal(['1.2', '3.4']);
  });

  it('docker_size_quantity turns Docker sizes into Kubernetes quantities', () => {
    expect(
      ev(
        "{{ '100m' | docker_size_quantity }} {{ '10k' | docker_size_quantity }} {{ '2048' | docker_size_quantity }} {{ '1g' | docker_size_quantity }}",
      ),
    ).to.equal('100Mi 10Ki 2048 1Gi');
  });
});
