import { expect } from 'chai';
import { countResult, noCounts, type TaskResult } from '../../src/engine/events.js';
import { formatCounts } from '../../src/report/live-titles.js';
import { formatRecapLine } from '../../src/report/recap.js';
import { taskResult } from '../support/task-result.js';

describe('PLAY RECAP', () => {
  it("is laid out exactly as Ansible's", () => {
    const line = formatRecapLine('node1', {
      ok: 3,
      changed: 1,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    });
    expect(line).to.equal(
      'node1                      : ok=3    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0',
    );
  });
});

describe('counting results (the recap, the live view and the report count through countResult)', () => {
  const result = (r: Partial<TaskResult>) => taskResult('node1', r);

  it('counts as ansible-core 2.14: an ignored failure is ok too (changed when it says so), a rescued one is rescued only', () => {
    const c = noCounts();
    for (const r of [
      result({ status: 'changed', changes: ['wrote /etc/a'] }),
      result({ status: 'ok' }),
      result({ status: 'skipped' }),
      result({ status: 'failed', ignored: true, changed: true }),
      // A failed file edit or package install: changed false in Ansible's result, whatever it had begun.
      result({ status: 'failed', ignored: true, changes: ['began'] }),
      result({ status: 'failed', rescued: true }),
      result({ status: 'failed' }),
      result({ status: 'unreachable' }),
    ])
      countResult(c, r);
    expect(c).to.deep.equal({ ok: 4, changed: 2, unreachable: 1, failed: 1, skipped: 1, rescued: 1, ignored: 2 });
    expect(formatRecapLine('node1', c)).to.equal(
      'node1                      : ok=4    changed=2    unreachable=1    failed=1    skipped=1    rescued=1    ignored=2',
    );
  });

  it("leaves out a result marked uncounted (an include_role's own, as ansible-core 2.14 counts it nowhere)", () => {
    const c = noCounts();
    countResult(c, result({ status: 'ok', uncounted: true }));
    countResult(c, result({ status: 'ok' }));
    expect(c).to.deep.equal({ ok: 1, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });
  });

  it('shows the same counts on a live line, the rescued and ignored ones only when there are some', () => {
    const c = noCounts();
    countResult(c, result({ status: 'changed', changes: ['x'] }));
    expect(formatCounts(c)).to.equal('ok=1 changed=1 failed=0 skipped=0');
    countResult(c, result({ status: 'failed', rescued: true }));
    countResult(c, result({ status: 'failed', ignored: true }));
    expect(formatCounts(c)).to.equal('ok=2 changed=1 failed=0 skipped=0 rescued=1 ignored=1');
  });
});
