// meta actions the both-engines corpus (meta-actions) cannot hold: clear_host_errors
// (both engines exit 0 once it cleared every failure, the recap keeping it: corpus cases
// always-clear-errors and clear-errors-then-fail), and end_batch under serial.
// What ansible-playbook did with the same play on lab hosts is written beside each.
import { expect } from 'chai';
import { hostFile } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('meta actions in a run', () => {
  const [a, b] = [() => hostNames()[0]!, () => hostNames()[1]!];

  it('clear_host_errors: the failed host sits out the rest of the play, takes part in the next; the recap keeps its failure', async () => {
    const run = await runYaml(`
- hosts: ${a()},${b()}
  tasks:
    - name: the first host fails
      command: "false"
      when: inventory_hostname == "${a()}"
    - meta: clear_host_errors
    - name: the others go on
      copy: { dest: /tmp/meta-clear, content: "after clear" }
- hosts: ${a()},${b()}
  tasks:
    - name: next play
      copy: { dest: /tmp/meta-clear-next, content: "next {{ inventory_hostname }}" }
`);
    // ansible-playbook 2.14: node1 ok=5 failed=1, "after clear" on node2 only, "next play" on both.
    expect(run.task('the others go on').get(a())).to.equal(undefined);
    expect(run.task('the others go on').get(b())!.status).to.equal('changed');
    expect(hostFile(a(), '/tmp/meta-clear-next')).to.equal(`next ${a()}`);
    expect(hostFile(b(), '/tmp/meta-clear-next')).to.equal(`next ${b()}`);
    expect(run.recap.get(a())).to.include({ failed: 1, ok: 1, changed: 1 });
    expect(run.recap.get(b())).to.include({ failed: 0, ok: 2, changed: 2, skipped: 1 });
    expect(run.events.some((e) => e.kind === 'rollout-stopped')).to.equal(false);
  });

  it('end_batch ends the batch, not the play; end_play ends every later batch too; neither fails a host', async () => {
    const run = await runYaml(`
- hosts: ${a()},${b()}
  serial: 1
  tasks:
    - meta: end_batch
      when: inventory_hostname == "${a()}"
    - name: after end_batch
      copy: { dest: /tmp/meta-batch, content: "ran" }
- hosts: ${a()},${b()}
  serial: 1
  tasks:
    - meta: end_play
    - name: never
      copy: { dest: /tmp/meta-never, content: "ran" }
`);
    expect([...run.task('after end_batch').keys()]).to.deep.equal([b()]);
    expect(run.task('never').size).to.equal(0);
    for (const h of [a(), b()]) expect(run.recap.get(h)).to.include({ failed: 0 });
    expect(run.events.filter((e) => e.kind === 'batch-start').length).to.equal(3);
  });
});
