import { expect } from 'chai';
import { eventually, hostFile, onHost, processCount } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('no_log, timeout, meta: flush_handlers', () => {
  const one = () => hostNames()[0]!;

  it('no_log hides the output and diffs in events, but register still has them', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: secret
      shell: echo s3cr3t-value; exit 1
      register: out
      no_log: true
      ignore_errors: true
    - name: show length
      debug: { msg: "{{out.stdout}}" }
`);
    const hidden = run.task('secret').get(one())!;
    expect(JSON.stringify(hidden)).not.to.contain('s3cr3t-value');
    expect(hidden.msg).to.contain('hidden due to no_log');
    expect(run.task('show length').get(one())!.data.debug).to.equal('s3cr3t-value');
  });

  it('timeout fails a task that runs too long and stops its command on the host', async () => {
    const run = await runYaml(
      `- hosts: ${one()}\n  tasks:\n    - name: slow\n      command: sleep 604\n      timeout: 2\n`,
    );
    const r = run.task('slow').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('task timed out after 2 s');
    expect(await eventually(() => processCount(one(), 'sleep 604') === 0), 'sleep 604 still runs').to.equal(true);
  });

  it('timeout with a loop: the task fails, the item it cut short says so, and its command is stopped', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: slow loop
      command: sleep {{ item }}
      loop: [0, 605, 0]
      timeout: 15
      ignore_errors: true
`);
    const r = run.task('slow loop').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('task timed out after 15 s');
    // The deadline is the whole loop's; 15 s leaves the first item room on a loaded machine.
    expect(r.items!.map((i) => [i.item, i.status, i.msg])).to.deep.equal([
      [0, 'changed', undefined],
      [605, 'failed', 'task timed out after 15 s'],
    ]);
    expect(await eventually(() => processCount(one(), 'sleep 605') === 0), 'sleep 605 still runs').to.equal(true);
  });

  it('meta: flush_handlers runs the notified handlers at that point', async () => {
    onHost(one(), 'rm -f /tmp/flush-log');
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: change
      shell: echo change >> /tmp/flush-log
      notify: h
    - meta: flush_handlers
    - name: after
      shell: echo after >> /tmp/flush-log
  handlers:
    - name: h
      shell: echo handler >> /tmp/flush-log
`);
    expect(hostFile(one(), '/tmp/flush-log')).to.equal('change\nhandler\nafter\n');
    expect(run.events.filter((e) => e.kind === 'task-start' && e.handler)).to.have.length(1);
  });
});
