import { expect } from 'chai';
import { countResult, noCounts } from '../../src/engine/events.js';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('blocks, handlers, delegation, run_once, tags', () => {
  const one = () => hostNames()[0]!;

  it('a rescue runs after a failure in its block, always runs after both; the host counts as rescued', async () => {
    onHost(one(), 'rm -f /tmp/blk-*');
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: guarded
      block:
        - name: breaks
          command: "false"
        - name: never reached
          file: { path: /tmp/blk-unreached, state: touch }
      rescue:
        - name: repair
          file: { path: /tmp/blk-rescued, state: touch }
      always:
        - name: cleanup
          file: { path: /tmp/blk-always, state: touch }
    - name: after the block
      file: { path: /tmp/blk-after, state: touch }
`);
    expect(hostFile(one(), '/tmp/blk-unreached')).to.equal(null);
    expect(hostFile(one(), '/tmp/blk-rescued')).to.equal('');
    expect(hostFile(one(), '/tmp/blk-always')).to.equal('');
    expect(hostFile(one(), '/tmp/blk-after')).to.equal('');
    expect(run.recap.get(one())).to.deep.equal({
      ok: 3,
      changed: 3,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 1,
      ignored: 0,
    });
    // The failure's own result says the rescue took it over, so a view counting results (countResult) agrees with the recap.
    expect(run.task('breaks').get(one())).to.include({ status: 'failed', rescued: true });
    const counted = noCounts();
    for (const r of run.results) countResult(counted, r);
    expect(counted).to.deep.equal(run.recap.get(one()));
  });

  it('a failure in rescue fails the host, and always still runs', async () => {
    onHost(one(), 'rm -f /tmp/blk2-*');
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - block:
        - command: "false"
      rescue:
        - name: rescue fails too
          command: "false"
      always:
        - file: { path: /tmp/blk2-always, state: touch }
    - name: not reached
      command: "true"
`);
    expect(hostFile(one(), '/tmp/blk2-always')).to.equal('');
    expect(run.task('not reached').size).to.equal(0);
    // As Ansible counts: the block's failure went to rescue (rescued=1), the rescue's own failed (failed=1).
    expect(run.recap.get(one())).to.include({ failed: 1, rescued: 1 });
  });

  it('a handler notified by several tasks runs once, after the tasks, in handler order', async () => {
    onHost(one(), 'rm -rf /tmp/hnd && mkdir /tmp/hnd');
    const yaml = `
- hosts: ${one()}
  tasks:
    - name: a
      copy: { dest: /tmp/hnd/a, content: a }
      notify: restart thing
    - name: b
      copy: { dest: /tmp/hnd/b, content: b }
      notify: [restart thing, reload other]
    - name: last task
      shell: "ls /tmp/hnd > /tmp/hnd-before-handlers"
  handlers:
    - name: reload other
      shell: "echo reload >> /tmp/hnd/log"
    - name: restart thing
      shell: "echo restart >> /tmp/hnd/log"
`;
    const run = await runYaml(yaml);
    expect(hostFile(one(), '/tmp/hnd/log')).to.equal('reload\nrestart\n');
    expect(hostFile(one(), '/tmp/hnd-before-handlers')).to.equal('a\nb\n');
    const handlerStarts = run.events.filter((e) => e.kind === 'task-start' && e.handler);
    expect(handlerStarts.map((e) => (e as { name: string }).name)).to.deep.equal(['reload other', 'restart thing']);
    // Nothing changed the second time: no handler runs.
    const again = await runYaml(yaml.replace('last task', 'last task again'));
    expect(again.events.filter((e) => e.kind === 'task-start' && e.handler)).to.have.length(0);
    expect(hostFile(one(), '/tmp/hnd/log')).to.equal('reload\nrestart\n');
  });

  it('a notify naming no handler is a load error with the nearest name', async () => {
    let message = '';
    let hint = '';
    try {
      await runYaml(
        `- hosts: all\n  tasks:\n    - copy: { dest: /tmp/x, content: x }\n      notify: ` +
          `restart containrd\n  handlers:\n    - name: restart containerd\n      command: "true"\n`,
      );
    } catch (e) {
      message = (e as Error).message;
      hint = String((e as { hint?: string }).hint);
    }
    // Ansible's own sentence (ansible-core 2.14), then runbook's hint with the nearest name.
    expect(message).to.equal(
      "The requested handler 'restart containrd' was not found in either the main handlers list nor in the listening handlers list",
    );
    expect(hint).to.contain('did you mean "restart containerd"');
  });

  it('delegate_to runs on the delegate host with the current host variables', async () => {
    const [first, , third] = hostNames();
    onHost(third!, 'rm -rf /tmp/deleg && mkdir /tmp/deleg');
    const run = await runYaml(`
- hosts: ${first},${hostNames()[1]}
  tasks:
    - name: write on the third
      copy: { dest: "/tmp/deleg/{{inventory_hostname}}", content: "from {{inventory_hostname}}" }
      delegate_to: ${third}
`);
    expect(hostFile(third!, `/tmp/deleg/${first}`)).to.equal(`from ${first}`);
    expect(hostFile(third!, `/tmp/deleg/${hostNames()[1]}`)).to.equal(`from ${hostNames()[1]}`);
    expect(hostFile(first!, `/tmp/deleg/${first}`)).to.equal(null);
    expect(run.task('write on the third').get(first!)!.delegatedTo).to.equal(third);
  });

  it('run_once runs on one host of the batch and registers the result on all of them', async () => {
    const run = await runYaml(`
- hosts: all
  tasks:
    - name: once
      command: hostname
      run_once: true
      register: who
    - name: everyone sees it
      debug: { msg: "{{ who.stdout | trim }}" }
`);
    expect(run.task('once').size).to.equal(1);
    for (const h of hostNames()) expect(run.task('everyone sees it').get(h)!.data.debug).to.equal(hostNames()[0]);
  });

  it('--tags selects tagged tasks (and always), --skip-tags removes them', async () => {
    const yaml = `
- hosts: ${one()}
  tasks:
    - { name: config, command: "true", tags: [config] }
    - { name: install, command: "true", tags: install }
    - { name: always, command: "true", tags: always }
    - { name: untagged, command: "true" }
`;
    const names = (r: Awaited<ReturnType<typeof runYaml>>) =>
      r.events.flatMap((e) => (e.kind === 'task-start' ? [e.name] : []));
    expect(names(await runYaml(yaml, { tags: ['config'] }))).to.deep.equal(['config', 'always']);
    expect(names(await runYaml(yaml, { skipTags: ['install'] }))).to.deep.equal(['config', 'always', 'untagged']);
    expect(names(await runYaml(yaml, { startAtTask: 'always' }))).to.deep.equal(['always', 'untagged']);
  });
});
