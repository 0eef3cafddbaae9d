// The playbook language as ansible-core 2.14's own integration targets exercise it
// (issue 28, item 7: var_precedence, handlers, include_import, template): each
// playbook (test/ansible-corpus/<name>/) runs with runbook and with ansible-playbook
// 2.14 on the same lab hosts; both must leave the files written here, with the same recap.
import { expect } from 'chai';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haveAnsible, withAnsible, withRunbook } from './support/both-engines.js';
import { bothEngines, counts } from './support/corpus-case.js';
import { hostNames } from './support/run.js';

const corpusFile = (name: string): string =>
  join(fileURLToPath(new URL('../../test/ansible-corpus/', import.meta.url)), name, 'playbook.yaml');

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

  it("role-name-template: a role named by a template in roles: and import_role, rendered with the play's variables; PyYAML's floats", () => {
    bothEngines('role-name-template', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 4 })],
      files: [{ log: 'writer\nwriter\n. 1e3 True 12.5\n' }],
    });
  });

  it("handler-not-found: a notify no handler answers ends the run with ansible-core 2.14's words", () => {
    const said =
      "The requested handler 'notify_inexistent_handler' was not found in either the main handlers list nor in the listening handlers list";
    bothEngines('handler-not-found', { ended: 'aborted', recap: [], files: [{}] });
    const c = { hosts: hostNames().slice(0, 1) };
    expect(withRunbook(corpusFile('handler-not-found'), 'handler-not-found', c).output).to.include(
      `: error: ${said}\n`,
    );
    if (haveAnsible()) {
      expect(withAnsible(corpusFile('handler-not-found'), 'handler-not-found', c).output).to.include(
        `ERROR! ${said}\n`,
      );
    }
  });

  it('always-clear-errors: clear_host_errors in an always lets the failed host go on after the block, exit 0', () => {
    // ansible-playbook 2.14 exits 0: the host's errors were cleared, though its recap counts the failure.
    bothEngines('always-clear-errors', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 3, failed: 1 })],
      files: [{ log: 'always\nafter\n' }],
    });
  });

  it('clear-errors-then-fail: a failure after clear_host_errors fails the host again, exit 2', () => {
    bothEngines('clear-errors-then-fail', {
      ended: 'failed',
      recap: [counts({ ok: 2, changed: 2, failed: 2 })],
      files: [{ log: 'after\n' }],
    });
  });

  it("force-handlers-max-fail: under force_handlers max_fail_percentage stops nothing; every host's handler runs", () => {
    const others = { recap: counts({ ok: 4, changed: 4, skipped: 1 }), files: { log: 'notify\nafter\nhandler\n' } };
    bothEngines(
      'force-handlers-max-fail',
      {
        ended: 'failed',
        recap: [counts({ ok: 3, changed: 3, failed: 1 }), others.recap, others.recap],
        files: [{ log: 'notify\nhandler\n' }, others.files, others.files],
      },
      { hosts: 3 },
    );
  });
  it('play-check-mode: check_mode, ignore_errors and no_log on a play, inherited by its tasks, under --check', () => {
    bothEngines(
      'play-check-mode',
      {
        ended: 'ok',
        recap: [counts({ ok: 4, changed: 4, skipped: 2, ignored: 1 })],
        files: [{ log: 'second-play\nafter\n' }],
      },
      { args: ['--check'] },
    );
  });
  it('tags-template-text: a tags template giving "one,two" is one tag; --tags two leaves its task out', () => {
    bothEngines(
      'tags-template-text',
      { ended: 'ok', recap: [counts({ ok: 2, changed: 2 })], files: [{ log: 'written\n' }] },
      { args: ['--tags', 'two'] },
    );
  });
  it('role-dep-once: a dependency shared by two roles include_role brings in runs once per host and play', () => {
    bothEngines('role-dep-once', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 6 })],
      files: [{ log: 'dep\nfirst\nsecond\ndep\nsecond\n' }],
    });
  });
  it("handler-name-template: a handler named by a template answers to its name rendered with the play's variables", () => {
    bothEngines('handler-name-template', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 3 })],
      files: [{ log: 'change\nrestarted\n' }],
    });
  });
});
