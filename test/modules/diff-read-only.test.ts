import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// --diff on the modules that read (stat, slurp, find, package_facts, getent) and on user.
// ansible-playbook 2.14 (localhost, the same tasks with --check --diff): none of the six shows
// or registers a diff; the readers are ok, user (a new account) is changed with no diff and,
// under --check, creates nothing.
describe('--diff on stat, slurp, find, package_facts, getent and user: no diff, as Ansible', () => {
  const host = () => hostNames()[0]!;
  const yaml = () => `- hosts: ${host()}
  tasks:
    - { name: stat, stat: { path: /srv/dro/f.txt } }
    - { name: slurp, slurp: { src: /srv/dro/f.txt } }
    - { name: find, find: { paths: /srv/dro, patterns: "*.txt" } }
    - { name: package_facts, package_facts: { manager: apt } }
    - { name: getent, getent: { database: passwd, key: root } }
    - { name: user, user: { name: rbdiffuser, shell: /bin/sh } }
`;
  const readers = ['stat', 'slurp', 'find', 'package_facts', 'getent'];

  beforeEach(() =>
    onHost(
      host(),
      'rm -rf /srv/dro && mkdir -p /srv/dro && echo hello > /srv/dro/f.txt; userdel -r rbdiffuser 2>/dev/null; true',
    ),
  );
  after(() => onHost(host(), 'rm -rf /srv/dro; userdel -r rbdiffuser 2>/dev/null; true'));

  it('--check --diff: the readers ok, user changed, none with a diff; nothing written', async () => {
    const before = [treeDigest(host(), '/srv/dro'), onHost(host(), 'cat /etc/passwd /etc/group')];
    const run = await runYaml(yaml(), { check: true, diff: true });
    for (const name of readers) {
      const r = run.task(name).get(host())!;
      expect([name, r.status, r.diffs, 'diff' in r.data]).to.deep.equal([name, 'ok', [], false]);
    }
    const user = run.task('user').get(host())!;
    expect([user.status, user.diffs, 'diff' in user.data]).to.deep.equal(['changed', [], false]);
    expect([treeDigest(host(), '/srv/dro'), onHost(host(), 'cat /etc/passwd /etc/group')]).to.deep.equal(before);
  });

  it('--diff applied: user made with no diff, then ok; the readers read what is there', async () => {
    const first = await runYaml(yaml(), { diff: true });
    const user = first.task('user').get(host())!;
    expect([user.status, user.diffs, 'diff' in user.data]).to.deep.equal(['changed', [], false]);
    expect(onHost(host(), 'getent passwd rbdiffuser | cut -d: -f7').trim()).to.equal('/bin/sh');
    expect(first.task('slurp').get(host())!.data.content).to.equal(Buffer.from('hello\n').toString('base64'));
    expect(first.task('find').get(host())!.data.matched).to.equal(1);
    const again = await runYaml(yaml(), { diff: true });
    for (const name of [...readers, 'user']) {
      const r = again.task(name).get(host())!;
      expect([name, r.status, r.diffs]).to.deep.equal([name, 'ok', []]);
    }
  });
});
