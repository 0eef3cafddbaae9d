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
});
