// What ansible-core 2.14's own module targets (test/peer) stopped on, as a corpus case:
// runbook and ansible-playbook 2.14 on the same lab host must leave the same recap and files.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: module arguments the peer targets use', function () {
  this.timeout(180_000);

  it('peer-module-args: wait_for sleep and search_regex, validate without %s, search_string, command executable, user expiry, …', () => {
    bothEngines('peer-module-args', {
      ended: 'ok',
      recap: [counts({ ok: 21, changed: 10, ignored: 3 })],
      files: [
        {
          conf: 'key = (a) new\ncompleted data 123\nend OK\n',
          stamped: '',
          report: [
            'slept True False',
            "searched ['data', '123'] {'foo': 'data'} True",
            'novalidate True validate must contain %s: /bin/true',
            'literal True line replaced',
            "exe hi 1 As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '/bogus'.",
            'nothing True no command given',
            'stamped 1577880000 1577880005',
            'acct True False 5 10 29281',
            "pkgfacts True Could not detect a supported package manager from the following list: ['pkg'], " +
              'or the required Python library is not installed. Check warnings for details.',
            'whole 1',
            'gathered Linux',
            'rel True',
            '',
          ].join('\n'),
        },
      ],
    });
  });
  // ansible-playbook 2.14 (on a lab host): ping answers data (default "pong"), changed false also under
  // --check; data: crash fails with "MODULE FAILURE\nSee stdout/stderr for the exact error", rc 1.
  it('peer-ping: ping data, default pong, never changed, crash fails the task, results[i].ping in a loop, check mode', () => {
    bothEngines('peer-ping', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 2, ignored: 1 })],
      files: [
        {
          report: [
            'pong pong False False',
            'hello hello False',
            'crashed True False 1 MODULE FAILURE',
            'See stdout/stderr for the exact error False',
            'looped a,b False',
            'checked pong False',
            '',
          ].join('\n'),
        },
      ],
    });
  });

  // ansible-playbook 2.14: action: "<module> k=v" and {module: …}, args: beside it, local_action: on the controller.
  it('peer-action-form: action: as a string and a mapping, with args:, and local_action:', () => {
    bothEngines('peer-action-form', {
      ended: 'ok',
      recap: [counts({ ok: 7, changed: 3 })],
      files: [
        {
          copied: 'hello\n',
          report: ['copied True', 'slurped hello True', 'statted True 6', 'here True', 'local local', ''].join('\n'),
        },
      ],
    });
  });
});
