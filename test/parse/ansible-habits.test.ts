// What an Ansible user writes parses as Ansible reads it; what runbook cannot do
// is refused at file:line:col with a hint towards a form that works.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { parseYaml } from '../../src/parse/yaml-source.js';
import { parseExtraVars } from '../../src/cli/extra-vars.js';
import type { ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles } from './support.js';

const loadText = (text: string, files: Record<string, string> = {}) =>
  loadPlaybook(join(tempFiles({ 'p.yaml': text, ...files }), 'p.yaml'), moduleCatalog);
const firstTask = (tasks: string) => loadText(`- hosts: all\n  tasks:\n${tasks}`).plays[0]!.tasks[0] as ModuleTask;
const errorOf = (tasks: string) => runbookError(() => loadText(`- hosts: all\n  tasks:\n${tasks}`));

describe('Ansible habits: YAML 1.1 scalars', () => {
  it('reads yes/no/on/off/true/false in any case as booleans, and y/n and dates as text', () => {
    const data = parseYaml('a: yes\nb: No\nc: ON\nd: off\ne: True\nf: FALSE\ng: y\nh: n\ni: 2024-01-02\nj: "yes"\n', 'v.yaml').data;
    expect(data).to.deep.equal({ a: true, b: false, c: true, d: false, e: true, f: false, g: 'y', h: 'n', i: '2024-01-02', j: 'yes' });
  });

  it('reads a leading-zero number as octal, as PyYAML does', () => {
    expect(parseYaml('port: 0022\nmode: 0755\n', 'v.yaml').data).to.deep.equal({ port: 18, mode: 0o755 });
  });

  it('gives task keywords their boolean: ignore_errors: no is false', () => {
    const t = firstTask('    - command: "true"\n      ignore_errors: no\n      become: Yes\n');
    expect(t.ignoreErrors).to.equal(false);
    expect(t.become).to.equal(true);
  });

  it('reads -e @file and an inline -e mapping the same way', () => {
    const dir = tempFiles({ 'v.yaml': 'skip: no\nforce: on\n' });
    expect(parseExtraVars(`@${join(dir, 'v.yaml')}`)).to.deep.equal({ skip: false, force: true });
    expect(parseExtraVars('{skip: no}')).to.deep.equal({ skip: false });
  });

  it('takes mode: 0755 as the octal mode 0755', () => {
    expect(firstTask('    - file: {path: /tmp/x, state: directory, mode: 0755}\n').args.mode).to.equal(0o755);
    expect(firstTask('    - file: {path: /tmp/x, state: directory, mode: "0755"}\n').args.mode).to.equal('0755');
  });

  it('refuses mode: 644 (decimal) at its line, asking for the leading 0', () => {
    const err = errorOf('    - file: {path: /tmp/x, state: directory, mode: 644}\n');
    expect(err.message).to.equal('mode 644 is the decimal number 644, which is 01204 in octal');
    expect(err.source).to.include({ line: 3, col: 52 });
    expect(err.hint).to.equal('write the octal mode with its leading 0: mode: 0644 (or quoted: "0644")');
  });
});
