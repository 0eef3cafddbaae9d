import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { installDnf, restoreRpm, startRpmRepo, useRpmRepo, type RpmRepo } from '../support/rpm-repo.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// The dnf module with Debian's real dnf and rpm on a lab host, against a lab RPM
// repository of tiny noarch packages (test/support/rpm-repo.ts). What Ansible 2.14's
// dnf module returned on the same packages (ansible-playbook, dnf 4.14 on Debian 12):
// install {changed, msg: "", rc: 0, results: ["Installed: rbtest-hello-1.0-1.noarch"]};
// again {changed: false, msg: "Nothing to do", results: []}; --check {changed, msg:
// "Check mode: No changes made, but would have if not in check mode", results as
// install}; latest 1.0 → 2.0 results ["Installed: …-2.0-1.noarch", "Removed: …-1.0-1.noarch"];
// a missing package {failed, msg: "Failed to install some of the specified packages",
// failures: ["No package nosuchpkg available."], rc: 1}. The corpus case dnf-packages
// (test/ansible-corpus-packages.test.ts) runs the same tasks under both engines.
describe('dnf module (real dnf and rpm on a lab host, a lab RPM repository)', function () {
  this.timeout(120_000);
  const host = () => hostNames()[1]!;
  let repo: RpmRepo;
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      dnf: ${args}\n`, opts)).task('p').get(host())!;
  const have = () => onHost(host(), "rpm -qa 'rbtest-*' --qf '%{NAME}-%{VERSION}\\n' | sort").trim();

  before(async () => {
    repo = await startRpmRepo([
      { name: 'rbtest-hello', version: '1.0' },
      { name: 'rbtest-hello', version: '2.0' },
      { name: 'rbtest-extra', version: '3.1' },
    ]);
    installDnf(host());
    useRpmRepo(host(), repo.url);
  });
  afterEach(() => onHost(host(), "rpm -qa 'rbtest-*' | xargs -r rpm -e --nodeps; true"));
  after(async () => {
    restoreRpm(host());
    await repo?.close();
  });

  it('installs what is missing in one transaction, with Ansible results; again: ok, "Nothing to do"', async () => {
    const first = await task('{ name: [rbtest-hello-1.0, rbtest-extra] }');
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      ['install rbtest-hello-1.0-1.noarch', 'install rbtest-extra-3.1-1.noarch'],
    ]);
    expect(first.data).to.deep.include({
      rc: 0,
      msg: '',
      results: ['Installed: rbtest-hello-1.0-1.noarch', 'Installed: rbtest-extra-3.1-1.noarch'],
    });
    expect(have()).to.equal('rbtest-extra-3.1\nrbtest-hello-1.0');
    expect(hostFile(host(), '/usr/share/runbook-test/rbtest-hello')).to.equal('1.0\n');
    const again = await task('{ name: "rbtest-hello-1.0,rbtest-extra" }');
    expect([again.status, again.changes, again.msg, again.data.results]).to.deep.equal(['ok', [], 'Nothing to do', []]);
  });

  it('--check says what it would install and upgrade, with the check-mode msg, and installs nothing', async () => {
    const r = await task('{ name: rbtest-hello }', { check: true });
    expect([r.status, r.changes, r.data.msg, r.data.results]).to.deep.equal([
      'changed',
      ['install rbtest-hello-2.0-1.noarch'],
      'Check mode: No changes made, but would have if not in check mode',
      ['Installed: rbtest-hello-2.0-1.noarch'],
    ]);
    expect(have()).to.equal('');
  });

  // Ansible 2.14's dnf documents diff_mode "full" but its result carries no `diff`. ansible-playbook
  // on this lab host, --check --diff / --diff / --diff again: {changed, msg: "Check mode: …",
  // results: ["Installed: rbtest-extra-3.1-1.noarch"]}, {changed, msg: "", same results},
  // {changed: false, msg: "Nothing to do", results: []}; no diff shown or registered.
  it('--diff and --check --diff: the same results and no diff; --check --diff installs nothing', async () => {
    const runs: [RunOpts, string, string][] = [
      [{ check: true, diff: true }, 'Check mode: No changes made, but would have if not in check mode', ''],
      [{ diff: true }, '', 'rbtest-extra-3.1'],
    ];
    for (const [opts, msg, after] of runs) {
      const r = await task('{ name: rbtest-extra }', opts);
      expect([r.status, r.diffs, 'diff' in r.data, r.data.msg, r.data.results]).to.deep.equal([
        'changed',
        [],
        false,
        msg,
        ['Installed: rbtest-extra-3.1-1.noarch'],
      ]);
      expect(have()).to.equal(after);
    }
    const again = await task('{ name: rbtest-extra }', { diff: true });
    expect([again.status, again.msg, again.diffs]).to.deep.equal(['ok', 'Nothing to do', []]);
  });

  it('latest upgrades (Installed new, Removed old), then is ok; absent removes, then is ok', async () => {
    await task('{ name: rbtest-hello-1.0 }');
    const present = await task('{ name: rbtest-hello }');
    expect(present.status, 'present keeps an installed older version').to.equal('ok');
    const latest = await task('{ name: rbtest-hello, state: latest, update_cache: true }');
    expect([latest.status, latest.changes, latest.data.results]).to.deep.equal([
      'changed',
      ['install rbtest-hello-2.0-1.noarch (was rbtest-hello-1.0-1.noarch)'],
      ['Installed: rbtest-hello-2.0-1.noarch', 'Removed: rbtest-hello-1.0-1.noarch'],
    ]);
    expect(have()).to.equal('rbtest-hello-2.0');
    expect((await task('{ name: rbtest-hello, state: latest }')).status).to.equal('ok');
    const check = await task('{ name: rbtest-hello, state: absent }', { check: true });
    expect([check.status, check.data.results, have()]).to.deep.equal([
      'changed',
      ['Removed: rbtest-hello-2.0-1.noarch'],
      'rbtest-hello-2.0',
    ]);
    const absent = await task('{ name: [rbtest-hello, rbtest-extra], state: removed }');
    expect([absent.status, absent.changes, absent.data.results]).to.deep.equal([
      'changed',
      ['remove rbtest-hello-2.0-1.noarch'],
      ['Removed: rbtest-hello-2.0-1.noarch'],
    ]);
    expect(have()).to.equal('');
    expect((await task('{ name: rbtest-hello, state: absent }')).msg).to.equal('Nothing to do');
  });

  // ansible-playbook 2.14 on this lab host with rbtest-hello 2.0 installed: name
  // rbtest-hello-1.0 (no release: Ansible does no version check) downgrades, {changed, results:
  // ["Installed: rbtest-hello-1.0-1.noarch", "Removed: rbtest-hello-2.0-1.noarch"]};
  // rbtest-hello-1.0-1.noarch (a full pin older than installed) is {changed: false, msg:
  // "Nothing to do", results: []} unless allow_downgrade: true.
  it('allow_downgrade: a full pin older than the installed one is "Nothing to do" by default, downgrades when allowed', async () => {
    await task('{ name: rbtest-hello }');
    for (const opts of [{}, { check: true }]) {
      const kept = await task('{ name: rbtest-hello-1.0-1.noarch }', opts);
      expect([kept.status, kept.msg, kept.changes, kept.data.results]).to.deep.equal(['ok', 'Nothing to do', [], []]);
    }
    const latest = await task('{ name: rbtest-hello-1.0-1, state: latest, allow_downgrade: false }');
    expect([latest.status, latest.msg]).to.deep.equal(['ok', 'Nothing to do']);
    expect(have()).to.equal('rbtest-hello-2.0');
    const down = await task('{ name: rbtest-hello-1.0-1.noarch, allow_downgrade: true }');
    expect([down.status, down.data.results]).to.deep.equal([
      'changed',
      ['Installed: rbtest-hello-1.0-1.noarch', 'Removed: rbtest-hello-2.0-1.noarch'],
    ]);
    expect(have()).to.equal('rbtest-hello-1.0');
    expect((await task('{ name: rbtest-hello-1.0-1.noarch, allow_downgrade: true }')).status).to.equal('ok');
    const up = await task('{ name: rbtest-hello-2.0-1 }');
    expect([up.status, have()]).to.deep.equal(['changed', 'rbtest-hello-2.0']);
    const loose = await task('{ name: rbtest-hello-1.0 }');
    expect([loose.status, loose.data.results, have()]).to.deep.equal([
      'changed',
      ['Installed: rbtest-hello-1.0-1.noarch', 'Removed: rbtest-hello-2.0-1.noarch'],
      'rbtest-hello-1.0',
    ]);
  });

  it('a package no repository offers fails as Ansible says; a disabled repository offers nothing', async () => {
    const r = await task('{ name: [rbtest-hello, nosuchpkg] }');
    expect([r.status, r.msg, r.data.rc, r.data.failures]).to.deep.equal([
      'failed',
      'Failed to install some of the specified packages',
      1,
      ['No package nosuchpkg available.'],
    ]);
    const off = await task('{ name: rbtest-hello, disablerepo: rblab }');
    expect([off.status, off.data.failures]).to.deep.equal(['failed', ['No package rbtest-hello available.']]);
    const on = await task('{ name: rbtest-hello, disablerepo: "*", enablerepo: rblab, disable_gpg_check: true }');
    expect([on.status, have()]).to.deep.equal(['changed', 'rbtest-hello-2.0']);
    expect(have()).to.equal('rbtest-hello-2.0');
  });

  it('update_cache alone is no change ("Cache updated"); a host without dnf gets a clear failure', async () => {
    const r = await task('{ update_cache: true }');
    expect([r.status, r.msg]).to.deep.equal(['ok', 'Cache updated']);
    // dnf moved aside on this host only (its own overlay), put back after.
    onHost(host(), 'mv /usr/bin/dnf /usr/bin/dnf.off');
    try {
      const none = await task('{ name: rbtest-hello }');
      expect([none.status, none.msg]).to.deep.equal([
        'failed',
        `no dnf on ${host()}: the dnf module needs dnf (or yum 4) and rpm on the host`,
      ]);
    } finally {
      onHost(host(), 'mv /usr/bin/dnf.off /usr/bin/dnf');
    }
  });
});
