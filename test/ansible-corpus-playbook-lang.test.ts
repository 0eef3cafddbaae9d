// The playbook language as ansible-core 2.14's own integration targets exercise it
// (issue 28, item 7: var_precedence, handlers, include_import, template): each
// playbook (test/ansible-corpus/<name>/) runs with runbook and with ansible-playbook
// 2.14 on the same lab hosts; both must leave the files written here, with the same recap.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: the playbook language of the peer targets (issue 28)', function () {
  this.timeout(240_000);

  it(
    'var-precedence: facts below play vars, vars_files lists, include_vars below set_fact, include params ' +
      "above it, a role's parameters reaching its dependencies, the playbook's group_vars",
    () => {
      const log = [
        'task from_set_fact from_include_vars from_task',
        'x from_include_tasks',
        'x from_set_fact',
        'x from_include',
        'play from_play_vars from_play from_playbook_group_vars from_first_mapping from_second_mapping',
        'child from_role_entry',
        'parent from_role_entry',
        '',
      ].join('\n');
      bothEngines('var-precedence', { ended: 'ok', recap: [counts({ ok: 13, changed: 8 })], files: [{ log }] });
    },
  );
});
