import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// tempfile as Ansible's (compared with ansible-playbook 2.14 in the `tempfile`
// corpus case): each run makes a new one (changed), --check makes none (skipped, msg
// "remote module (tempfile) does not support check mode", as ansible-playbook registers).
describe('tempfile module', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;

  beforeEach(() => onHost(host(), 'rm -rf /srv/tf && mkdir -p /srv/tf'));

  it("creates a 0600 file named prefix + 8 characters + suffix, a new one each run, with Ansible's result fields", async () => {
    const yaml = play(`    - name: t\n      tempfile: { path: /srv/tf, prefix: "k-", suffix: ".yaml" }\n`);
    const first = (await runYaml(yaml)).task('t').get(host())!;
    expect(first.status).to.equal('changed');
    expect(first.data).to.deep.include({
      state: 'file',
      mode: '0600',
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      size: 0,
    });
    expect(first.data.path).to.match(/^\/srv\/tf\/k-[A-Za-z0-9]{8}\.yaml$/);
    expect(onHost(host(), `stat -c '%a %F' ${String(first.data.path)}`).trim()).to.equal('600 regular empty file');
    const second = (await runYaml(yaml)).task('t').get(host())!;
    expect(second.status).to.equal('changed');
    expect(second.data.path).to.not.equal(first.data.path);
    expect(onHost(host(), 'ls /srv/tf | wc -l').trim()).to.equal('2');
  });

  it('state directory makes a 0700 directory under $TMPDIR or /tmp by default, named ansible.*', async () => {
    const r = (await runYaml(play(`    - name: t\n      ansible.builtin.tempfile: { state: directory }\n`)))
      .task('t')
      .get(host())!;
    expect(r.status).to.equal('changed');
    expect(r.data.path).to.match(/^\/tmp\/ansible\.[A-Za-z0-9]{8}$/);
    expect(onHost(host(), `stat -c '%a %F' ${String(r.data.path)} && rmdir ${String(r.data.path)}`).trim()).to.equal(
      '700 directory',
    );
  });

  it('is skipped under --check and writes nothing; a missing path fails naming it', async () => {
    const before = treeDigest(host(), '/srv/tf');
    const checked = (await runYaml(play(`    - name: t\n      tempfile: { path: /srv/tf }\n`), { check: true }))
      .task('t')
      .get(host())!;
    expect(checked).to.deep.include({ status: 'skipped', msg: 'remote module (tempfile) does not support check mode' });
    expect(treeDigest(host(), '/srv/tf')).to.equal(before);
    const missing = (await runYaml(play(`    - name: t\n      tempfile: { path: /srv/tf/none }\n`)))
      .task('t')
      .get(host())!;
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.match(
      /^cannot create a temporary file in \/srv\/tf\/none: mktemp: .*No such file or directory/,
    );
  });

  // ansible-playbook 2.14 on localhost, the same task with --diff: changed, no diff shown or
  // registered (tempfile has no diff mode); with --check --diff: skipped, nothing made.
  it('--diff: a new file, no diff; --check --diff: skipped, nothing made', async () => {
    const yaml = play(`    - name: t\n      tempfile: { path: /srv/tf, suffix: ".d" }\n`);
    const made = (await runYaml(yaml, { diff: true })).task('t').get(host())!;
    expect([made.status, made.diffs, 'diff' in made.data]).to.deep.equal(['changed', [], false]);
    expect(onHost(host(), 'ls /srv/tf').trim()).to.equal(String(made.data.path).slice('/srv/tf/'.length));
    const before = treeDigest(host(), '/srv/tf');
    const checked = (await runYaml(yaml, { check: true, diff: true })).task('t').get(host())!;
    expect([checked.status, checked.msg, checked.diffs]).to.deep.equal([
      'skipped',
      'remote module (tempfile) does not support check mode',
      [],
    ]);
    expect(treeDigest(host(), '/srv/tf')).to.equal(before);
  });
});
