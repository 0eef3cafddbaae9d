import { expect } from 'chai';
import { formatRecapLine } from '../../src/report/recap.js';

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
