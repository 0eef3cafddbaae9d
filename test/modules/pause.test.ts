import { expect } from 'chai';
import { hostNames, runYaml } from '../support/run.js';

// ansible.builtin.pause. ansible-playbook 2.14 with stdin not a terminal (run by hand on
// localhost): `prompt: Enter` returned at once, ok, with stdout "Paused for 0.0 minutes",
// user_input "", delta 0, and warned "Not waiting for response to prompt as stdin is not
// interactive"; `seconds: 1` gave "Paused for 1.01 seconds", delta 1 (the `pause` corpus
// case compares that one under both engines).
describe('pause module', () => {
  const host = () => hostNames()[0]!;

  it('a prompt is answered with "" at once, as Ansible without a terminal; ok, under --check too', async () => {
    for (const check of [false, true]) {
      const r = (
        await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      pause: { prompt: "Continue?" }\n`, {
          check,
          diff: check,
        })
      )
        .task('p')
        .get(host())!;
      expect([r.status, r.changes, r.msg]).to.deep.equal([
        'ok',
        [],
        'Not waiting for response to prompt as stdin is not interactive',
      ]);
      expect(r.data).to.deep.include({
        stdout: 'Paused for 0.0 minutes',
        user_input: '',
        delta: 0,
        rc: 0,
        stderr: '',
        echo: true,
      });
    }
  });

  it('seconds: the run waits, then ok with "Paused for N seconds"; a task timeout ends the wait', async () => {
    const r = (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      pause: { seconds: 1 }\n`))
      .task('p')
      .get(host())!;
    expect([r.status, r.changes]).to.deep.equal(['ok', []]);
    expect(r.data.stdout).to.match(/^Paused for 1\.\d+ seconds$/);
    const cut = (
      await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      pause: { minutes: 10 }\n      timeout: 1\n`)
    )
      .task('p')
      .get(host())!;
    expect([cut.status, cut.msg]).to.deep.equal(['failed', 'task timed out after 1 s']);
  });
});
