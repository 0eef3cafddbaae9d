// `!unsafe` (parse/yaml-source.ts) and values kept as data (vars/unsafe-values.ts):
// text that is never templated, as Ansible's AnsibleUnsafeText; the outputs below
// are what ansible-playbook 2.14 printed for the same values (test/ansible-corpus/lang-unsafe).
import { expect } from 'chai';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { renderDeep } from '../../src/vars/render-value.js';
import { withTemplatedValues } from '../../src/vars/scope.js';
import { keptAsData } from '../../src/vars/unsafe-values.js';
import type { Vars } from '../../src/types/vars.js';
import { runbookError } from '../support/runbook-error.js';

const at = { file: 'vars.yml', line: 1, col: 1 };
const rendered = (yaml: string, vars: object = { x: 'X' }) => renderDeep(parseYaml(yaml, 'vars.yml').data, vars, at);

describe('!unsafe and values kept as data', () => {
  it('a scalar, a list and a mapping tagged !unsafe render to their text', () => {
    expect(
      rendered(
        "a: !unsafe 'b{{ x }}'\nl: !unsafe ['{{ x }}', c]\nm: !unsafe\n  k: '{% if x %}y{% endif %}'\n  n: '{# c #}'\nplain: '{{ x }}'\n",
      ),
    ).to.deep.equal({
      a: 'b{{ x }}',
      l: ['{{ x }}', 'c'],
      m: { k: '{% if x %}y{% endif %}', n: '{# c #}' },
      plain: 'X',
    });
  });

  it('raw blocks, leading line breaks, spaces and numbers written !unsafe stay as written', () => {
    expect(
      rendered(
        'a: !unsafe "x{% endraw %}{{ y }}{%endraw%}"\nb: !unsafe "\\n{{ a }}\\n"\nc: !unsafe "  {{ a }} "\nd: !unsafe 0755\ne: !unsafe plain\n',
      ),
    ).to.deep.equal({ a: 'x{% endraw %}{{ y }}{%endraw%}', b: '\n{{ a }}\n', c: '  {{ a }} ', d: '0755', e: 'plain' });
  });

  it('a variable holding !unsafe text reads as that text', () => {
    const vars = parseYaml("u: !unsafe '{{ x }}'\nx: X\nv: '{{ u }}'\n", 'vars.yml').data as Vars;
    const scope = withTemplatedValues(vars, (value, s) => renderDeep(value, s, at));
    expect([scope.u, scope.v]).to.deep.equal(['{{ x }}', '{{ x }}']);
  });

  it('a registered result is never templated again: its {{ }} is what the host printed', () => {
    const registered = keptAsData({ stdout: '{{ x }}', results: [{ msg: '{% if %}' }] });
    const scope = withTemplatedValues({ r: registered, copy: '{{ r.stdout }}' }, (value, s) =>
      renderDeep(value, s, at),
    );
    expect(scope.r).to.equal(registered);
    expect(scope.copy).to.equal('{{ x }}');
    expect(renderDeep({ both: [registered] }, {}, at)).to.deep.equal({ both: [registered] });
  });

  it('another unknown tag is still refused, naming file:line', () => {
    const e = runbookError(() => parseYaml('a: !vault abc\n', 'vars.yml'));
    expect(e.message).to.equal('unsupported YAML tag !vault');
    expect(e.source).to.deep.include({ file: 'vars.yml', line: 1 });
  });
});
