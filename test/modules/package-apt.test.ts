import { expect } from 'chai';
import { formatError } from '../../src/errors.js';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// The package module with the real apt and dpkg of a lab host (Debian), against a
// local repository of tiny .debs built on that host (file:, no network): apply
// (changed, checked with dpkg-query over the OpenSSH client), apply again (ok),
// --check (dpkg's and apt's state untouched), pins, latest, absent, failures.
describe('package module with apt', () => {
  const host = () => hostNames()[0]!;
  const HELLO = 'rbtest-hello';
  const EXTRA = 'rbtest-extra';
  const BROKEN = 'rbtest-broken';
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: p\n      package: ${args}\n`, opts))
      .task('p')
      .get(host())!;
  /** dpkg's own word: "install ok installed 2.0-1", or "" when dpkg does not know the package. */
  const dpkg = (name: string) =>
    onHost(host(), `dpkg-query -W -f='\${Status} \${Version}' ${name} 2>/dev/null; true`).trim();
  const installAt = (version: string) =>
    onHost(
      host(),
      `DEBIAN_FRONTEND=noninteractive apt-get -y -q install --allow-downgrades ${HELLO}=${version} >/dev/null 2>&1`,
    );
  const hostState = () => [
    treeDigest(host(), '/var/lib/dpkg'),
    treeDigest(host(), '/var/lib/apt/lists'),
    treeDigest(host(), '/usr/share/runbook-test'),
  ];

  before(function () {
    this.timeout(120_000);
    useLocalAptRepo(host(), [
      { name: HELLO, version: '1.0-1' },
      { name: HELLO, version: '2.0-1' },
      { name: EXTRA, version: '1.0-1' },
      {
        name: BROKEN,
        version: '1.0-1',
        postinst: '#!/bin/sh\necho "rbtest-broken: cannot configure: /etc/rbtest.conf is missing" >&2\nexit 1\n',
      },
    ]);
    onHost(host(), 'apt-get -q update >/dev/null');
  });
  beforeEach(() => onHost(host(), `dpkg --purge ${HELLO} ${EXTRA} ${BROKEN} >/dev/null 2>&1; true`));
  after(() => restoreApt(host(), [HELLO, EXTRA, BROKEN]));

  it('present installs what apt would pick (update_cache too), then is ok with no change', async () => {
    const first = await task(`{ name: [${HELLO}, ${EXTRA}], update_cache: true }`);
    expect([first.status, first.msg]).to.deep.equal(['changed', undefined]);
    expect(first.changes).to.deep.equal([`install ${HELLO} 2.0-1`, `install ${EXTRA} 1.0-1`]);
    expect(first.data).to.deep.equal({
      manager: 'apt',
      cache_updated: true,
      installed: { [HELLO]: '2.0-1', [EXTRA]: '1.0-1' },
    });
    expect([dpkg(HELLO), dpkg(EXTRA)]).to.deep.equal(['install ok installed 2.0-1', 'install ok installed 1.0-1']);
    expect(onHost(host(), `cat /usr/share/runbook-test/${HELLO}`)).to.equal('2.0-1\n');
    const again = await task(`{ name: [${HELLO}, ${EXTRA}], update_cache: true }`);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('--check reports the install, upgrade or removal and changes nothing on the host', async () => {
    const before = hostState();
    const install = await task(`{ name: ${HELLO}, update_cache: true }`, { check: true });
    expect([install.status, install.changes]).to.deep.equal(['changed', [`install ${HELLO} 2.0-1`]]);
    expect(install.data.cache_updated).to.equal(false);
    expect(hostState()).to.deep.equal(before);
    expect(dpkg(HELLO)).to.equal('');

    installAt('1.0-1');
    const installed = hostState();
    const upgrade = await task(`{ name: ${HELLO}, state: latest }`, { check: true });
    expect([upgrade.status, upgrade.changes]).to.deep.equal(['changed', [`upgrade ${HELLO} 1.0-1 → 2.0-1`]]);
    const remove = await task(`{ name: ${HELLO}, state: absent }`, { check: true });
    expect([remove.status, remove.changes]).to.deep.equal(['changed', [`remove ${HELLO} 1.0-1`]]);
    expect(hostState()).to.deep.equal(installed);
    expect(dpkg(HELLO)).to.equal('install ok installed 1.0-1');
  });

  it('version pins: installs that version, then ok; another pin moves to it, down as well as up', async () => {
    const first = await task(`{ name: ${HELLO}, version: 1.0-1 }`);
    expect([first.status, first.changes]).to.deep.equal(['changed', [`install ${HELLO} 1.0-1`]]);
    expect(dpkg(HELLO)).to.equal('install ok installed 1.0-1');
    expect((await task(`{ name: ${HELLO}, version: 1.0-1 }`)).status).to.equal('ok');
    // Unpinned present leaves an installed older version alone.
    expect((await task(`{ name: ${HELLO} }`)).status).to.equal('ok');
    const up = await task(`{ name: ${HELLO}, version: 2.0-1 }`);
    expect(up.changes).to.deep.equal([`install ${HELLO} 2.0-1 (was 1.0-1)`]);
    const down = await task(`{ name: ${HELLO}, version: 1.0-1 }`);
    expect([down.status, down.changes]).to.deep.equal(['changed', [`install ${HELLO} 1.0-1 (was 2.0-1)`]]);
    expect(dpkg(HELLO)).to.equal('install ok installed 1.0-1');
  });

  it('allow_downgrade (which Ansible hands to apt, as geerlingguy.docker sets it) is accepted: installs, then ok', async () => {
    const first = await task(`{ name: [${HELLO}], state: present, allow_downgrade: true }`);
    expect([first.status, first.changes]).to.deep.equal(['changed', [`install ${HELLO} 2.0-1`]]);
    expect(dpkg(HELLO)).to.equal('install ok installed 2.0-1');
    const again = await task(`{ name: [${HELLO}], state: present, allow_downgrade: true }`);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('latest upgrades to the candidate, then is ok', async () => {
    installAt('1.0-1');
    const first = await task(`{ name: ${HELLO}, state: latest }`);
    expect([first.status, first.changes]).to.deep.equal(['changed', [`upgrade ${HELLO} 1.0-1 → 2.0-1`]]);
    expect(dpkg(HELLO)).to.equal('install ok installed 2.0-1');
    expect((await task(`{ name: ${HELLO}, state: latest }`)).status).to.equal('ok');
  });

  it('absent removes what is installed, then is ok; a package never installed is ok', async () => {
    installAt('2.0-1');
    const first = await task(`{ name: [${HELLO}, ${EXTRA}], state: absent }`);
    expect([first.status, first.changes]).to.deep.equal(['changed', [`remove ${HELLO} 2.0-1`]]);
    expect(dpkg(HELLO)).to.match(/^deinstall ok config-files|^$/);
    expect(onHost(host(), `test -e /usr/share/runbook-test/${HELLO} && echo present || echo gone`).trim()).to.equal(
      'gone',
    );
    expect((await task(`{ name: [${HELLO}, ${EXTRA}], state: absent }`)).status).to.equal('ok');
  });

  it('a package or version no repository offers fails naming it, and installs nothing', async () => {
    const missing = await task(`{ name: [${HELLO}, rbtest-nosuch] }`);
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.equal(`not available from the repositories of ${host()} (apt): rbtest-nosuch`);
    expect(dpkg(HELLO)).to.equal('');
    const version = await task(`{ name: ${HELLO}, version: 9.9-1 }`);
    expect(version.msg).to.equal(
      `not available from the repositories of ${host()} (apt): ${HELLO} version 9.9-1 (offered: 2.0-1, 1.0-1)`,
    );
  });

  it('when apt-get fails, the task fails quoting its last lines', async () => {
    const r = await task(`{ name: ${BROKEN} }`);
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(new RegExp(`^apt could not install ${BROKEN}=1\\.0-1 on ${host()} \\(exit code 100\\):\\n`));
    expect(r.msg).to.contain('rbtest-broken: cannot configure: /etc/rbtest.conf is missing');
    expect(r.msg).to.contain('E: Sub-process /usr/bin/dpkg returned an error code (1)');
  });

  it('hostile names and versions are refused before anything runs, at load and after rendering', async () => {
    const marker = '/tmp/rbtest-pwned';
    onHost(host(), `rm -f ${marker}`);
    for (const args of [
      `{ name: "${HELLO}; touch ${marker}" }`,
      `{ name: [${HELLO}, "$(touch ${marker})"] }`,
      `{ name: ${HELLO}, version: "1.0-1 && touch ${marker}" }`,
    ]) {
      const err = await task(args).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, args).to.be.an('error');
      expect(formatError(err as never), args).to.match(/playbook\.yaml:4/);
    }
    const rendered = await runYaml(
      `- hosts: ${host()}\n  vars:\n    evil: "x; touch ${marker}"\n  tasks:\n    - name: p\n      package: { name: [${HELLO}, "{{ evil }}"] }\n`,
    );
    const r = rendered.task('p').get(host())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(
      /^argument "name\.1" of package after rendering: must match pattern .*\(a package name such as containerd\.io: /,
    );
    expect(onHost(host(), `test -e ${marker} && echo pwned || echo clean`).trim()).to.equal('clean');
  });

  it('version pins one package with state present: anything else is a load error with a hint', async () => {
    for (const args of [
      `{ name: [${HELLO}, ${EXTRA}], version: 1.0-1 }`,
      `{ name: ${HELLO}, state: latest, version: 1.0-1 }`,
    ]) {
      const err = await task(args).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(formatError(err as never)).to.contain('version pins one package');
    }
  });
});
