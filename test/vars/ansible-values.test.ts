// Issue 28: values and template files as Ansible 2.14 renders them. Each case
// below was run through ansible-playbook 2.14 (the corpus playbooks
// values-semantics, role-j2-template and expr-methods check them on lab hosts).
import { expect } from 'chai';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Notifications } from '../../src/engine/handlers.js';
import type { Handler } from '../../src/types/playbook.js';
import { CONTROLLER } from '../../src/vars/condition/index.js';
import { render } from '../../src/vars/render.js';
import { renderDeep, renderValue } from '../../src/vars/render-value.js';
import { taskScope, withTemplatedValues, type ScopeInput } from '../../src/vars/scope.js';
import type { Vars } from '../../src/types/vars.js';
import { runbookError } from '../support/runbook-error.js';

const at = { file: 'site.yaml', line: 3, col: 9 };
const value = (text: string, vars: object = {}) => renderValue(text, vars, at);

/** A task's scope on host `name` of a two-host inventory (a, b), its templates rendered when read. */
function scopeOn(name: string, vars: Vars, hostvars: Record<string, Vars>) {
  const input: ScopeInput = {
    host: { name, vars, groups: ['all'] } as never,
    groups: { all: ['a', 'b'] },
    hostvars,
    playVars: {},
    varsFiles: {},
    facts: {},
    taskVars: {},
    extraVars: {},
    playbookDir: '/p',
    defaults: {},
    checkMode: false,
  };
  return withTemplatedValues(taskScope(input), (v, s) => renderDeep(v, s, at));
}

describe('Ansible semantics of values (issue 28)', () => {
  it('a value made only of {% %} statements is rendered, also as a variable read later', () => {
    expect(value('{%- if tls -%}https{%- else -%}http{%- endif -%}', { tls: false })).to.equal('http');
    const scope = withTemplatedValues({ tls: true, scheme: '{%- if tls -%}https{%- endif -%}' }, (v, s) =>
      renderDeep(v, s, at),
    );
    expect(scope.scheme).to.equal('https');
  });

  it('rendered text that reads as a Python list, mapping or True/False becomes that value, as ansible_eval_concat does', () => {
    expect(value("{ 'k': {{ n + 1 }}, 'l': [{{ n }}, 'x'] }", { n: 1 })).to.deep.equal({ k: 2, l: [1, 'x'] });
    expect(value("[{% for p in ps %}'p{{ p }}', {% endfor %}]", { ps: [1, 2] })).to.deep.equal(['p1', 'p2']);
    expect(value('{{ \'{"a": null, "b": true}\' }}')).to.deep.equal({ a: null, b: true });
    expect(value("{{ 'True' }}")).to.equal(true);
    // Not a literal, or meant as text: stays text.
    expect(value(' [1]{{ "" }}')).to.equal(' [1]');
    expect(value('[not a list')).to.equal('[not a list');
    expect(value('[{{ x }}', { x: 1 })).to.equal('[1');
    expect(value('{{ d | to_json }}', { d: { a: 1 } })).to.equal('{"a": 1}');
    expect(value("{ 'a': none }{{ '' }}")).to.equal("{ 'a': none }");
    expect(value('{{ 3 }}')).to.equal(3);
  });

  it("'' | bool is false; other text bool cannot read is still an error", () => {
    expect(value("{{ '' | bool }}")).to.equal(false);
    expect(value("{{ ' ' | bool }}")).to.equal(false);
    expect(runbookError(() => value("{{ 'maybe' | bool }}")).message).to.equal('cannot read "maybe" as a boolean');
  });

  it("hostvars[h].x renders x alone, with h's own variables; a broken variable of h that is not read fails nothing", () => {
    const hostvars = { a: { mine: 'a-value' }, b: { owned: '{{ inventory_hostname }}-owned', broken: '{{ nope }}' } };
    const scope = scopeOn('a', {}, hostvars);
    expect(value("{{ hostvars['b'].owned }}", scope)).to.equal('b-owned');
    expect(runbookError(() => value("{{ hostvars['b'].broken }}", scope)).message).to.equal(
      'undefined variable "nope"',
    );
  });

  // ansible-playbook 2.14 printed "localhost" for `{{ ansible_host }}` on a host that sets none (2026-12-08).
  it('a task sees ansible_host as the inventory name where the host sets none; hostvars of another host do not', () => {
    const hostvars = { a: {}, b: {} };
    expect(value('{{ ansible_host }} {{ ansible_connection }}', scopeOn('a', {}, hostvars))).to.equal('a ssh');
    expect(value('{{ ansible_host }}', scopeOn('a', { ansible_host: '10.0.0.1' }, hostvars))).to.equal('10.0.0.1');
    expect(value("{{ hostvars['b'].ansible_host | default('unset') }}", scopeOn('a', {}, hostvars))).to.equal('unset');
  });

  it('omit leaves a module argument (or a key of a mapping in one) out', () => {
    const vars = { omit: '__omit_place_holder__runbook' };
    expect(
      renderDeep({ path: '/x', mode: '{{ m | default(omit) }}', opts: { a: '{{ omit }}', b: 1 } }, vars, at),
    ).to.deep.equal({ path: '/x', opts: { b: 1 } });
  });

  it('a handler that notifies one written after it is answered in the same flush; one written before it waits', () => {
    const h = (name: string) => ({ name, listen: [] }) as unknown as Handler;
    const [earlier, chain, later] = [h('earlier'), h('chain'), h('later')];
    const n = new Notifications([earlier, chain, later]);
    n.notify(['chain'], 'n1');
    const ran: string[] = [];
    for (const { handler } of n.take()) {
      ran.push(handler.name as string);
      if (handler === chain) n.notify(['earlier', 'later'], 'n1');
    }
    expect(ran).to.deep.equal(['chain', 'later']);
    expect([...n.take()].map((d) => d.handler.name)).to.deep.equal(['earlier']);
  });
});

