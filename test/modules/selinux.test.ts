import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// selinux on a lab host without SELinux (Debian: no /etc/selinux/config). ansible-playbook
// 2.14 with ansible.posix 1.5, on the same input (the `selinux` corpus case, and on
// localhost with --diff and with --check --diff): every state fails with msg "Unable to
// find file /etc/selinux/config" and details "Please install SELinux-policy package, if
// this package is not installed previously.", changed false, no `diff` registered; the
// same on every run and in check mode. A configfile that does exist is refused clearly.
describe('selinux module', () => {
  const host = () => hostNames()[0]!;
  const details = 'Please install SELinux-policy package, if this package is not installed previously.';
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: s\n      ansible.posix.selinux: ${args}\n`, opts))
      .task('s')
      .get(host())!;
  const outcome = (r: Awaited<ReturnType<typeof task>>) => [r.status, r.msg, r.changes, r.diffs, r.data];

  it('apply and apply again: the same failure as Ansible, nothing changed on the host', async () => {
    const before = treeDigest(host(), '/etc');
    for (const state of ['enforcing', 'enforcing', 'disabled']) {
      const r = await task(`{ state: ${state}, policy: targeted }`);
      expect(outcome(r)).to.deep.equal(['failed', 'Unable to find file /etc/selinux/config', [], [], { details }]);
    }
    expect(treeDigest(host(), '/etc')).to.equal(before);
  });

  it('--check, --diff and --check --diff: the same failure, no diff, nothing written', async () => {
    const before = treeDigest(host(), '/etc');
    for (const opts of [{ check: true }, { diff: true }, { check: true, diff: true }]) {
      const r = await task('{ state: permissive, policy: targeted }', opts);
      expect(outcome(r), JSON.stringify(opts)).to.deep.equal([
        'failed',
        'Unable to find file /etc/selinux/config',
        [],
        [],
        { details },
      ]);
    }
    expect(treeDigest(host(), '/etc')).to.equal(before);
  });

  // ansible-playbook 2.14 (ansible.posix 1.5) on localhost, `state=disabled conf=/srv/se/none` and
  // `file=/srv/se/none` with --check --diff: failed, changed false, msg "Unable to find file
  // /srv/se/none", the same details; the aliases name the configfile.
  it('conf and file are aliases of configfile: apply, again, --check, --diff name the file given', async () => {
    const before = treeDigest(host(), '/etc');
    for (const alias of ['conf', 'file'])
      for (const opts of [{}, {}, { check: true }, { diff: true }, { check: true, diff: true }]) {
        const r = await task(`{ state: disabled, ${alias}: /srv/se/none }`, opts);
        expect(outcome(r), `${alias} ${JSON.stringify(opts)}`).to.deep.equal([
          'failed',
          'Unable to find file /srv/se/none',
          [],
          [],
          { details },
        ]);
      }
    expect(treeDigest(host(), '/etc')).to.equal(before);
    onHost(host(), 'mkdir -p /srv/se && printf "SELINUX=enforcing\\n" > /srv/se/config');
    try {
      const r = await task('{ state: disabled, file: /srv/se/config }', { diff: true });
      expect([r.status, r.msg]).to.deep.equal([
        'failed',
        `selinux: ${host()} has SELinux (/srv/se/config); runbook does not change SELinux settings yet`,
      ]);
    } finally {
      onHost(host(), 'rm -rf /srv/se');
    }
  });

  it('names the configfile it did not find; one that exists is refused clearly and left as it was', async () => {
    const missing = await task('{ state: disabled, configfile: /srv/se/none }');
    expect([missing.status, missing.msg]).to.deep.equal(['failed', 'Unable to find file /srv/se/none']);
    onHost(host(), 'mkdir -p /srv/se && printf "SELINUX=enforcing\\n" > /srv/se/config');
    try {
      const r = await task('{ state: disabled, configfile: /srv/se/config }', { diff: true });
      expect([r.status, r.msg, r.diffs]).to.deep.equal([
        'failed',
        `selinux: ${host()} has SELinux (/srv/se/config); runbook does not change SELinux settings yet`,
        [],
      ]);
      expect(onHost(host(), 'cat /srv/se/config')).to.equal('SELINUX=enforcing\n');
    } finally {
      onHost(host(), 'rm -rf /srv/se');
    }
  });
});
