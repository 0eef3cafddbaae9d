import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreDnf, setSimulatedDnf, SIM_DNF_DB, useSimulatedDnf } from '../lab/sim/packages.js';

// The package module on a host that looks like Rocky Linux, where detection must
// pick dnf. The lab has no dnf or rpm, so test/lab/sim/dnf (a SIMULATION) stands
// in for both: it records every call, so the tests see exactly what the module
// asked, and keeps what is "installed" in a file the tests read back.
describe('package module with dnf (simulated)', () => {
  const host = () => hostNames()[2]!;
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      package: ${args}\n`, opts))
      .task('p')
      .get(host())!;
  const installed = () => hostFile(host(), `${SIM_DNF_DB}/installed`)!.trim().split('\n').filter(Boolean);
  /** dnf calls only (rpm -q reads are not interesting here), without the options every call has. */
  const dnfCalls = () =>
    hostFile(host(), `${SIM_DNF_DB}/calls`)!
      .split('\n')
      .filter((l) => l.startsWith('dnf '))
      .map((l) => l.replace(/^dnf -y -q /, 'dnf '));
  const REPO = ['rbtest-hello 0 1.0 1.el9', 'rbtest-hello 0 2.0 1.el9', 'rbtest-extra 1 3.1 2.el9'];

  before(() => useSimulatedDnf(host()));
  beforeEach(() => setSimulatedDnf(host(), { repo: REPO, installed: [] }));
  after(() => restoreDnf(host()));

  it('detects dnf and installs the newest offered, in one transaction; again: ok, with no install', async () => {
    const first = await task('{ name: [rbtest-hello, rbtest-extra] }');
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      ['install rbtest-hello 2.0-1.el9', 'install rbtest-extra 1:3.1-2.el9'],
    ]);
    expect(first.data).to.deep.equal({
      manager: 'dnf',
      installed: { 'rbtest-hello': '2.0-1.el9', 'rbtest-extra': '1:3.1-2.el9' },
    });
    expect(dnfCalls()).to.deep.equal([
      `dnf -q repoquery --latest-limit 1 --qf @@%{name} %{epoch} %{version} %{release}\\n rbtest-hello rbtest-extra`,
      'dnf install rbtest-hello-2.0-1.el9 rbtest-extra-1:3.1-2.el9',
    ]);
    expect(installed()).to.deep.equal(['rbtest-hello 0 2.0 1.el9', 'rbtest-extra 1 3.1 2.el9']);
    onHost(host(), `: > ${SIM_DNF_DB}/calls`);
    const again = await task('{ name: [rbtest-hello, rbtest-extra] }');
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
    expect(dnfCalls()).to.deep.equal([]);
  });

  it('update_cache runs dnf makecache and is no change by itself', async () => {
    setSimulatedDnf(host(), { repo: REPO, installed: ['rbtest-hello 0 2.0 1.el9'] });
    const r = await task('{ name: rbtest-hello, update_cache: true }');
    expect([r.status, r.data.cache_updated]).to.deep.equal(['ok', true]);
    expect(dnfCalls()).to.deep.equal(['dnf -q makecache']);
  });

  it('--check asks only rpm and repoquery, and reports install, upgrade and removal', async () => {
    const install = await task('{ name: rbtest-hello, update_cache: true }', { check: true });
    expect([install.status, install.changes, install.data.cache_updated]).to.deep.equal([
      'changed',
      ['install rbtest-hello 2.0-1.el9'],
      false,
    ]);
    setSimulatedDnf(host(), { repo: REPO, installed: ['rbtest-hello 0 1.0 1.el9'] });
    const upgrade = await task('{ name: rbtest-hello, state: latest }', { check: true });
    expect(upgrade.changes).to.deep.equal(['upgrade rbtest-hello 1.0-1.el9 → 2.0-1.el9']);
    const remove = await task('{ name: rbtest-hello, state: absent }', { check: true });
    expect(remove.changes).to.deep.equal(['remove rbtest-hello 1.0-1.el9']);
    // The calls since the last reset: latest's query; absent needs none.
    expect(dnfCalls()).to.deep.equal([
      'dnf -q repoquery --latest-limit 1 --qf @@%{name} %{epoch} %{version} %{release}\\n rbtest-hello',
    ]);
    expect(installed()).to.deep.equal(['rbtest-hello 0 1.0 1.el9']);
  });

  it('version pins as name-VERSION: a version alone, or version-release; down as well as up', async () => {
    const first = await task('{ name: rbtest-hello, version: "1.0" }');
    expect([first.status, first.changes]).to.deep.equal(['changed', ['install rbtest-hello 1.0-1.el9']]);
    expect(dnfCalls().at(-1)).to.equal('dnf install rbtest-hello-1.0');
    expect((await task('{ name: rbtest-hello, version: "1.0" }')).status).to.equal('ok');
    expect((await task('{ name: rbtest-hello, version: 1.0-1.el9 }')).status).to.equal('ok');
    const up = await task('{ name: rbtest-hello, version: 2.0-1.el9 }');
    expect(up.changes).to.deep.equal(['install rbtest-hello 2.0-1.el9 (was 1.0-1.el9)']);
    expect(installed()).to.deep.equal(['rbtest-hello 0 2.0 1.el9']);
    const down = await task('{ name: rbtest-hello, version: "1.0" }');
    expect([down.changes, dnfCalls().at(-1)]).to.deep.equal([
      ['install rbtest-hello 1.0-1.el9 (was 2.0-1.el9)'],
      'dnf install rbtest-hello-1.0',
    ]);
    expect(installed()).to.deep.equal(['rbtest-hello 0 1.0 1.el9']);
    const epoch = await task('{ name: rbtest-extra, version: "1:3.1-2.el9" }');
    expect([epoch.status, dnfCalls().at(-1)]).to.deep.equal(['changed', 'dnf install rbtest-extra-1:3.1-2.el9']);
    const missing = await task('{ name: rbtest-hello, version: "9.9" }');
    expect(missing.msg).to.equal(
      `not available from the repositories of ${host()} (dnf): rbtest-hello version 9.9 (offered: 1.0-1.el9, 2.0-1.el9)`,
    );
  });

  it('latest upgrades, then is ok; absent removes, then is ok', async () => {
    setSimulatedDnf(host(), { repo: REPO, installed: ['rbtest-hello 0 1.0 1.el9'] });
    const latest = await task('{ name: rbtest-hello, state: latest }');
    expect([latest.status, latest.changes]).to.deep.equal(['changed', ['upgrade rbtest-hello 1.0-1.el9 → 2.0-1.el9']]);
    expect(installed()).to.deep.equal(['rbtest-hello 0 2.0 1.el9']);
    expect((await task('{ name: rbtest-hello, state: latest }')).status).to.equal('ok');
    const absent = await task('{ name: [rbtest-hello, rbtest-extra], state: absent }');
    expect([absent.status, absent.changes]).to.deep.equal(['changed', ['remove rbtest-hello 2.0-1.el9']]);
    expect(dnfCalls().at(-1)).to.equal('dnf remove rbtest-hello');
    expect(installed()).to.deep.equal([]);
    expect((await task('{ name: rbtest-hello, state: absent }')).status).to.equal('ok');
  });

  it('a package no repository offers fails before dnf installs anything', async () => {
    const r = await task('{ name: [rbtest-hello, rbtest-nosuch] }');
    expect([r.status, r.msg]).to.deep.equal([
      'failed',
      `not available from the repositories of ${host()} (dnf): rbtest-nosuch`,
    ]);
    expect(dnfCalls().filter((c) => !c.startsWith('dnf -q repoquery '))).to.deep.equal([]);
    expect(installed()).to.deep.equal([]);
  });
});
