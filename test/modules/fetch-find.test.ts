import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onHost } from '../support/host-shell.js';
import { hostNames, project, runFile } from '../support/run.js';

// fetch and find against a lab host: apply, re-apply (no change), --check, --diff.
// What ansible-playbook 2.14 does with the same arguments is in test/ansible-corpus/fetch-find.
describe('fetch and find modules', () => {
  const host = () => hostNames()[0]!;
  const run = async (dir: string, task: string, o: { check?: boolean; diff?: boolean } = {}) => {
    writeFileSync(join(dir, 'playbook.yaml'), `- hosts: ${host()}\n  tasks:\n    - name: t\n      ${task}\n`);
    return (await runFile(join(dir, 'playbook.yaml'), o)).task('t').get(host())!;
  };

  beforeEach(() =>
    onHost(
      host(),
      'rm -rf /srv/ff && mkdir -p /srv/ff/sub/deep && printf "port=1\\n" > /srv/ff/a.conf && printf x > ' +
        '/srv/ff/b.txt && printf "port=2\\n" > /srv/ff/sub/c.conf && printf h > /srv/ff/.h.conf && : ' +
        '> /srv/ff/sub/deep/d.conf',
    ),
  );

  it(
    'fetch: a relative dest is under the playbook directory, <host>/<path>; --check skips (as Ansible); ' +
      'a re-run is ok; a change on the host is fetched again with its diff',
    async () => {
      const dir = project({});
      const local = join(dir, 'got', host(), 'srv/ff/a.conf');
      const checked = await run(dir, 'fetch: { src: /srv/ff/a.conf, dest: got }', { check: true });
      expect(checked.status).to.equal('skipped');
      expect(checked.msg).to.equal('check mode not (yet) supported for this module');
      expect(existsSync(join(dir, 'got'))).to.equal(false);
      const first = await run(dir, 'fetch: { src: /srv/ff/a.conf, dest: got }');
      expect(first.status).to.equal('changed');
      const sha1 = createHash('sha1').update('port=1\n').digest('hex');
      const md5 = createHash('md5').update('port=1\n').digest('hex');
      expect(first.data).to.deep.include({
        dest: local,
        checksum: sha1,
        remote_checksum: sha1,
        md5sum: md5,
        remote_md5sum: null,
      });
      expect(readFileSync(local, 'utf8')).to.equal('port=1\n');
      expect((await run(dir, 'fetch: { src: /srv/ff/a.conf, dest: got }')).status).to.equal('ok');
      onHost(host(), 'printf "port=9\\n" > /srv/ff/a.conf');
      const again = await run(dir, 'fetch: { src: /srv/ff/a.conf, dest: got }', { diff: true });
      expect(again.status).to.equal('changed');
      expect(again.diffs[0]).to.deep.include({ path: local, before: 'port=1\n', after: 'port=9\n' });
      expect(readFileSync(local, 'utf8')).to.equal('port=9\n');
    },
  );

  it("fetch: flat with a trailing slash keeps the name; a missing file fails, or with fail_on_missing false is ok, with Ansible's words", async () => {
    const dir = project({});
    expect((await run(dir, 'fetch: { src: /srv/ff/b.txt, dest: flat/, flat: true }')).data).to.deep.include({
      dest: join(dir, 'flat/b.txt'),
    });
    expect(readFileSync(join(dir, 'flat/b.txt'), 'utf8')).to.equal('x');
    const missing = await run(dir, 'fetch: { src: /srv/ff/nope, dest: got }');
    expect([missing.status, missing.msg]).to.deep.equal([
      'failed',
      'the remote file does not exist, not transferring, ignored',
    ]);
    const ignored = await run(dir, 'fetch: { src: /srv/ff/nope, dest: got, fail_on_missing: false }');
    expect([ignored.status, ignored.msg]).to.deep.equal([
      'ok',
      'the remote file does not exist, not transferring, ignored',
    ]);
    expect((await run(dir, 'fetch: { src: /srv/ff/sub, dest: got }')).msg).to.equal(
      'remote file is a directory, fetch cannot work on directories',
    );
  });

  it('find: globs, recurse, hidden, excludes, contains; the same under --check; nothing on the host changes', async () => {
    const dir = project({});
    const before = onHost(host(), 'find /srv/ff -printf "%p %T@\\n" | sort');
    const paths = (r: { data: Record<string, unknown> }) =>
      (r.data.files as { path: string }[]).map((f) => f.path).sort();
    const top = await run(dir, 'find: { paths: /srv/ff, patterns: "*.conf" }');
    expect(top.status).to.equal('ok');
    expect(paths(top)).to.deep.equal(['/srv/ff/a.conf']);
    expect(top.data).to.deep.include({ matched: 1, examined: 4, msg: 'All paths examined', skipped_paths: {} });
    expect((top.data.files as Record<string, unknown>[])[0]).to.deep.include({
      mode: '0644',
      isreg: true,
      islnk: false,
      size: 7,
      pw_name: 'root',
      gr_name: 'root',
      uid: 0,
    });
    const deep = await run(
      dir,
      'find: { paths: [/srv/ff], patterns: ["*.conf"], excludes: "d.*", recurse: true, hidden: true, contains: "port=\\\\d" }',
      { check: true },
    );
    // .h.conf is hidden but lacks "port=", d.conf is excluded.
    expect(paths(deep)).to.deep.equal(['/srv/ff/a.conf', '/srv/ff/sub/c.conf']);
    expect(deep.data).to.deep.include({ matched: 2, examined: 7 });
    const dirs = await run(dir, 'find: { paths: /srv/ff, file_type: directory, recurse: true, get_checksum: true }');
    expect(paths(dirs)).to.deep.equal(['/srv/ff/sub', '/srv/ff/sub/deep']);
    const sums = await run(dir, 'find: { paths: /srv/ff, patterns: "^a\\\\.", use_regex: true, get_checksum: true }');
    expect((sums.data.files as Record<string, unknown>[])[0]).to.deep.include({
      path: '/srv/ff/a.conf',
      checksum: onHost(host(), 'sha1sum < /srv/ff/a.conf').slice(0, 40),
    });
    expect(onHost(host(), 'find /srv/ff -printf "%p %T@\\n" | sort')).to.equal(before);
  });
});
