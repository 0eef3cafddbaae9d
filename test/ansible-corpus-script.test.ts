// script (Ansible 2.14's action) under both engines on the same lab host: same recap and files.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: script', function () {
  this.timeout(180_000);

  it('script-forms: arguments and chdir, creates/removes skip, executable, a failing script', () => {
    bothEngines('script-forms', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 5, skipped: 2, ignored: 1 })],
      files: [
        {
          out: 'one|two words|/tmp/corpus/script-forms\n',
          'plain.out': 'plain ran with /tmp/corpus/script-forms/plain.out\n',
          report: [
            '0 hi c',
            's - /tmp/corpus/script-forms/out exists, matching creates option',
            's /tmp/corpus/script-forms/nope does not exist, matching removes option',
            '3 f c non-zero return code',
            '',
          ].join('\n'),
        },
      ],
    });
  });

  it('script-check: under --check, skipped without creates/removes, changed with one, nothing run', () => {
    bothEngines(
      'script-check',
      { ended: 'ok', recap: [counts({ ok: 1, changed: 1, skipped: 1 })], files: [{}] },
      {
        args: ['--check'],
      },
    );
  });
});
