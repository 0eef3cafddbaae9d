// any_errors_fatal fails every host of the batch where it stands, including one
// that is not in the step that failed: a host waiting for a later handler of the
// same flush, or for its own included file. The batch's table takes it out of
// every list at once, so it runs nothing more. ansible-playbook 2.14, run on two
// local hosts with these playbooks, ran nothing more on h2 in both cases (handler
// b not run; h2's included task not run; "NO MORE HOSTS LEFT"), and its recap
// counted h2 failed=0.
import { expect } from 'chai';
import { join } from 'node:path';
import { hostNames, project, runFile, type Recorded } from '../support/run.js';

const failed = (r: Recorded): string[] =>
  r.results.filter((x) => x.status === 'failed' && !x.ignored).map((x) => `${x.host}`);

describe('any_errors_fatal and the hosts elsewhere', () => {
  let n1: string, n2: string;
  before(() => ([n1, n2] = hostNames() as [string, string]));
  const fatalPlay = () => `\n- hosts: ${n1},${n2}\n  gather_facts: false\n  any_errors_fatal: true\n  tasks:\n`;

  it('a host notified only for a later handler does not run it once a handler failed the batch', async () => {
    const dir = project({
      'play.yaml': `${fatalPlay()}    - name: notify a
      command: "true"
      changed_when: true
      when: inventory_hostname == '${n1}'
      notify: a
    - name: notify b
      command: "true"
      changed_when: true
      when: inventory_hostname == '${n2}'
      notify: b
  handlers:
    - name: a
      fail: { msg: handler a fails }
    - name: b
      debug: { msg: handler b runs }
`,
    });
    const r = await runFile(join(dir, 'play.yaml'));
    expect([...r.task('a').keys()]).to.deep.equal([n1]);
    expect(r.task('b').size).to.equal(0);
    expect(failed(r)).to.deep.equal([n1]);
    expect(r.recap.get(n1)).to.include({ ok: 1, changed: 1, failed: 1, skipped: 1 });
    expect(r.recap.get(n2)).to.include({ ok: 1, changed: 1, failed: 0, skipped: 1 });
  });

  it("a host whose own included file comes later runs none of it once another host's file failed the batch", async () => {
    const dir = project({
      'play.yaml': `${fatalPlay()}    - include_tasks: "{{ 'fails' if inventory_hostname == '${n1}' else 'runs' }}.yaml"
    - name: after
      command: "true"
`,
      'fails.yaml': '- name: fails here\n  fail: { msg: the first host fails }\n',
      'runs.yaml': '- name: would run\n  command: "true"\n',
    });
    const r = await runFile(join(dir, 'play.yaml'));
    expect([...r.task('fails here').keys()]).to.deep.equal([n1]);
    expect(r.task('would run').size).to.equal(0);
    expect(r.task('after').size).to.equal(0);
    expect(failed(r)).to.deep.equal([n1]);
    expect(r.recap.get(n1)).to.include({ ok: 1, failed: 1 });
    expect(r.recap.get(n2)).to.include({ ok: 1, failed: 0 });
  });
});
