// action: with a template for the module name. Ansible renders it per host at run time; ansible-core
// 2.14's group and user targets install libuser with `action: "{{ ansible_facts.pkg_mgr }}"`, which is
// what its package module does. runbook checks modules and arguments at load, so that template means
// `package`, and any other template is refused at the task with a hint.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import type { ModuleTask } from '../../src/types/playbook.js';
import { runbookError, tempFiles } from './support.js';

const load = (tasks: string) =>
  loadPlaybook(join(tempFiles({ 'p.yaml': `- hosts: all\n  tasks:\n${tasks}` }), 'p.yaml'), moduleCatalog);

describe('action: with a templated module name', () => {
  it("the package manager fact, in each of its spellings, is Ansible's package module", () => {
    for (const name of ['ansible_facts.pkg_mgr', "ansible_facts['pkg_mgr']", 'ansible_pkg_mgr']) {
      const task = load(`    - action: "{{ ${name} }}"\n      args: { name: libuser, state: present }\n`).plays[0]!
        .tasks[0] as ModuleTask;
      expect([task.module, task.args]).to.deep.equal(['package', { name: 'libuser', state: 'present' }]);
    }
    const inline = load('    - action: "{{ ansible_pkg_mgr }} name=libuser"\n').plays[0]!.tasks[0] as ModuleTask;
    expect([inline.module, inline.args]).to.deep.equal(['package', { name: 'libuser' }]);
  });

  it('any other template is refused at the task, saying why and what to write', () => {
    const err = runbookError(() => load('    - action: "{{ my_module }}"\n      args: { x: 1 }\n'));
    expect(err.message).to.equal('the module name "{{ my_module }}" is a template');
    expect(err.hint).to.contain('name the module');
    expect(err.source).to.include({ line: 3 });
  });
});
