import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// ini_file on a lab host: apply, re-apply (ok, nothing written), --check --diff
// (nothing written); the `ini-file` corpus case compares it with ansible-playbook 2.14.
describe('ini_file module on a lab host', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;
  const task = () =>
    play(
      `    - name: i\n      community.general.ini_file: { path: /srv/ini/a.ini, section: plugins, option: sandbox, value: "pause:3.9", mode: "0640" }\n`,
    );

  beforeEach(() =>
    onHost(
      host(),
      'rm -rf /srv/ini && mkdir -p /srv/ini && printf "[plugins]\\n# note\\nsandbox = pause:3.6\\nother = 1\\n" > /srv/ini/a.ini',
    ),
  );

  it('--check --diff writes nothing; apply changes the line in place; re-apply is ok and writes nothing', async () => {
    const before = treeDigest(host(), '/srv/ini');
    const checked = (await runYaml(task(), { check: true, diff: true })).task('i').get(host())!;
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({
      before: '[plugins]\n# note\nsandbox = pause:3.6\nother = 1\n',
      after: '[plugins]\n# note\nsandbox = pause:3.9\nother = 1\n',
    });
    expect(treeDigest(host(), '/srv/ini')).to.equal(before);
    const applied = (await runYaml(task())).task('i').get(host())!;
    expect(applied).to.deep.include({ status: 'changed', data: { msg: 'option changed', path: '/srv/ini/a.ini' } });
    expect(hostFile(host(), '/srv/ini/a.ini')).to.equal('[plugins]\n# note\nsandbox = pause:3.9\nother = 1\n');
    expect(hostStat(host(), '/srv/ini/a.ini')).to.equal('640 regular file');
    const digest = treeDigest(host(), '/srv/ini');
    expect((await runYaml(task())).task('i').get(host())!).to.deep.include({
      status: 'ok',
      data: { msg: 'OK', path: '/srv/ini/a.ini' },
    });
    expect(treeDigest(host(), '/srv/ini')).to.equal(digest);
  });

  it("a number value is written as written; value and values together, or no value, fail with the module's words", async () => {
    const r = await runYaml(
      play(
        `    - name: n\n      ini_file: { path: /srv/ini/a.ini, section: plugins, option: other, value: 2 }\n` +
          `    - name: both\n      ini_file: { path: /srv/ini/a.ini, option: x, value: a, values: [b] }\n      ignore_errors: true\n` +
          `    - name: none\n      ini_file: { path: /srv/ini/a.ini, option: x }\n      ignore_errors: true\n`,
      ),
    );
    expect(r.task('n').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), '/srv/ini/a.ini')).to.equal('[plugins]\n# note\nsandbox = pause:3.6\nother = 2\n');
    expect(r.task('both').get(host())!).to.deep.include({
      status: 'failed',
      msg: 'parameters are mutually exclusive: value|values',
    });
    expect(r.task('none').get(host())!).to.deep.include({
      status: 'failed',
      msg: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False.",
    });
  });
});
