import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { aptUpdate, startAptRepo, type AptHttpRepo } from '../support/apt-repo.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// The apt module (Ansible's arguments and results) with the real apt and dpkg of
// a lab host, against a lab repository served over HTTP (test/support/apt-repo.ts):
// rbapt-app 1.0-1 and 2.0-1, both depending on rbapt-lib. The host's own Debian
// sources are put aside (test/lab/sim/packages.ts), so nothing leaves the machine.
// What ansible-playbook 2.14 did with the same tasks on a lab host is noted per test.
describe('apt module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  let repo: AptHttpRepo;
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      apt: ${args}\n`, opts)).task('p').get(host())!;
  const dpkg = (name: string) =>
    onHost(host(), `dpkg-query -W -f='\${Status} \${Version}' ${name} 2>/dev/null; true`).trim();
  const manual = () => onHost(host(), 'apt-mark showmanual | grep rbapt; true').trim().split('\n').filter(Boolean);
  const purge = () => onHost(host(), 'dpkg --purge rbapt-app rbapt-lib >/dev/null 2>&1; true');

  before(async () => {
    useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]);
    repo = await startAptRepo([
      { name: 'rbapt-lib', version: '1.0-1' },
      { name: 'rbapt-app', version: '1.0-1', depends: 'rbapt-lib' },
      { name: 'rbapt-app', version: '2.0-1', depends: 'rbapt-lib' },
    ]);
    onHost(host(), `echo 'deb [trusted=yes] ${repo.url} ./' > /etc/apt/sources.list.d/rbapt.list`);
    await aptUpdate(host());
  });
  beforeEach(purge);
  after(async () => {
    purge();
    onHost(host(), 'rm -f /etc/apt/sources.list.d/rbapt.list');
    restoreApt(host(), ['rbtest-base']);
    await repo.close();
    // The host's root is an overlay: this machine's own dpkg never saw the test packages.
    expect(
      execFileSync('sh', ['-c', 'dpkg-query -W rbapt-app rbapt-lib rbtest-base 2>&1; true'], { encoding: 'utf8' }),
    ).to.match(/no packages found matching rbapt-app/);
  });

  it("installs name=version with update_cache (changed, Ansible's result fields), then is ok; the dependency stays automatic", async () => {
    const first = await task('{ name: rbapt-app=1.0-1, update_cache: true }');
    expect([first.status, first.msg, first.changes]).to.deep.equal(['changed', undefined, ['install rbapt-app 1.0-1']]);
    expect(first.data.cache_updated).to.be.a('boolean');
    expect(first.data.cache_update_time).to.be.a('number').above(0);
    expect(first.data.stdout).to.contain('The following NEW packages will be installed:');
    expect(first.data.stderr).to.be.a('string');
    expect([dpkg('rbapt-app'), dpkg('rbapt-lib')]).to.deep.equal([
      'install ok installed 1.0-1',
      'install ok installed 1.0-1',
    ]);
    expect(manual()).to.deep.equal(['rbapt-app']);
    const again = await task('{ name: rbapt-app=1.0-1 }');
    expect([again.status, again.changes, again.data.cache_updated]).to.deep.equal(['ok', [], false]);
  });

  it('an installed automatic package named in a task ends marked manual, with no change reported (as Ansible)', async () => {
    await task('{ name: rbapt-app }');
    expect(manual()).to.deep.equal(['rbapt-app']);
    // ansible-playbook 2.14: `apt: name=rbapt-lib` here was "ok" and apt-mark showmanual then listed rbapt-lib.
    const r = await task('{ name: rbapt-lib }');
    expect([r.status, r.changes]).to.deep.equal(['ok', []]);
    expect(manual()).to.deep.equal(['rbapt-app', 'rbapt-lib']);
    // --check marks nothing.
    onHost(host(), 'apt-mark auto rbapt-lib >/dev/null');
    expect((await task('{ name: rbapt-lib }', { check: true })).status).to.equal('ok');
    expect(manual()).to.deep.equal(['rbapt-app']);
  });

  it('--check and --diff report the install, upgrade or removal and change nothing on the host', async () => {
    const hostState = () => [treeDigest(host(), '/var/lib/dpkg'), treeDigest(host(), '/usr/share/runbook-test')];
    const before = hostState();
    const install = await task('{ name: [rbapt-app], update_cache: true }', { check: true, diff: true });
    expect([install.status, install.changes]).to.deep.equal(['changed', ['install rbapt-app 2.0-1']]);
    expect(install.data.cache_updated).to.equal(true);
    expect(install.diffs).to.deep.equal([
      { path: 'apt packages', before: 'rbapt-app (not installed)\n', after: 'rbapt-app 2.0-1\n' },
    ]);
    expect(hostState()).to.deep.equal(before);
    await task('{ name: rbapt-app=1.0-1 }');
    const installed = hostState();
    const upgrade = await task('{ name: rbapt-app, state: latest }', { check: true, diff: true });
    expect([upgrade.status, upgrade.changes]).to.deep.equal(['changed', ['install rbapt-app 2.0-1 (was 1.0-1)']]);
    expect(upgrade.diffs[0]).to.deep.include({ before: 'rbapt-app 1.0-1\n', after: 'rbapt-app 2.0-1\n' });
    const remove = await task('{ name: rbapt-app, state: absent }', { check: true });
    expect([remove.status, remove.changes]).to.deep.equal(['changed', ['remove rbapt-app 1.0-1']]);
    expect(hostState()).to.deep.equal(installed);
  });

  it("latest upgrades; a lower version fails without allow_downgrade (apt-get's words), moves with it; a pattern matches", async () => {
    await task('{ name: rbapt-app=1.0-1 }');
    const up = await task('{ name: rbapt-app, state: latest }');
    expect([up.status, dpkg('rbapt-app')]).to.deep.equal(['changed', 'install ok installed 2.0-1']);
    expect((await task('{ name: rbapt-app, state: latest }')).status).to.equal('ok');
    // ansible-playbook 2.14 failed the same way: rc 100, msg "'/usr/bin/apt-get -y … install 'rbapt-app=1.0-1'' failed: E: Packages were downgraded …".
    const refused = await task('{ name: rbapt-app=1.0-1 }');
    expect([refused.status, refused.data.rc]).to.deep.equal(['failed', 100]);
    expect(refused.msg).to.match(
      /^'.*apt-get .* install .*rbapt-app.*1\.0-1' failed: E: Packages were downgraded and -y was used without --allow-downgrades\./,
    );
    const down = await task('{ name: "rbapt-app=1.0*", allow_downgrade: true }');
    expect([down.status, down.changes, dpkg('rbapt-app')]).to.deep.equal([
      'changed',
      ['install rbapt-app 1.0-1 (was 2.0-1)'],
      'install ok installed 1.0-1',
    ]);
    expect((await task('{ name: "rbapt-app=1.0*", allow_downgrade: true }')).status).to.equal('ok');
  });

  it("absent removes (purge: config too), then is ok; unknown packages and versions fail with Ansible's messages", async () => {
    await task('{ name: "rbapt-app,rbapt-lib" }');
    const gone = await task('{ name: [rbapt-app, rbapt-lib], state: absent, purge: true }');
    expect([gone.status, gone.changes]).to.deep.equal(['changed', ['purge rbapt-app 2.0-1', 'purge rbapt-lib 1.0-1']]);
    expect([dpkg('rbapt-app'), dpkg('rbapt-lib')]).to.deep.equal(['', '']);
    expect((await task('{ name: [rbapt-app, rbapt-lib], state: absent, purge: true }')).status).to.equal('ok');
    const none = await task('{ name: rbapt-nosuch }');
    expect([none.status, none.msg]).to.deep.equal(['failed', "No package matching 'rbapt-nosuch' is available"]);
    const version = await task('{ name: rbapt-app=9.9 }');
    expect([version.status, version.msg]).to.deep.equal([
      'failed',
      'no available installation candidate for rbapt-app=9.9',
    ]);
    expect(dpkg('rbapt-app')).to.equal('');
  });

  it('cache_valid_time skips a fresh cache; update_cache alone is changed only when the lists moved', async () => {
    const fresh = await task('{ cache_valid_time: 86400 }');
    expect([fresh.status, fresh.data.cache_updated]).to.deep.equal(['ok', false]);
    const checked = await task('{ update_cache: true }', { check: true });
    expect([checked.status, checked.data.cache_updated]).to.deep.equal(['changed', true]);
    const r = await task('{ update_cache: true }');
    expect(r.status).to.equal(r.data.cache_updated ? 'changed' : 'ok');
    expect(r.data.cache_update_time).to.be.a('number').above(0);
  });
});
