// Keywords given as templates (issue 28): no_log decided on each host, numeric
// keywords (retries, delay, timeout, loop_control.pause) rendered when the task
// runs, environment from a mapping variable; what does not render to the right
// kind of value fails the task with the keyword, file and line named.
import { expect } from 'chai';
import { hostNames, runYaml } from '../support/run.js';

describe('templated keywords: no_log, retries, delay, timeout, pause, environment', () => {
  const one = () => hostNames()[0]!;

  it('no_log: "{{ expr }}" rendering false shows the output; rendering true hides it', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  vars:
    hide: false
  tasks:
    - name: shown
      shell: echo visible-output
      no_log: "{{ hide }}"
    - name: hidden
      shell: echo hidden-output
      no_log: "{{ not hide }}"
`);
    const shown = run.task('shown').get(one())!;
    expect(shown.status).to.equal('changed');
    expect(shown.data.stdout).to.equal('visible-output');
    const hidden = run.task('hidden').get(one())!;
    expect(hidden.status).to.equal('changed');
    expect(JSON.stringify(hidden)).not.to.contain('hidden-output');
  });

  it('retries, delay, timeout and loop_control.pause from templates', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  vars: { n: "2", d: 0, t: 2, p: "0" }
  tasks:
    - name: retried
      shell: "false"
      register: r
      until: r.rc == 0
      retries: "{{ n }}"
      delay: "{{ d }}"
      ignore_errors: true
    - name: slow
      command: sleep 603
      timeout: "{{ t }}"
      ignore_errors: true
    - name: paused loop
      command: echo {{ item }}
      loop: [a, b]
      loop_control: { pause: "{{ p }}" }
`);
    const retried = run.task('retried').get(one())!;
    expect([retried.status, retried.msg, retried.data.attempts]).to.deep.equal([
      'failed',
      'still not done after 3 attempts: command failed (exit code 1): ',
      2,
    ]);
    expect(run.task('slow').get(one())!.msg).to.equal('task timed out after 2 s');
    expect(
      run
        .task('paused loop')
        .get(one())!
        .items!.map((i) => i.status),
    ).to.deep.equal(['changed', 'changed']);
  });

  it('a numeric keyword that is not a number, and an environment that is not a mapping, fail the task naming file:line', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: bad retries
      shell: echo never-ran
      until: true
      retries: "{{ 'many' }}"
      ignore_errors: true
    - name: bad environment
      shell: echo never-ran
      environment: "{{ 'not-a-mapping' }}"
      ignore_errors: true
`);
    const retries = run.task('bad retries').get(one())!;
    expect(retries.status).to.equal('failed');
    // The task's line: the keyword is one of its lines.
    expect(retries.msg).to.match(
      /playbook\.yaml:4:7: error: retries: "\{\{ 'many' \}\}" gives "many", not a whole number/,
    );
    expect(retries.data.stdout).to.equal(undefined);
    const env = run.task('bad environment').get(one())!;
    expect(env.status).to.equal('failed');
    expect(env.msg).to.match(
      /playbook\.yaml:9:7: error: environment must give a mapping of variable names to values, got "not-a-mapping"/,
    );
  });

  // ansible-playbook 2.14 on the same tasks: "the field 'become' has an invalid value ({{ '' }}), and could not be
  // converted to an bool.The error was: The value '' is not a valid boolean." (the bool filter would read '' as false).
  it("a true/false keyword reads Ansible's words; '' or another word fails the task naming the keyword and file:line", async () => {
    const run = await runYaml(`
- hosts: ${one()}
  gather_facts: false
  vars: { word: "Y", empty: "" }
  tasks:
    - name: ignored by a templated Y
      command: "false"
      ignore_errors: "{{ word }}"
    - name: become given ''
      command: "true"
      become: "{{ empty }}"
      ignore_errors: true
    - name: check_mode given maybe
      command: "true"
      check_mode: "{{ 'maybe' }}"
      ignore_errors: true
`);
    const ignored = run.task('ignored by a templated Y').get(one())!;
    expect([ignored.status, ignored.ignored]).to.deep.equal(['failed', true]);
    const become = run.task("become given ''").get(one())!;
    expect(become.status).to.equal('failed');
    expect(become.msg).to.match(
      /playbook\.yaml:9:7: error: become: "\{\{ empty \}\}" gives "", which is not a boolean/,
    );
    const check = run.task('check_mode given maybe').get(one())!;
    expect(check.msg).to.match(
      /playbook\.yaml:13:7: error: check_mode: "\{\{ 'maybe' \}\}" gives "maybe", which is not a boolean/,
    );
    expect(run.recap.get(one())).to.deep.include({ ok: 3, failed: 0, ignored: 3 });
  });
});
