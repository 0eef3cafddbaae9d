import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { startAptRepo, type AptHttpRepo } from '../support/apt-repo.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// apt_key with the real apt-key and gpg of a lab host: the key of a signed lab
// repository (test/support/apt-repo.ts), fetched by the host from its URL, given
// inline or as a file; removed by id. Each into its own keyring file, so the
// host's /etc/apt/trusted.gpg.d is never touched.
describe('apt_key module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const KEYRING = '/etc/apt/rbtest-keyring.gpg';
  let repo: AptHttpRepo;
  const task = async (args: object, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: k\n      apt_key: ${JSON.stringify(args)}\n`, opts))
      .task('k')
      .get(host())!;
  const keysIn = () =>
    onHost(
      host(),
      `test -e ${KEYRING} && gpg --no-default-keyring --keyring ${KEYRING} --with-colons --list-keys 2>/dev/null | grep ^fpr | cut -d: -f10; true`,
    ).trim();

  before(async () => {
    repo = await startAptRepo([{ name: 'rbkey-x', version: '1.0-1' }], { signed: true });
  });
  beforeEach(() => onHost(host(), `rm -f ${KEYRING} ${KEYRING}~ /tmp/rbtest-key.asc`));
  after(async () => {
    onHost(host(), `rm -f ${KEYRING} ${KEYRING}~ /tmp/rbtest-key.asc`);
    await repo.close();
  });

  it('adds a key from a URL (changed, fp/id/short_id as Ansible), then is ok; --check writes nothing', async () => {
    const fp = repo.key!.fingerprint;
    const args = { url: `${repo.url}key.asc`, keyring: KEYRING };
    const dir = treeDigest(host(), '/etc/apt');
    const checked = await task(args, { check: true, diff: true });
    expect([checked.status, checked.changes]).to.deep.equal(['changed', [`add apt key ${fp} from ${repo.url}key.asc`]]);
    expect(checked.diffs[0]!.after).to.contain(fp);
    expect(treeDigest(host(), '/etc/apt')).to.equal(dir);
    const first = await task(args);
    expect(first.status).to.equal('changed');
    // ansible-playbook 2.14, same task: fp, id and key_id the long id (16 hex digits), before/after lists of long ids.
    expect(first.data).to.deep.include({
      fp: fp.slice(-16),
      id: fp.slice(-16),
      key_id: fp.slice(-16),
      short_id: fp.slice(-8),
      before: [],
    });
    expect(first.data.after).to.deep.equal([fp.slice(-16)]);
    expect(keysIn()).to.equal(fp);
    const again = await task(args);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
    // With the id, a present key is not even fetched.
    const hits = repo.server.hits('/key.asc');
    expect((await task({ id: fp.slice(-8), url: `${repo.url}key.asc`, keyring: KEYRING })).status).to.equal('ok');
    expect(repo.server.hits('/key.asc')).to.equal(hits);
  });

  it('data and file give the same key; absent removes it by id, then is ok', async () => {
    const fp = repo.key!.fingerprint;
    expect((await task({ data: repo.key!.armored, keyring: KEYRING })).status).to.equal('changed');
    expect(keysIn()).to.equal(fp);
    onHost(host(), `cat > /tmp/rbtest-key.asc <<'EOF'\n${repo.key!.armored}EOF`);
    expect((await task({ file: '/tmp/rbtest-key.asc', keyring: KEYRING })).status).to.equal('ok');
    const gone = await task({ id: fp.slice(-16), state: 'absent', keyring: KEYRING });
    expect([gone.status, gone.changes]).to.deep.equal(['changed', [`remove apt key ${fp.slice(-16)}`]]);
    expect(gone.data).to.deep.include({
      id: fp.slice(-16),
      fp: fp.slice(-16),
      short_id: fp.slice(-8),
      before: [fp.slice(-16)],
      after: [],
    });
    expect(keysIn()).to.equal('');
    expect((await task({ id: fp.slice(-16), state: 'absent', keyring: KEYRING })).status).to.equal('ok');
  });

  it('a key URL that fails names it; an id that is not the key given: the key is added, then the task fails as Ansible', async () => {
    const missing = await task({ url: `${repo.url}nosuch.asc`, keyring: KEYRING });
    expect(missing.status).to.equal('failed');
    expect(missing.msg, missing.msg).to.match(/^Failed to download key at http:.*nosuch\.asc: .*404/);
    expect(keysIn()).to.equal('');
    // geerlingguy.containerd 1.3.1 gives Docker's id with its own key URL. ansible-playbook 2.14
    // (apt_key.py main) adds what it fetched, lists the keys again and fails: the key stays.
    const args = { id: 'DEADBEEF', url: `${repo.url}key.asc`, keyring: KEYRING };
    const checked = await task(args, { check: true });
    expect([checked.status, keysIn()]).to.deep.equal(['changed', '']);
    const wrong = await task(args);
    expect([wrong.status, wrong.msg]).to.deep.equal([
      'failed',
      'apt-key did not return an error, but failed to add the key (check that the id is correct and *not* a subkey)',
    ]);
    expect(wrong.data).to.deep.include({
      id: 'DEADBEEF',
      short_id: 'DEADBEEF',
      after: [repo.key!.fingerprint.slice(-16)],
    });
    expect(keysIn()).to.equal(repo.key!.fingerprint);
    // Fetched again on the next run, and failing again: Ansible's second run does the same.
    expect((await task(args)).status).to.equal('failed');
  });

  it('reading a key leaves no ~/.gnupg behind on the host', async () => {
    onHost(host(), 'rm -rf /root/.gnupg');
    expect((await task({ data: repo.key!.armored, keyring: KEYRING })).status).to.equal('changed');
    expect(onHost(host(), 'test -e /root/.gnupg && echo left || echo none').trim()).to.equal('none');
  });
});
