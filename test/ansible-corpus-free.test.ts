// strategy: free under both engines (issue 25, item 1): each playbook (test/ansible-corpus/<name>/)
// runs with runbook and with ansible-playbook 2.14 on the same lab hosts; both must end the same
// way, with the same recap, the same files on every host (which host ran what) and the same
// warnings, said once per run in ansible-core's words (its plugins/strategy/free.py).
import { FREE_WARNINGS } from '../src/engine/strategy-free.js';
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: strategy free (issue 25)', function () {
  this.timeout(240_000);

  it(
    'free-ignored-keywords: any_errors_fatal and max_fail_percentage are ignored and run_once runs on every host, ' +
      'each with its warning once; the first host fails, the second goes on to the end',
    () => {
      bothEngines(
        'free-ignored-keywords',
        {
          ended: 'failed',
          recap: [counts({ ok: 2, changed: 2, failed: 1 }), counts({ ok: 5, changed: 5 })],
          files: [{ log: 'once\n' }, { log: 'once\nagain\nafter\n' }],
          warnings: [FREE_WARNINGS.maxFailPercentage, FREE_WARNINGS.anyErrorsFatal, FREE_WARNINGS.runOnce],
        },
        { hosts: 2 },
      );
    },
  );

  it(
    'free-serial: serial 2 of three hosts, one failed host in the first batch: the second batch runs, ' +
      'each host its handler; max_fail_percentage warns once for both plays; the second play runs on the hosts left',
    () => {
      const log = 'notify\nlast\nhandler\nsecond-play\n';
      bothEngines(
        'free-serial',
        {
          ended: 'failed',
          recap: [
            counts({ ok: 1, changed: 1, failed: 1 }),
            counts({ ok: 6, changed: 6 }),
            counts({ ok: 6, changed: 6 }),
          ],
          files: [{}, { log }, { log }],
          warnings: [FREE_WARNINGS.maxFailPercentage],
        },
        { hosts: 3 },
      );
    },
  );

  it('free-serial-stop: serial 1, the first batch all failed: no later batch nor play starts', () => {
    bothEngines(
      'free-serial-stop',
      { ended: 'failed', recap: [counts({ ok: 1, changed: 1, failed: 1 })], files: [{}, {}, {}], warnings: [] },
      { hosts: 3 },
    );
  });

  it(
    'free-run-once-fails: a run_once task failing on the first host fails the second where it stands ' +
      '(it ends that task, runs its always and stops); the batch counts as all failed, so no later play starts',
    () => {
      bothEngines(
        'free-run-once-fails',
        {
          ended: 'failed',
          recap: [counts({ ok: 4, changed: 4, failed: 1 }), counts({ ok: 3, changed: 3, skipped: 1 })],
          files: [{ log: 'always\n' }, { log: 'always\n' }],
          warnings: [FREE_WARNINGS.runOnce],
        },
        { hosts: 2 },
      );
    },
  );

  it('free-throttle: throttle 1 on a task and on a block runs their task on one host at a time', () => {
    const host = { log: 'guarded\nblock\n' };
    bothEngines(
      'free-throttle',
      { ended: 'ok', recap: Array(3).fill(counts({ ok: 5, changed: 5 })), files: [host, host, host], warnings: [] },
      { hosts: 3 },
    );
  });
});
