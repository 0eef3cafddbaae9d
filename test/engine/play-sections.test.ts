import { expect } from 'chai';
import { hostNames, runYaml } from '../support/run.js';

describe('play sections, vars_files and gather_facts', () => {
  const one = () => hostNames()[0]!;

  it('pre_tasks, tasks and post_tasks run in order, each followed by its handlers', async () => {
    const run = await runYaml(
      `
- hosts: ${one()}
  vars_files: [vars/common.yaml, vars/override.yaml]
  pre_tasks:
    - name: pre
      command: "true"
      notify: h
  tasks:
    - name: main
      debug: { msg: "{{who}} {{what}}" }
  post_tasks:
    - name: post
      command: "true"
  handlers:
    - name: h
      command: "true"
`,
      { files: { 'vars/common.yaml': 'who: common\nwhat: thing\n', 'vars/override.yaml': 'who: override\n' } },
    );
    const order = run.events.flatMap((e) => (e.kind === 'task-start' ? [e.name] : []));
    expect(order).to.deep.equal(['pre', 'h', 'main', 'post']);
    expect(run.task('main').get(one())!.data.debug).to.equal('override thing');
  });

  it('gather_facts reads hostname, OS, architecture, kernel and init into `facts`', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  gather_facts: true
  tasks:
    - name: show
      debug: { msg: "{{facts.hostname}} {{facts.arch}} {{facts.os_family}}" }
    - name: check
      assert:
        that:
          - facts.kernel | length > 0
          - facts.os_version is defined
`);
    expect(run.task('Gathering Facts').get(one())!.status).to.equal('ok');
    expect(run.task('show').get(one())!.data.debug).to.match(new RegExp(`^${one()} (x86_64|aarch64) Debian$`));
    expect(run.task('check').get(one())!.status).to.equal('ok');
  });

  it('defaults are the lowest layer; a variable holding a template is rendered when used', async () => {
    const run = await runYaml(
      `
- hosts: ${one()}
  defaults:
    first_host: "{{ groups.all | first }}"
    greeting: "hello {{first_host}}"
    color: plain
    unused_broken: "{{no_such_variable}}"
  vars: { color: green }
  tasks:
    - name: show
      debug: { msg: "{{greeting}} {{color}}" }
    - name: in a condition
      command: "true"
      when: greeting == 'hello ' + first_host
`,
    );
    expect(run.task('show').get(one())!.data.debug).to.equal(`hello ${hostNames()[0]} green`);
    expect(run.task('in a condition').get(one())!.status).to.equal('changed');
  });
});
