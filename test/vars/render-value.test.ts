import { expect } from 'chai';
import { runbookError } from '../support/runbook-error.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatError, type RunbookError } from '../../src/errors.js';
import { CONTROLLER } from '../../src/vars/condition/index.js';
import { NotYetKnown } from '../../src/vars/render.js';
import { renderDeep, renderText, renderValue } from '../../src/vars/render-value.js';
import { withTemplatedValues } from '../../src/vars/scope.js';

// A value at line 12, column 14 of site.yaml: errors point into it.
const at = { file: 'site.yaml', line: 12, col: 14 };

function failure(text: string, vars: object = {}): RunbookError {
  return runbookError(() => renderValue(text, vars, at));
}

describe('playbook values: {{ }} in the expression language', () => {
  it("ends with the newlines the text ends with, as Ansible's templar keeps them (checked with ansible-playbook 2.14)", () => {
    // Jinja lexes the text without its last newline; Ansible then gives back the newlines the result lacks.
    expect(renderValue('{% for i in [1,2] %}{{ i }}{% endfor %}\n', {}, at)).to.equal('12\n');
    expect(renderValue('line\n{{ x }}\n', { x: 'a\n' }, at)).to.equal('line\na\n');
    expect(renderValue("{{ 'a' }}\n\n", {}, at)).to.equal('a\n\n');
    expect(renderValue('{% if true %}\nyes\n{% endif %}\n', {}, at)).to.equal('yes\n');
  });

  it('a value that is exactly one {{ }} keeps its type; other text is a string', () => {
    const vars = { nodes: ['a', 'b'], on: true, n: 3, m: { k: 'v' }, none: null };
    expect(renderValue('{{ nodes }}', vars, at)).to.deep.equal(['a', 'b']);
    expect(renderValue('{{on}}', vars, at)).to.equal(true);
    expect(renderValue('{{ n + 1 }}', vars, at)).to.equal(4);
    expect(renderValue('{{ none }}', vars, at)).to.equal(null);
    // ansible-playbook 2.14 printed null for `{{ n }}` (n: null) but "" for `{{ None }}` and a failed lookup let pass.
    expect(renderValue('{{ None }}', vars, at)).to.equal('');
    expect(renderValue('{{ m.x | default(None) }}', vars, at)).to.equal('');
    expect(renderValue('x={{ nodes }} {{ on }} {{ n }} {{ m }} [{{ none }}]', vars, at)).to.equal(
      "x=['a', 'b'] True 3 {'k': 'v'} []",
    );
    expect(renderValue('{{ n }}\n', vars, at)).to.equal('3\n');
    expect(renderValue('no braces', vars, at)).to.equal('no braces');
    expect(renderText('{{ n }}', vars, at)).to.equal('3');
  });

  it('renders every string inside lists and mappings', () => {
    const out = renderDeep({ a: ['{{ x }}', 'y-{{ x }}'], b: { c: '{{ [x] }}' }, d: 5 }, { x: 'X' }, at);
    expect(out).to.deep.equal({ a: ['X', 'y-X'], b: { c: ['X'] }, d: 5 });
  });

  it('an undefined variable is an error at its file, line and column, with the value shown', () => {
    const e = failure('dest: {{ app_dir }}/{{ missing_var }}', { app_dir: '/etc' });
    expect(e.message).to.equal('undefined variable "missing_var"');
    expect(e.source).to.deep.equal({ file: 'site.yaml', line: 12, col: 14 + 23 });
    expect(formatError(e)).to.contain('dest: {{ app_dir }}/{{ missing_var }}\n').and.contain('hint: define it');
  });

  it('a value on several lines gives the line of the error', () => {
    const e = failure('line one\nline {{ two | nope }}', { two: 2 });
    expect(e.message).to.equal('unknown filter "nope"');
    expect(e.source).to.deep.equal({ file: 'site.yaml', line: 13, col: 15 });
  });

  it('Handlebars in a value is an error naming the Jinja to write', () => {
    const cases: [string, string][] = [
      ['{{first groups.kube_control_plane}}', 'write {{ groups.kube_control_plane | first }}'],
      ["{{default port '8080'}}", "write {{ port | default('8080') }}"],
      ['{{shell_quote path}}', 'write {{ path | quote }}'],
      [
        '{{json_get out.stdout "log-opts" "max-size"}}',
        `write {{ (out.stdout | from_json)["log-opts"]["max-size"] | default('') }}`,
      ],
      [
        '{{default (first (without groups.cp inventory_hostname)) (first groups.cp)}}',
        'write {{ ((groups.cp | difference([inventory_hostname])) | first) | default((groups.cp | first)) }}',
      ],
    ];
    for (const [text, hint] of cases) {
      const e = failure(`x {{ ok }} ${text}`, { ok: 1 });
      expect(e.message, text).to.match(/^Handlebars helper call ".*" in a value: values are Jinja$/);
      expect(e.hint, text).to.equal(hint);
      expect(e.source, text).to.deep.equal({ file: 'site.yaml', line: 12, col: 14 + 11 });
    }
    const block = failure("{{#if (eq arch 'aarch64')}}arm64{{else}}amd64{{/if}}");
    expect(block.message).to.equal(`Handlebars block "{{#if (eq arch 'aarch64')}}" in a value: values are Jinja`);
    expect(block.hint).to.equal(
      "write {% if arch == 'aarch64' %}…{% else %}…{% endif %}, or {{ 'a' if arch == 'aarch64' else 'b' }}",
    );
    expect(failure('{{#each dirs}}{{this}} {{/each}}').hint).to.contain(
      '{% for item in dirs %}…{{ item }}…{% endfor %}',
    );
    expect(failure('{{ @root.x }}').message).to.match(/^Handlebars "@root.x"/);
  });

  it('Jinja words are not mistaken for Handlebars helper calls', () => {
    const vars = { x: 1, y: [1], c: false };
    expect(renderValue('{{ not c }}', vars, at)).to.equal(true);
    expect(renderValue('{{ x in y }}', vars, at)).to.equal(true);
    expect(renderValue('{{ x is defined }}', vars, at)).to.equal(true);
    expect(renderValue("{{ x if c else 'no' }}", vars, at)).to.equal('no');
  });

  it('statements other than if, for and set, and unclosed ones, are errors; text like printf {%s} is not a statement', () => {
    expect(failure('{% macro m() %}x{% endmacro %}').message).to.equal('{% macro %} is not supported');
    expect(failure('{% set a %}x').message).to.equal('{% set %} is never closed by {% endset %}');
    expect(failure('{% if x %}a').message).to.equal('{% if %} is never closed by {% endif %}');
    expect(failure('a {{ x').message).to.equal('this {{ is never closed by }}');
    expect(renderValue("printf '{%s}' {{ x }}", { x: 1 }, at)).to.equal("printf '{%s}' 1");
    expect(renderValue("docker ps --format '{% raw %}{{.ID}} {% if %}{% endraw %}' {{ x }}", { x: 1 }, at)).to.equal(
      "docker ps --format '{{.ID}} {% if %}' 1",
    );
    expect(failure('{% raw %}{{ x }}').message).to.equal('{% raw %} is never closed by {% endraw %}');
  });

  it("lookup('env') reads the environment the run was given, lookup('file') the playbook's directory", () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-lookup-'));
    writeFileSync(join(dir, 'token'), 'abc\n\n');
    const vars = { [CONTROLLER]: { env: { REGION: 'eu' }, playbookDir: dir } };
    expect(renderValue("{{ lookup('env', 'REGION') }}-{{ lookup('env', 'NOPE') }}", vars, at)).to.equal('eu-');
    expect(renderValue("{{ lookup('env', 'REGION', 'NOPE') }}", vars, at)).to.equal('eu,');
    expect(renderValue("{{ query('env', 'REGION') }}", vars, at)).to.deep.equal(['eu']);
    expect(renderValue("{{ lookup('file', 'token') }}", vars, at)).to.equal('abc');
    expect(failure("{{ lookup('file', 'nope') }}", vars).message).to.equal(
      `lookup('file'): cannot read ${join(dir, 'nope')}: no such file`,
    );
    expect(failure("{{ lookup('nonesuch', '/dev/null') }}", vars).message).to.equal('unknown lookup "nonesuch"');
    expect(failure("{{ lookup('env', 'HOME') }}", {}).message).to.equal("lookup('env') is not available here");
  });

  it('a run-time variable (NotYetKnown, for validate) passes through rendering untouched', () => {
    const vars = Object.defineProperty({}, 'reg', {
      enumerable: true,
      get: () => {
        throw new NotYetKnown('reg');
      },
    });
    expect(() => renderValue('{{ reg.stdout | trim }}', vars, at)).to.throw(NotYetKnown);
  });

  it('variables that hold templates, lists of them too, are rendered when read', () => {
    const scope = withTemplatedValues(
      { v: 'v1.28', urls: ['https://x/{{ v }}/a', 'https://y/{{ v }}/b'], first: '{{ urls | first }}' },
      (value, s, name) => renderDeep(value, s, { file: `variable ${name}`, line: 1, col: 1 }),
    );
    expect(renderValue('{{ first }}', scope, at)).to.equal('https://x/v1.28/a');
    expect(renderValue('{{ urls }}', scope, at)).to.deep.equal(['https://x/v1.28/a', 'https://y/v1.28/b']);
  });
});
