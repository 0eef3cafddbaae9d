// module_defaults (parse/module-defaults.ts). The corpus case
// test/ansible-corpus/module-defaults runs under both engines in
// test/ansible-corpus-both-engines.test.ts; both leave the same files and the
// same recap. What ansible-playbook 2.14 did there: the play's `command` defaults (chdir and
// creates) applied to `command: touch one`, and its creates skipped the next
// task; a block's `command` entry replaced the play's whole (no creates inside
// the block); `ansible.builtin.file` and `ansible.builtin.shell` keys applied to
// `file:` and `shell:` tasks (the latter from a role entry); `args:` and a
// task-level module_defaults won.
import { expect } from 'chai';
import { join } from 'node:path';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { runbookError, tempFiles } from './support.js';

describe('module_defaults, as Ansible defines it', () => {
  it('refuses action groups (group/...) naming the file and line, and leaves names runbook has no module for alone', () => {
    const dir = tempFiles({
      'group.yaml':
        '- hosts: all\n  module_defaults:\n    group/k8s: { kubeconfig: /x }\n  tasks:\n    - debug: { msg: hi }\n',
      'other.yaml':
        '- hosts: all\n  module_defaults:\n    community.general.nmcli: { conn_name: x }\n    k8s_node: ' +
        '{ kubeconfig: /etc/k.conf, timeout: 30 }\n  tasks:\n    - k8s_node: { name: n1, action: ' +
        'runtime, timeout: 5 }\n',
    });
    const file = join(dir, 'group.yaml');
    const err = runbookError(() => loadPlaybook(file, moduleCatalog));
    expect(err.message).to.contain('action groups ("group/k8s") are not supported');
    expect(err.source).to.include({ file, line: 3 });
    const [play] = loadPlaybook(join(dir, 'other.yaml'), moduleCatalog).plays;
    const task = play!.tasks[0]!;
    expect(task.kind === 'module' && task.args).to.deep.equal({
      kubeconfig: '/etc/k.conf',
      timeout: 5,
      name: 'n1',
      action: 'runtime',
    });
  });
});
