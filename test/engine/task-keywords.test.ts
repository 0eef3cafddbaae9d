import { expect } from 'chai';
import { hostFile, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('task keywords: when, register, loop, until, changed_when, failed_when, ignore_errors', () => {
  const one = () => hostNames()[0]!;

  it('when with a registered result decides per host', async () => {
    const [first] = hostNames();
    const run = await runYaml(`
- hosts: all
  tasks:
    - name: probe
      command: hostname
      register: probe
      changed_when: false
    - name: only on the first
      debug: { msg: "first is {{probe.stdout}}" }
      when: inventory_hostname == '${first}' and probe.rc == 0
`);
    expect(run.task('probe').get(first!)!.status).to.equal('ok');
    const only = run.task('only on the first');
    expect(only.get(first!)!.status).to.equal('ok');
    expect(only.get(first!)!.data.debug).to.equal(`first is ${first}`);
    for (const h of hostNames().slice(1)) expect(only.get(h)!.status).to.equal('skipped');
    expect(run.recap.get(hostNames()[1]!)).to.include({ skipped: 1 });
  });

  it('loop runs the module once per item, with item, and register holds results', async () => {
    onHost(one(), 'rm -rf /tmp/loop && mkdir /tmp/loop');
    const run = await runYaml(`
- hosts: ${one()}
  vars: { names: [a, "b c", "d'e"] }
  tasks:
    - name: files
      copy: { dest: "/tmp/loop/{{item}}", content: "{{item}}" }
      loop: "{{ names }}"
      register: made
    - name: count
      assert: { that: "made.results | length == 3 and made.changed" }
`);
    const r = run.task('files').get(one())!;
    expect(r.status).to.equal('changed');
    expect(r.items?.map((i) => i.item)).to.deep.equal(['a', 'b c', "d'e"]);
    expect(hostFile(one(), "/tmp/loop/d'e")).to.equal("d'e");
    expect(run.task('count').get(one())!.status).to.equal('ok');
  });

  it('with a loop, when is decided for each item', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: some
      debug: { msg: "{{item}}" }
      loop: [1, 2, 3]
      when: item != 2
`);
    expect(
      run
        .task('some')
        .get(one())!
        .items?.map((i) => i.status),
    ).to.deep.equal(['ok', 'skipped', 'ok']);
  });

  it('until retries with delay until the condition holds, and reports each retry', async () => {
    onHost(one(), 'rm -f /tmp/until-count');
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: third time lucky
      shell: "echo x >> /tmp/until-count; test $(wc -l < /tmp/until-count) -ge 3"
      register: r
      until: r.rc == 0
      retries: 5
      delay: 0
`);
    const retries = run.events.filter((e) => e.kind === 'task-retry');
    expect(retries).to.have.length(2);
    expect(run.task('third time lucky').get(one())!.status).to.equal('changed');
    expect(run.task('third time lucky').get(one())!.data.attempts).to.equal(3);
  });

  it('until that never holds fails after retries', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: never
      command: "false"
      register: r
      until: r.rc == 0
      retries: 2
      delay: 0
`);
    const r = run.task('never').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain('still not done after 3 attempts');
  });

  it('failed_when and changed_when replace the module verdict; ignore_errors counts as ignored', async () => {
    const run = await runYaml(`
- hosts: ${one()}
  tasks:
    - name: grep miss is fine
      command: grep -q nothing-like-this /etc/hostname
      register: g
      failed_when: g.rc > 1
      changed_when: false
    - name: output decides failure
      shell: echo "ERROR here"
      failed_when: "'ERROR' in stdout"
      ignore_errors: true
    - name: still runs
      command: "true"
`);
    expect(run.task('grep miss is fine').get(one())!.status).to.equal('ok');
    const ignored = run.task('output decides failure').get(one())!;
    expect(ignored).to.include({ status: 'failed', ignored: true });
    expect(run.task('still runs').get(one())!.status).to.equal('changed');
    expect(run.recap.get(one())).to.include({ failed: 0, ignored: 1 });
  });

  it('set_fact and register are seen by later plays on the same host; -e wins over everything', async () => {
    const run = await runYaml(
      `
- hosts: ${one()}
  vars: { color: red }
  tasks:
    - set_fact: { shade: "dark {{color}}" }
- hosts: ${one()}
  tasks:
    - name: show
      debug: { msg: "{{shade}} / {{size}}" }
`,
      { extraVars: { size: 'XL', color: 'blue' } },
    );
    expect(run.task('show').get(one())!.data.debug).to.equal('dark blue / XL');
  });

  it('a condition naming an undefined variable fails the task with file:line and the name', async () => {
    const run = await runYaml(
      `- hosts: ${one()}\n  tasks:\n    - name: bad\n      command: "true"\n      when: not_defined_anywhere == 1\n`,
    );
    const r = run.task('bad').get(one())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(/playbook\.yaml:5:\d+: error: undefined variable "not_defined_anywhere"/);
  });

  it('check_mode: false runs a probe under --check, while other tasks change nothing', async () => {
    const before = treeDigest(one(), '/etc');
    const run = await runYaml(
      `
- hosts: ${one()}
  tasks:
    - name: probe
      command: cat /etc/hostname
      register: h
      check_mode: false
      changed_when: false
    - name: would write
      copy: { dest: "/etc/probe-{{ h.stdout | trim }}", content: x }
`,
      { check: true },
    );
    expect(run.task('probe').get(one())!.data.stdout).to.equal(`${one()}`);
    expect(run.task('would write').get(one())!.changes[0]).to.contain(`/etc/probe-${one()}`);
    expect(treeDigest(one(), '/etc')).to.equal(before);
  });
});
