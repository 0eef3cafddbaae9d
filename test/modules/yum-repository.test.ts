import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// yum_repository's file work on a lab host, in a reposdir of its own (the lab
// hosts are Debian): the file ansible-playbook 2.14 wrote for the same task
// (test/ansible-corpus/yum-repository, run under both engines).
describe('yum_repository module', function () {
  this.timeout(60_000);
  const host = () => hostNames()[0]!;
  const DIR = '/tmp/rbtest-yum.repos.d';
  const task = async (args: object, opts: RunOpts = {}) =>
    (
      await runYaml(
        `- hosts: ${host()}\n  tasks:\n    - name: y\n      yum_repository: ${JSON.stringify({ reposdir: DIR, ...args })}\n`,
        opts,
      )
    )
      .task('y')
      .get(host())!;
  const repo = {
    name: 'docker-ce',
    description: 'Docker CE Stable',
    baseurl: 'https://download.docker.com/linux/centos/$releasever/$basearch/stable',
    gpgcheck: true,
    gpgkey: 'https://download.docker.com/linux/centos/gpg',
    enabled: true,
  };
  const text =
    '[docker-ce]\nbaseurl = https://download.docker.com/linux/centos/$releasever/$basearch/stable\nenabled = ' +
    '1\ngpgcheck = 1\ngpgkey = https://download.docker.com/linux/centos/gpg\nname = Docker CE ' +
    'Stable\n\n';

  beforeEach(() => onHost(host(), `rm -rf ${DIR} && mkdir -p ${DIR}`));
  after(() => onHost(host(), `rm -rf ${DIR}`));

  it('writes the section (changed), then ok; --check and --diff write nothing; mode given; absent removes the emptied file', async () => {
    const before = treeDigest(host(), DIR);
    const checked = await task(repo, { check: true, diff: true });
    expect([checked.status, checked.changes]).to.deep.equal([
      'changed',
      [`write ${DIR}/docker-ce.repo (${text.length} bytes)`],
    ]);
    expect(checked.diffs[0]!.after).to.equal(text);
    expect(treeDigest(host(), DIR)).to.equal(before);
    const first = await task(repo);
    expect([first.status, first.data]).to.deep.equal(['changed', { repo: 'docker-ce', state: 'present' }]);
    expect([hostFile(host(), `${DIR}/docker-ce.repo`), hostStat(host(), `${DIR}/docker-ce.repo`)]).to.deep.equal([
      text,
      '644 regular file',
    ]);
    expect((await task(repo)).status).to.equal('ok');
    expect((await task({ ...repo, mode: '0600' })).changes).to.deep.equal([
      `chmod 0600 ${DIR}/docker-ce.repo (was 0644)`,
    ]);
    const gone = await task({ name: 'docker-ce', state: 'absent' });
    expect([gone.status, gone.changes]).to.deep.equal([
      'changed',
      [`remove ${DIR}/docker-ce.repo (no repository left)`],
    ]);
    expect(hostFile(host(), `${DIR}/docker-ce.repo`)).to.equal(null);
    expect((await task({ name: 'docker-ce', state: 'absent' })).status).to.equal('ok');
  });

  it("a repository without baseurl or description fails with Ansible's message; a missing reposdir is named", async () => {
    expect((await task({ name: 'x', description: 'X' })).msg).to.equal(
      "Parameter 'baseurl', 'metalink' or 'mirrorlist' is required.",
    );
    expect((await task({ name: 'x', baseurl: 'http://x/' })).msg).to.equal("Parameter 'description' is required.");
    expect((await task({ name: 'x', description: 'X', baseurl: 'http://x/', reposdir: '/nonexistent' })).msg).to.equal(
      "Repo directory '/nonexistent' does not exist.",
    );
  });
});
