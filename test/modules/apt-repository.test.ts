import { expect } from 'chai';
import { formatError } from '../../src/errors.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { startAptRepo, type AptHttpRepo } from '../support/apt-repo.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// apt_repository on a lab host: a one-line source for the lab HTTP repository
// (test/support/apt-repo.ts), written where Ansible writes it, then used by apt.
// ansible-playbook 2.14 on a lab host, same input: the file was
// /etc/apt/sources.list.d/127_0_0_1_<port>.list holding the normalised line; the
// same source already present in another file was ok; absent deleted the file
// it emptied; `filename: myrepo` wrote myrepo.list.
describe('apt_repository module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const DIR = '/etc/apt/sources.list.d';
  let repo: AptHttpRepo;
  let line: string;
  let file: string;
  const run = async (module: string, args: object, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: r\n      ${module}: ${JSON.stringify(args)}\n`, opts))
      .task('r')
      .get(host())!;
  const task = (args: object, opts: RunOpts = {}) => run('apt_repository', args, opts);

  before(async () => {
    useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]);
    repo = await startAptRepo([{ name: 'rbrepo-tool', version: '1.0-1' }]);
    line = `deb [trusted=yes] ${repo.url} ./`;
    file = `${DIR}/127_0_0_1_${repo.server.port}.list`;
  });
  beforeEach(() =>
    onHost(
      host(),
      `rm -f ${DIR}/127_0_0_1_* ${DIR}/myrepo.list ${DIR}/other.list; dpkg --purge rbrepo-tool >/dev/null 2>&1; true`,
    ),
  );
  after(async () => {
    onHost(
      host(),
      `rm -f ${DIR}/127_0_0_1_* ${DIR}/myrepo.list ${DIR}/other.list; dpkg --purge rbrepo-tool >/dev/null 2>&1; true`,
    );
    restoreApt(host(), ['rbtest-base']);
    await repo.close();
  });

  it('adds the source in a file named after its URI, updates the cache so apt can install from it; then ok; --check and --diff write nothing', async () => {
    const before = treeDigest(host(), '/etc/apt');
    const checked = await task({ repo: `deb  [trusted=yes]   ${repo.url} ./` }, { check: true, diff: true });
    expect([checked.status, checked.changes]).to.deep.equal([
      'changed',
      [`write ${file} (${line.length + 1} bytes)`, 'update the apt cache'],
    ]);
    expect(checked.diffs).to.deep.equal([{ path: file, before: '', after: `${line}\n` }]);
    expect(treeDigest(host(), '/etc/apt')).to.equal(before);
    const first = await task({ repo: `deb  [trusted=yes]   ${repo.url} ./` });
    expect([first.status, first.data]).to.deep.equal([
      'changed',
      { repo: `deb  [trusted=yes]   ${repo.url} ./`, state: 'present' },
    ]);
    expect(hostFile(host(), file)).to.equal(`${line}\n`);
    expect(hostStat(host(), file)).to.equal('644 regular file');
    const install = await run('apt', { name: 'rbrepo-tool' });
    expect(install.status, install.msg).to.equal('changed');
    expect((await task({ repo: line })).status).to.equal('ok');
  });

  it('a source already in another file is ok; a disabled copy is enabled in place; filename and mode name a new file', async () => {
    onHost(host(), `printf '%s\\n' '# a comment' '${line}' > ${DIR}/other.list`);
    const present = await task({ repo: line, update_cache: false });
    expect([present.status, present.changes]).to.deep.equal(['ok', []]);
    onHost(host(), `printf '%s\\n' '# a comment' '# ${line}' > ${DIR}/other.list`);
    const enabled = await task({ repo: line, update_cache: false }, { diff: true });
    expect([enabled.status, enabled.diffs[0]?.after]).to.deep.equal(['changed', `# a comment\n${line}\n`]);
    expect(hostFile(host(), `${DIR}/other.list`)).to.equal(`# a comment\n${line}\n`);
    const named = await task({
      repo: 'deb http://127.0.0.1:1/x stable main',
      filename: 'myrepo',
      mode: '0600',
      update_cache: false,
    });
    expect(named.status).to.equal('changed');
    expect([hostFile(host(), `${DIR}/myrepo.list`), hostStat(host(), `${DIR}/myrepo.list`)]).to.deep.equal([
      'deb http://127.0.0.1:1/x stable main\n',
      '600 regular file',
    ]);
  });

  it('absent removes the line everywhere and deletes a file it leaves empty; then ok', async () => {
    onHost(host(), `printf '%s\\n' '# keep me' '${line}' > ${DIR}/other.list && echo '${line}' > ${file}`);
    const gone = await task({ repo: line, state: 'absent', update_cache: false });
    expect([gone.status, gone.changes]).to.deep.equal([
      'changed',
      [`remove ${file} (no source left)`, `write ${DIR}/other.list (10 bytes)`],
    ]);
    expect(hostFile(host(), `${DIR}/other.list`)).to.equal('# keep me\n');
    expect(onHost(host(), `test -e ${file} && echo present || echo gone`).trim()).to.equal('gone');
    expect((await task({ repo: line, state: 'absent', update_cache: false })).status).to.equal('ok');
  });

  it('a line that is not a source is refused naming it', async () => {
    const err = await task({ repo: 'http://example.invalid stable main' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(formatError(err as never))
      .to.match(/playbook\.yaml:4/)
      .and.match(/repo/)
      .and.match(/deb \[options\] URI SUITE/);
  });
});
