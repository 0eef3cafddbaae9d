import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// apt's install_recommends and force with the real apt and dpkg of a lab host, on two flat
// file: repositories built on the host: a trusted one (rbopt-top Recommends rbopt-extra;
// rbopt-app 1.0 and 2.0) and one apt cannot authenticate ([allow-insecure=yes], no Release:
// rbopt-unsigned). The host's own sources are put aside. ansible-playbook 2.14 on the same
// input (the corpus case apt-force-recommends, both engines): install_recommends false left
// rbopt-extra out, true brought it in; force (apt-get --force-yes) moved rbopt-app down and
// installed rbopt-unsigned, which without force failed "E: There were unauthenticated
// packages and -y was used without --allow-unauthenticated"; each again ok.
describe('apt module: install_recommends and force', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const REPO = '/srv/rbopt';
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      apt: ${args}\n`, opts)).task('p').get(host())!;
  const installed = () =>
    onHost(host(), "dpkg-query -W -f='${Package}=${Version}=${db:Status-Status}\\n' 'rbopt-*' 2>/dev/null; true")
      .split('\n')
      .filter((l) => l.endsWith('=installed'))
      .map((l) => l.replace(/=installed$/, ''))
      .sort();
  const purge = () =>
    onHost(host(), 'dpkg --purge rbopt-top rbopt-extra rbopt-app rbopt-unsigned >/dev/null 2>&1; true');

  before(() => {
    useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]);
    const debs = [
      'trusted rbopt-extra 1.0 -',
      'trusted rbopt-top 1.0 rbopt-extra',
      'trusted rbopt-app 1.0 -',
      'trusted rbopt-app 2.0 -',
      'insecure rbopt-unsigned 1.0 -',
    ];
    onHost(
      host(),
      `set -e; rm -rf ${REPO}; for p in ${debs.map((d) => `"${d}"`).join(' ')}; do set -- $p; ` +
        `mkdir -p ${REPO}/$1 ${REPO}/b/$2_$3/DEBIAN; { echo "Package: $2"; echo "Version: $3"; echo "Architecture: all"; ` +
        `echo "Maintainer: t <t@runbook.invalid>"; [ "$4" = - ] || echo "Recommends: $4"; echo "Description: t"; } ` +
        `> ${REPO}/b/$2_$3/DEBIAN/control; dpkg-deb --root-owner-group --build ${REPO}/b/$2_$3 ${REPO}/$1/$2_$3_all.deb >/dev/null; done; ` +
        `for r in trusted insecure; do cd ${REPO}/$r; for d in *.deb; do dpkg-deb -f $d; ` +
        `printf 'Filename: ./%s\\nSize: %s\\nSHA256: %s\\n\\n' $d $(stat -c %s $d) $(sha256sum $d | cut -d' ' -f1); done > Packages; done; ` +
        `printf 'deb [trusted=yes] file:${REPO}/trusted ./\\ndeb [allow-insecure=yes] file:${REPO}/insecure ./\\n' ` +
        '> /etc/apt/sources.list.d/rbopt.list; apt-get -q update >/dev/null 2>&1',
    );
  });
  beforeEach(purge);
  after(() => {
    purge();
    onHost(host(), `rm -rf ${REPO} /etc/apt/sources.list.d/rbopt.list`);
    restoreApt(host(), ['rbtest-base']);
  });

  it('install_recommends false: --check --diff installs nothing; apply leaves the recommended package out; again ok', async () => {
    const checked = await task('{ name: rbopt-top, install_recommends: false }', { check: true, diff: true });
    expect([checked.status, checked.changes, checked.diffs, installed()]).to.deep.equal([
      'changed',
      ['install rbopt-top 1.0'],
      [{ path: 'apt packages', before: 'rbopt-top (not installed)\n', after: 'rbopt-top 1.0\n' }],
      [],
    ]);
    const first = await task('{ name: rbopt-top, install_recommends: false }', { diff: true });
    expect([first.status, first.diffs.length, installed()]).to.deep.equal(['changed', 1, ['rbopt-top=1.0']]);
    const again = await task('{ name: rbopt-top, install_recommends: false }', { diff: true });
    expect([again.status, again.changes, again.diffs, installed()]).to.deep.equal(['ok', [], [], ['rbopt-top=1.0']]);
  });

  it("install_recommends true (and apt's own default) brings the recommended package in; again ok", async () => {
    const first = await task('{ name: rbopt-top, install-recommends: true }');
    expect([first.status, first.changes, installed()]).to.deep.equal([
      'changed',
      ['install rbopt-top 1.0'],
      ['rbopt-extra=1.0', 'rbopt-top=1.0'],
    ]);
    expect((await task('{ name: rbopt-top, install_recommends: true }')).status).to.equal('ok');
    purge();
    expect([(await task('{ name: rbopt-top }')).status, installed()]).to.deep.equal([
      'changed',
      ['rbopt-extra=1.0', 'rbopt-top=1.0'],
    ]);
  });

  it('force moves a pin down: --check --diff changes nothing, apply downgrades, again ok', async () => {
    await task('{ name: rbopt-app=2.0 }');
    const checked = await task('{ name: rbopt-app=1.0, force: true }', { check: true, diff: true });
    expect([checked.status, checked.changes, checked.diffs, installed()]).to.deep.equal([
      'changed',
      ['install rbopt-app 1.0 (was 2.0)'],
      [{ path: 'apt packages', before: 'rbopt-app 2.0\n', after: 'rbopt-app 1.0\n' }],
      ['rbopt-app=2.0'],
    ]);
    const down = await task('{ name: rbopt-app=1.0, force: true }', { diff: true });
    expect([down.status, installed()]).to.deep.equal(['changed', ['rbopt-app=1.0']]);
    // apt 2.6 still takes --force-yes, and says it is deprecated (Ansible passes it all the same).
    expect(down.data.stderr).to.contain('--force-yes is deprecated');
    const again = await task('{ name: rbopt-app=1.0, force: true }', { diff: true });
    expect([again.status, again.diffs]).to.deep.equal(['ok', []]);
  });

  it('force installs a package apt cannot authenticate, which fails without it; --check installs nothing; again ok', async () => {
    const refused = await task('{ name: rbopt-unsigned }');
    expect([refused.status, refused.data.rc, installed()]).to.deep.equal(['failed', 100, []]);
    expect(refused.msg).to.match(
      /failed: .*E: There were unauthenticated packages and -y was used without --allow-unauthenticated/s,
    );
    const checked = await task('{ name: rbopt-unsigned, force: true }', { check: true });
    expect([checked.status, checked.changes, installed()]).to.deep.equal([
      'changed',
      ['install rbopt-unsigned 1.0'],
      [],
    ]);
    expect([(await task('{ name: rbopt-unsigned, force: true }')).status, installed()]).to.deep.equal([
      'changed',
      ['rbopt-unsigned=1.0'],
    ]);
    expect((await task('{ name: rbopt-unsigned, force: true }')).status).to.equal('ok');
  });

  it('force reaches apt-get on removal too, as Ansible passes --force-yes there; again ok', async () => {
    await task('{ name: rbopt-app=1.0 }');
    const gone = await task('{ name: rbopt-app, state: absent, force: true }');
    expect([gone.status, gone.changes, installed()]).to.deep.equal(['changed', ['remove rbopt-app 1.0'], []]);
    expect(gone.data.stderr).to.contain('--force-yes is deprecated');
    expect((await task('{ name: rbopt-app, state: absent, force: true }')).status).to.equal('ok');
  });
});
