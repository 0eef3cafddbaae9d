// Values written into text as ansible-playbook 2.14 wrote them (a .j2 template and
// a debug msg on localhost, 2026-12-07): Python's str() of booleans, None, lists,
// mappings, strings inside them (repr's quoting) and floats.
import { expect } from 'chai';
import { renderTemplateText } from '../../src/vars/condition/index.js';
import { renderValue } from '../../src/vars/render-value.js';

const at = { file: 'vals.j2', line: 1, col: 1 };
const text = (t: string, vars: object) => renderTemplateText(t, vars, at);

describe("values written into text (Python's str(), as Ansible's Jinja)", () => {
  it('booleans, None, lists and mappings: True, None, [...], {...}', () => {
    const vars = { flag: true, mylist: ['a', 'b'], mydict: { k: 'v', n: 1 }, none_var: null };
    expect(renderValue('x={{ flag }} l={{ mylist }} d={{ mydict }} n={{ none_var }}', vars, at)).to.equal(
      "x=True l=['a', 'b'] d={'k': 'v', 'n': 1} n=",
    );
    expect(text('{{ [[1, "x"], {"a": [true, none_var]}] }}', vars)).to.equal("[[1, 'x'], {'a': [True, None]}]");
    expect(text("{{ flag ~ '-' ~ none_var ~ '-' ~ mylist }}", vars)).to.equal("True-None-['a', 'b']");
    expect(text("{{ [1, true, none_var, 'a'] | join(',') }} {{ mylist | string }}", vars)).to.equal(
      "1,True,None,a ['a', 'b']",
    );
    expect(text('{% for x in [mylist, mydict, flag] %}[{{ x }}]{% endfor %}', vars)).to.equal(
      "[['a', 'b']][{'k': 'v', 'n': 1}][True]",
    );
  });

  it("strings inside a value are quoted as Python's repr quotes them", () => {
    const strings = ["it's", 'say "hi"', 'both \' and "', 'back\\slash', 'tab\tnl\n', 'é', 'bell\u0007', '\u2028'];
    expect(text('{{ strings }}', { strings })).to.equal(
      `["it's", 'say "hi"', 'both \\' and "', 'back\\\\slash', 'tab\\tnl\\n', 'é', 'bell\\x07', '\\u2028']`,
    );
  });

  it('floats as Python prints them, past the digits JavaScript and Python share', () => {
    const floats = [1.5, 0.00001, 1e20, 3.14, -0, 1e16, 0.0001, 123.456, 2 ** 53 + 2, 1.5e-7, -2.5e300];
    expect(text('{{ floats }}', { floats })).to.equal(
      '[1.5, 1e-05, 1e+20, 3.14, -0.0, 1e+16, 0.0001, 123.456, 9007199254740994.0, 1.5e-07, -2.5e+300]',
    );
  });
});
