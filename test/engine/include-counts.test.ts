// An include is counted once, the same way everywhere: the recap, the live view
// (which folds the task-result events through countResult) and the HTML report
// (which reads the recap) agree, and agree with ansible-playbook 2.14.
import { expect } from 'chai';
import { countResult, noCounts } from '../../src/engine/events.js';
import { hostNames, runYaml } from '../support/run.js';

describe('include results counted once, as ansible-core 2.14 counts them', () => {
  it('include_tasks over 3 items counts 3 ok (one "included:" line each), include_role over 2 counts none', async () => {
    const host = hostNames()[0]!;
    const run = await runYaml(
      `
- hosts: ${host}
  gather_facts: false
  tasks:
    - include_tasks: inc/t.yml
      loop: [1, 2, 3]
    - include_role: {name: r}
      loop: [x, y]
    - include_tasks: inc/t.yml
      vars: {item: solo}
`,
      {
        files: {
          'inc/t.yml': '- debug: msg="in {{ item }}"\n',
          'roles/r/tasks/main.yml': '- debug: msg="role {{ item }}"\n',
        },
      },
    );
    // ansible-playbook 2.14 on this playbook: "included: …/inc/t.yml for node => (item=1)" (and 2, 3), no
    // line for include_role, then "included: …/inc/t.yml for node"; PLAY RECAP ok=10 changed=0 (3 + 3 debug,
    // 0 + 2 role debug, 1 + 1).
    const want = { ok: 10, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
    expect(run.recap.get(host)).to.deep.equal(want);
    const live = noCounts();
    const included: string[] = [];
    for (const e of run.events) {
      if (e.kind !== 'task-result') continue;
      countResult(live, e.result);
      if (e.result.msg?.startsWith('included: ') && !e.result.uncounted) included.push(e.result.msg);
    }
    expect(live).to.deep.equal(want);
    expect(included).to.deep.equal([
      'included: inc/t.yml => (item=1)',
      'included: inc/t.yml => (item=2)',
      'included: inc/t.yml => (item=3)',
      'included: inc/t.yml',
    ]);
  });
});