describe('the expression language of real roles (issue 28, item 5)', () => {
  it('methods of strings, lists and mappings', () => {
    expect(value("{{ ' a, b ,c '.strip().split(',') }}")).to.deep.equal(['a', ' b ', 'c']);
    expect(value("{{ 'a b  c'.split() }} {{ 'a-b-c'.split('-', 1) }}")).to.equal("['a', 'b', 'c'] ['a', 'b-c']");
    expect(
      value("{{ v.startswith('v1.') and v.endswith(('.1', '.2')) and not v.startswith('x') }}", { v: 'v1.28.2' }),
    ).to.equal(true);
    expect(value("{{ v.replace('v', '').upper() }}{{ 'X'.lower() }}", { v: 'v1' })).to.equal('1x');
    expect(value('{{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list }}', { d: { a: 1 } })).to.equal(
      "['a'] [1] [['a', 1]]",
    );
    expect(value("{{ d.get('a') }} {{ d.get('z', 'none') }} {{ d.get('z') }}", { d: { a: 1 } })).to.equal('1 none ');
    expect(value('{% set l = [1] %}{% set _ = l.append(2) %}{{ l | length }}')).to.equal('2');
    expect(runbookError(() => value('{{ x.upper() }}', { x: 1 })).message).to.equal('a number has no method "upper()"');
  });

  it('{% set %}, {% for %} with pairs, a condition and else, loop.revindex, {# comments #}', () => {
    expect(value('{% set x = 2 %}{{ x * 3 }}')).to.equal('6');
    expect(value('{% set b %}in {{ 1 }}{% endset %}[{{ b }}]')).to.equal('[in 1]');
    expect(value('{% if true %}{% set y = 1 %}{% endif %}{{ y }}')).to.equal('1');
    expect(value("{% for i in [1] %}{% set y = 1 %}{% endfor %}{{ y | default('gone') }}")).to.equal('gone');
    expect(value('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', { d: { a: 1, b: 2 } })).to.equal(
      'a=1;b=2;',
    );
    expect(value('{% for x in [1, 2, 3] if x > 1 %}{{ x }}{{ loop.revindex }}{% endfor %}')).to.equal('2231');
    expect(value('{% for x in [] %}{{ x }}{% else %}none{% endfor %}')).to.equal('none');
    expect(value('a{# note #}b{#- trimmed -#}  c')).to.equal('abc');
  });

  it('version_compare, collection names, ipaddr/ipv4, first_found', () => {
    expect(value("{{ '1.9' is version_compare('1.10', '<') }}")).to.equal(true);
    expect(value("{{ 'v1.28.2' is ansible.builtin.version('1.27', '>') }}")).to.equal(true);
    expect(
      value("{{ cidr | ansible.utils.ipaddr('net') | ansible.utils.ipaddr(1) | ansible.utils.ipaddr('address') }}", {
        cidr: '10.233.0.0/18',
      }),
    ).to.equal('10.233.0.1');
    expect(value("{{ ['10.0.0.5', 'fe80::1', 'x', '192.168.1.7/24'] | ipv4 }}")).to.deep.equal([
      '10.0.0.5',
      '192.168.1.7/24',
    ]);
    const ip = (q: string, v = '192.168.1.7/24') => value(`{{ '${v}' | ipaddr('${q}') }}`);
    expect([
      ip('network'),
      ip('netmask'),
      ip('prefix'),
      ip('broadcast'),
      ip('size'),
      ip('address'),
      ip('host'),
    ]).to.deep.equal(['192.168.1.0', '255.255.255.0', 24, '192.168.1.255', 256, '192.168.1.7', '192.168.1.7/24']);
    expect([
      ip('first_usable', '10.0.0.0/24'),
      ip('last_usable', '10.0.0.0/24'),
      ip('address', '10.0.0.0/24'),
      ip('10.0.0.0/8', '10.1.2.3'),
      // None written by a template is '' (Ansible's finalize), as `{{ lookup(..., errors='ignore') }}` printed.
    ]).to.deep.equal(['10.0.0.1', '10.0.0.254', '', '10.1.2.3']);
    expect(value("{{ 'nope' | ipaddr }}")).to.equal(false);
    const dir = mkdtempSync(join(tmpdir(), 'runbook-ff-'));
    writeFileSync(join(dir, 'b.conf'), 'b');
    const vars = { [CONTROLLER]: { env: {}, playbookDir: dir } };
    expect(value("{{ lookup('first_found', ['a.conf', 'b.conf']) }}", vars)).to.equal(join(dir, 'b.conf'));
    expect(value("{{ query('first_found', {'files': ['a.conf'], 'skip': true}) }}", vars)).to.deep.equal([]);
    expect(runbookError(() => value("{{ lookup('first_found', 'a.conf') }}", vars)).message).to.equal(
      'first_found: none of "a.conf" was found',
    );
  });

  // As ansible-playbook 2.14 printed the same lookups (test/ansible-corpus/language/lookups.yaml).
  it("lookup's wantlist=True and errors='ignore'/'warn'; query and q give lists", () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-lk-'));
    const vars = { [CONTROLLER]: { env: { A: '1', B: '2' }, playbookDir: dir } };
    expect(value("{{ lookup('env', 'A', 'B', wantlist=True) }}", vars)).to.deep.equal(['1', '2']);
    expect(value("{{ lookup('env', 'A', 'B') }}", vars)).to.equal('1,2');
    expect(value("{{ q('env', 'A') }}", vars)).to.deep.equal(['1']);
    expect(value("{{ lookup('file', 'nope', errors='ignore') }}", vars)).to.equal('');
    expect(value("{{ lookup('file', 'nope', errors='warn') is none }}", vars)).to.equal(true);
    expect(value("{{ query('file', 'nope', errors='ignore') }}", vars)).to.deep.equal([]);
    expect(value("x{{ lookup('file', 'nope', errors='ignore') }}", vars)).to.equal('x');
    expect(value("{{ lookup('first_found', 'nope', skip=True) }}", vars)).to.deep.equal([]);
    expect(runbookError(() => value("{{ lookup('file', 'nope') }}", vars)).message).to.match(/cannot read .*nope/);
    // errors= never hides an unknown lookup, nor a misspelt policy.
    expect(runbookError(() => value("{{ lookup('nosuch', 'x', errors='ignore') }}", vars)).message).to.equal(
      'unknown lookup "nosuch"',
    );
    expect(runbookError(() => value("{{ lookup('env', 'A', errors='quiet') }}", vars)).message).to.equal(
      "errors= of a lookup is 'strict', 'warn' or 'ignore', got 'quiet'",
    );
  });

  // ansible-playbook 2.14 printed the same values for the same lookups.
  it("lookup('vars', ...) and lookup('dict', ...): one value alone, several joined (text) or listed", () => {
    const vars = {
      [CONTROLLER]: { env: {}, playbookDir: '/nowhere' },
      a: 'A',
      users: { alice: { age: 21 }, bob: { age: 22 } },
    };
    expect(value("{{ lookup('vars', 'a') }}", vars)).to.equal('A');
    expect(value("{{ query('vars', 'a', 'a') }}", vars)).to.deep.equal(['A', 'A']);
    expect(value("{{ lookup('vars', 'nope', default='d') }}", vars)).to.equal('d');
    expect(value("{{ lookup('dict', users) }}", vars)).to.deep.equal([
      { key: 'alice', value: { age: 21 } },
      { key: 'bob', value: { age: 22 } },
    ]);
    expect(value("{{ lookup('dict', {'k': 'v'}) }}", vars)).to.deep.equal({ key: 'k', value: 'v' });
    expect(value("{{ lookup('dict', 1, errors='ignore') }}", vars)).to.equal('');
    // An undefined variable is an error errors= does not hide, as Ansible's AnsibleUndefinedVariable.
    expect(runbookError(() => value("{{ lookup('vars', 'nope', errors='ignore') }}", vars)).message).to.equal(
      'No variable found with this name: nope',
    );
    expect(runbookError(() => value("{{ lookup('vars', 42) }}", vars)).message).to.equal(
      'Invalid setting identifier, "42" is not a string (a number)',
    );
  });

  // As ansible-playbook 2.14 printed: ["qz_1","qz_2"], "qz_1,qz_2,qa_1", [], "vvv-abab-", [0,1,0,1].
  it("lookup('varnames', REGEX...) and Python's repetition of strings and lists by *", () => {
    const vars = { [CONTROLLER]: { env: {}, playbookDir: '/nowhere' }, qz_1: 'h', qz_2: 'w', qa_1: 'x', n: 3 };
    expect(value("{{ lookup('varnames', '^qz_.+', wantlist=True) }}", vars)).to.deep.equal(['qz_1', 'qz_2']);
    expect(value("{{ lookup('varnames', '^q.*_\\d') }}", vars)).to.equal('qz_1,qz_2,qa_1');
    expect(value("{{ lookup('varnames', '^nope') }}", vars)).to.deep.equal([]);
    // ansible-playbook: 'Unable to use "*" as a search parameter: nothing to repeat at position 0'.
    expect(runbookError(() => value("{{ lookup('varnames', '*') }}", vars)).message).to.equal(
      'Unable to use "*" as a search parameter: nothing to repeat',
    );
    expect(value("{{ 'v' * n }}-{{ 2 * 'ab' }}-{{ 'x' * 0 }}", vars)).to.equal('vvv-abab-');
    expect(value('{{ [0, 1] * 2 }}', vars)).to.deep.equal([0, 1, 0, 1]);
    expect(runbookError(() => value("{{ 'v' * 99999999 }}", vars)).message).to.match(/over the size budget/);
  });

  // As ansible-playbook 2.14 printed: "/root\nx", 1, [5, 3], "" and "lookup_plugin.pipe(exit 3) returned 3".
  it("lookup('pipe', COMMAND) on the controller, and the operator names of tests in select", () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-pipe-'));
    const vars = { [CONTROLLER]: { env: { HOME: '/root', PATH: '/usr/bin:/bin' }, playbookDir: dir } };
    expect(value("{{ lookup('pipe', 'echo $HOME; echo x') }}", vars)).to.equal('/root\nx');
    expect(value("{{ lookup('pipe', 'pwd') }}", vars)).to.equal(dir);
    expect(value("{{ lookup('pipe', 'exit 3', errors='ignore') }}", vars)).to.equal('');
    expect(runbookError(() => value("{{ lookup('pipe', 'exit 3') }}", vars)).message).to.equal(
      'lookup_plugin.pipe(exit 3) returned 3',
    );
    expect(
      value("{{ [{'failed': false}, {'failed': true}] | selectattr('failed', '==', true) | list | length }}", vars),
    ).to.equal(1);
    expect(value("{{ [1, 5, 3] | select('>', 2) | list }}", vars)).to.deep.equal([5, 3]);
    expect(value("{{ [1, 5, 3] | reject('!=', 5) | list }}", vars)).to.deep.equal([5]);
  });

  it("lookup('pipe') on a controller that refuses commands (runbook validate) throws its error before running", () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-pipe-'));
    class Refused extends Error {}
    const controller = {
      env: { PATH: '/usr/bin:/bin' },
      playbookDir: dir,
      commandsRefused: () => new Refused('not now'),
    };
    expect(() => value("{{ lookup('pipe', 'touch ran') }}", { [CONTROLLER]: controller })).to.throw(Refused);
    expect(existsSync(join(dir, 'ran'))).to.equal(false);
    expect(value("{{ lookup('env', 'PATH') }}", { [CONTROLLER]: controller })).to.equal('/usr/bin:/bin');
  });
});

