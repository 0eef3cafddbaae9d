// Handlers and the task forms of ansible-core 2.14's own integration targets (issue 28,
// item 7) under both engines: each playbook (test/ansible-corpus/<name>/) runs with
// runbook and with ansible-playbook 2.14 on the same lab hosts; both must leave the
// files written here, with the same recap.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: handlers (issue 28)', function () {
  this.timeout(240_000);

  it(
    "handlers-include-import: include_tasks and import_tasks handlers, a listen-only handler, a role's " +
      "include_tasks handler from its tasks/, first_found in the task file's directory, null and empty " +
      'task names, vars as a list, import_role/include_role as name=ROLE, notify on a block',
    () => {
      // The log is the order things ran: the notified handlers in handler order at the flush (the include's two
      // tasks, the one imported task notified by its own name, the listener), then the roles, then the role's
      // handler at the end of the tasks. "never notified" and "first imported" do not run.
      const log = [
        'hello',
        'included',
        'included-hello',
        'second-imported',
        'listened',
        'in-block',
        'own-notify',
        'second-imported',
        'listened',
        'role-setup',
        'found-by-first-found',
        'greeter-hello',
        'role-cleanup',
        '',
      ].join('\n');
      bothEngines('handlers-include-import', {
        ended: 'ok',
        // Each include_tasks that brings its file in counts ok (three here), as in ansible-core 2.14.
        recap: [counts({ ok: 17, changed: 14 })],
        files: [{ log }],
      });
    },
  );

  it("block-any-errors-fatal: any_errors_fatal on a block fails every host of the batch at the first host's failure; the rollout stops there", () => {
    bothEngines(
      'block-any-errors-fatal',
      {
        ended: 'failed',
        recap: [counts({ ok: 3, changed: 3, failed: 1, ignored: 1 }), counts({ ok: 3, changed: 3, skipped: 1 })],
        files: [{ log: 'before\n' }, { log: 'before\n' }],
      },
      { hosts: 2 },
    );
  });

  it('handlers-tags: under --tags, every notified handler runs whatever its tags, and the tasks an include_tasks handler brings in', () => {
    bothEngines(
      'handlers-tags',
      {
        ended: 'ok',
        recap: [counts({ ok: 6, changed: 5 })],
        files: [{ log: 'tagged\nuntagged-handler\nother-handler\nincluded\n' }],
      },
      { args: ['--tags', 't1'] },
    );
  });

  it("handlers-force: force_handlers runs a failed host's notified handler at the next flush; nothing else runs on it", () => {
    bothEngines(
      'handlers-force',
      {
        ended: 'failed',
        recap: [counts({ ok: 3, changed: 3, failed: 1 }), counts({ ok: 6, changed: 6 })],
        files: [{ log: 'notify\nhandler\n' }, { log: 'notify\nafter-fail\nhandler\nafter-flush\n' }],
      },
      { hosts: 2 },
    );
  });

  it('with-sequence: key=value with stride and format, the short form, count=, counting down, hex numbers', () => {
    bothEngines('with-sequence', {
      ended: 'ok',
      recap: [counts({ ok: 6, changed: 6 })],
      files: [
        {
          kv: '00\n02\n04\n06\n',
          short: 'host04\nhost06\nhost08\n',
          count: '1\n2\n3\n',
          down: '10\n5\n0\n',
          hex: 'a\nb\nc\n',
        },
      ],
    });
  });

  it("handlers-force-cli: --force-handlers runs a failed host's notified handler in a play without force_handlers; a play's force_handlers: false wins", () => {
    bothEngines(
      'handlers-force-cli',
      {
        ended: 'failed',
        recap: [counts({ ok: 3, changed: 3, failed: 1 }), counts({ ok: 5, changed: 5, failed: 1 })],
        files: [{ log: 'notify\nhandler\n' }, { log: 'notify\nhandler\nnotify-2\n' }],
      },
      { hosts: 2, args: ['--force-handlers'] },
    );
  });
});
