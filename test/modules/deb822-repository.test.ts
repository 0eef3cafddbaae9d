import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { startAptRepo, type AptHttpRepo } from '../support/apt-repo.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// deb822_repository on a lab host, for a signed lab repository
// (test/support/apt-repo.ts): the .sources file and the key fetched from its URL
// into /etc/apt/keyrings, as ansible-core 2.15's deb822_repository writes them
// (2.14, the ansible-playbook on this machine, has no such module); then apt
// installs from it, checking the signature with that key.
describe('deb822_repository module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const SOURCES = '/etc/apt/sources.list.d/rb-lab-repo.sources';
  const KEY = '/etc/apt/keyrings/rb-lab-repo.asc';
  let repo: AptHttpRepo;
  const run = async (module: string, args: object, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: r\n      ${module}: ${JSON.stringify(args)}\n`, opts))
      .task('r')
      .get(host())!;
  const args = () => ({ name: 'RB lab_repo', uris: repo.url, suites: './', signed_by: `${repo.url}key.asc` });
  const clean = () => onHost(host(), `rm -f ${SOURCES} ${KEY}; dpkg --purge rbsigned-tool >/dev/null 2>&1; true`);

  before(async () => {
    useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]);
    repo = await startAptRepo([{ name: 'rbsigned-tool', version: '1.0-1' }], { signed: true });
  });
  beforeEach(clean);
  after(async () => {
    clean();
    restoreApt(host(), ['rbtest-base']);
    await repo.close();
  });

  it('writes the .sources file and the fetched key; apt installs from the signed repository; re-run ok; --check writes nothing', async () => {
    const before = treeDigest(host(), '/etc/apt');
    const checked = await run('deb822_repository', args(), { check: true, diff: true });
    expect(checked.status).to.equal('changed');
    expect(checked.changes).to.deep.equal([
      `write ${KEY} (${repo.key!.armored.length} bytes)`,
      `write ${SOURCES} (${String(checked.data.repo).length} bytes)`,
    ]);
    expect(treeDigest(host(), '/etc/apt')).to.equal(before);
    const first = await run('deb822_repository', args());
    const text = `Signed-By: ${KEY}\nSuites: ./\nTypes: deb\nURIs: ${repo.url}\n`;
    expect(first.status).to.equal('changed');
    expect(first.data).to.deep.equal({
      repo: `X-Repolib-Name: RB lab_repo\n${text}`,
      dest: SOURCES,
      key_filename: KEY,
    });
    expect(hostFile(host(), SOURCES)).to.equal(`X-Repolib-Name: RB lab_repo\n${text}`);
    expect(hostFile(host(), KEY)).to.equal(repo.key!.armored);
    expect([hostStat(host(), SOURCES), hostStat(host(), KEY)]).to.deep.equal(['644 regular file', '644 regular file']);
    const install = await run('apt', { name: 'rbsigned-tool', update_cache: true });
    expect(install.status, install.msg).to.equal('changed');
    const again = await run('deb822_repository', args());
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('fields as Ansible names and orders them: lists, booleans yes/no, an inline key indented; absent removes file and key', async () => {
    const inline = await run('deb822_repository', {
      name: 'rb-lab-repo',
      types: ['deb', 'deb-src'],
      uris: [repo.url],
      suites: ['lab'],
      components: ['main', 'extra'],
      architectures: 'amd64',
      enabled: false,
      trusted: true,
      signed_by: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nabc\n-----END PGP PUBLIC KEY BLOCK-----',
    });
    expect(inline.status).to.equal('changed');
    expect(hostFile(host(), SOURCES)).to.equal(
      'Architectures: amd64\nComponents: main extra\nEnabled: no\nX-Repolib-Name: rb-lab-repo\n' +
        'Signed-By:\n    -----BEGIN PGP PUBLIC KEY BLOCK-----\n    .\n    abc\n    -----END PGP PUBLIC KEY BLOCK-----\n' +
        `Suites: lab\nTrusted: yes\nTypes: deb deb-src\nURIs: ${repo.url}\n`,
    );
    await run('deb822_repository', args());
    const gone = await run('deb822_repository', { name: 'RB lab_repo', state: 'absent' });
    expect([gone.status, gone.changes]).to.deep.equal(['changed', [`remove ${SOURCES}`, `remove ${KEY}`]]);
    expect(onHost(host(), `ls ${SOURCES} ${KEY} 2>&1; true`)).to.contain('No such file');
    expect((await run('deb822_repository', { name: 'RB lab_repo', state: 'absent' })).status).to.equal('ok');
  });
});
