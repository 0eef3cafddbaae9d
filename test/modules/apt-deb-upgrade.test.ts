import { expect } from 'chai';
import { APT_REPO, restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';
import { onHost } from '../support/host-shell.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// apt's `upgrade` and `deb` on a lab host whose only apt source is a local
// repository (test/lab/sim/packages.ts; the first task updates the lists, so
// Debian's own lists are gone before anything upgrades). As ansible-core 2.14
// without aptitude: upgrade yes/safe is `apt-get upgrade --with-new-pkgs`,
// full/dist `apt-get dist-upgrade`, changed when apt-get's summary says so, msg and
// stdout apt-get's output; deb installs the file unless dpkg has that version.
describe('apt module: upgrade and deb', function () {
  this.timeout(180_000);
  const host = () => hostNames()[2]!;
  const names = ['rbtest-base', 'rbtest-other'];
  let server: TestServer;
  const task = async (args: object, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: a\n      apt: ${JSON.stringify(args)}\n`, opts))
      .task('a')
      .get(host())!;
  const version = (n: string) => onHost(host(), `dpkg-query -W -f='\${Version}' ${n} 2>/dev/null; true`);

  before(async () => {
    useLocalAptRepo(host(), [
      { name: 'rbtest-base', version: '1.0-1' },
      { name: 'rbtest-base', version: '2.0-1' },
      { name: 'rbtest-other', version: '1.0-1' },
    ]);
    const deb = Buffer.from(onHost(host(), `base64 -w0 ${APT_REPO}/rbtest-other_1.0-1_all.deb`), 'base64');
    server = await startHttpServer({ '/rbtest-other_1.0-1_all.deb': deb });
  });
  after(async () => {
    restoreApt(host(), names);
    await server.close();
  });

  it('upgrade: dist under --check says what moves and changes nothing; then upgrades; again ok', async () => {
    const pin = await task({ name: 'rbtest-base=1.0-1', update_cache: true });
    expect([pin.status, version('rbtest-base')]).to.deep.equal(['changed', '1.0-1']);
    const check = await task({ upgrade: 'dist' }, { check: true });
    expect([check.status, check.changes, version('rbtest-base')]).to.deep.equal([
      'changed',
      ['apt-get dist-upgrade: rbtest-base 1.0-1 → 2.0-1'],
      '1.0-1',
    ]);
    const up = await task({ upgrade: 'dist' });
    expect([up.status, version('rbtest-base')]).to.deep.equal(['changed', '2.0-1']);
    expect(up.data.msg).to.match(/1 upgraded, 0 newly installed, 0 to remove/);
    expect(up.data.stdout).to.equal(up.data.msg);
    const again = await task({ upgrade: 'yes' });
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
    expect(again.data.msg).to.match(/0 upgraded, 0 newly installed, 0 to remove/);
  });

  it('deb: a file on the host installs, again ok; --check changes nothing; a URL is fetched on the host (once), its temp file removed', async () => {
    const file = `${APT_REPO}/rbtest-other_1.0-1_all.deb`;
    const check = await task({ deb: file }, { check: true, diff: true });
    expect([check.status, check.changes, version('rbtest-other')]).to.deep.equal([
      'changed',
      [`install rbtest-other 1.0-1 from ${file}`],
      '',
    ]);
    const first = await task({ deb: file });
    expect([first.status, version('rbtest-other')]).to.deep.equal(['changed', '1.0-1']);
    expect((await task({ deb: file })).status).to.equal('ok');
    onHost(host(), 'dpkg --purge rbtest-other >/dev/null');
    const url = server.url('/rbtest-other_1.0-1_all.deb');
    const fetched = await task({ deb: url });
    expect([fetched.status, version('rbtest-other'), server.hits('/rbtest-other_1.0-1_all.deb')]).to.deep.equal([
      'changed',
      '1.0-1',
      1,
    ]);
    expect(onHost(host(), 'ls /tmp | grep -c runbook-deb; true').trim()).to.equal('0');
    const missing = await task({ deb: '/nonexistent/x.deb' });
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.match(/^Unable to install package: /);
  });
});