describe('template files in Jinja (issue 28, item 4)', () => {
  const file = (name: string, text: string): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'runbook-j2-')), name);
    writeFileSync(path, text);
    return path;
  };
  const renderFile = (path: string, text: string, vars: object) => render(text, vars, { file: path, line: 1, col: 1 });

  it('trim_blocks on, lstrip_blocks off, comments, and the trailing newlines of the file, as ansible-playbook 2.14 wrote them', () => {
    const text = '{# c #}\n{% for x in xs %}\n  - {{ x }}\n{% endfor %}\n  {% if true %}\nin\n  {% endif %}\nend\n\n';
    const path = file('t.conf.j2', text);
    expect(renderFile(path, text, { xs: [1, 2] })).to.equal('  - 1\n  - 2\n  in\n  end\n\n');
    const bare = file('bare.j2', 'port={{ p }}');
    expect(renderFile(bare, 'port={{ p }}', { p: 1 })).to.equal('port=1');
  });

  it('ansible_managed and the template_* variables; .hbs stays Handlebars', () => {
    const path = file('m.j2', '{{ ansible_managed }} {{ template_path | basename }}\n');
    expect(renderFile(path, '{{ ansible_managed }} {{ template_path | basename }}\n', {})).to.equal(
      'Ansible managed m.j2\n',
    );
    const hbs = file('x.hbs', '{{default port 8080}}');
    expect(renderFile(hbs, '{{default port 8080}}', {})).to.equal('8080');
  });

  it('an error in a .j2 file names the file, line and column', () => {
    const text = 'a\n{% for x in %}\n';
    const path = file('bad.j2', text);
    const e = runbookError(() => renderFile(path, text, {}));
    expect(e.source?.file).to.equal(path);
    expect(e.source?.line).to.equal(2);
  });
});
