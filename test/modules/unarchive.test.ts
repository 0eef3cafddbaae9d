import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TaskResult } from '../../src/engine/events.js';
import { shellQuoteValue as q } from '../../src/quote.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, project, runFile, runYaml, type RunOpts } from '../support/run.js';

// Each way: apply (changed), apply again (ok, nothing touched), --check (nothing written).
describe('unarchive module', () => {
  const host = () => hostNames()[0]!;
  const yaml = (args: object) =>
    `- hosts: ${host()}\n  tasks:\n    - name: u\n      unarchive: ${JSON.stringify(args)}\n`;
  const unarchive = async (args: object, opts: RunOpts = {}): Promise<TaskResult> =>
    (await runYaml(yaml(args), opts)).task('u').get(host())!;

  // On the host: /srv/u/build holds a small release tree, packed into /srv/u/app.tgz.
  const packOnHost = (dir = '/srv/u') =>
    onHost(
      host(),
      `set -e; cd ${q(dir)}; mkdir -p build/bin build/etc dest
       printf '#!/bin/sh\\necho tool\\n' > build/bin/tool; chmod 0755 build/bin/tool
       printf 'k=v\\n' > build/etc/app.conf; chmod 0640 build/etc/app.conf
       ln -s bin/tool build/tool-link; chmod 0755 build build/bin build/etc
       tar -czf app.tgz -C build .`,
    );
  const destState = (dest = '/srv/u/dest') =>
    onHost(host(), `cd ${q(dest)} && find . -printf '%p %m %y %l\\n' | sort && cat bin/tool etc/app.conf`);

  beforeEach(() => onHost(host(), 'rm -rf /srv/u && mkdir -p /srv/u'));

  it('remote_src: extracts once; a re-run is ok and touches nothing; --check writes nothing', async () => {
    packOnHost();
    const args = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true };
    const empty = treeDigest(host(), '/srv/u/dest');
    const checked = await unarchive(args, { check: true });
    expect(checked.status).to.equal('changed');
    expect(checked.changes[0]).to.match(/^extract \/srv\/u\/app\.tgz into \/srv\/u\/dest: 5 of 6 members differ \(/);
    expect(treeDigest(host(), '/srv/u/dest')).to.equal(empty);

    expect((await unarchive(args)).status).to.equal('changed');
    expect(destState()).to.equal(
      [
        '. 755 d ',
        './bin 755 d ',
        './bin/tool 755 f ',
        './etc 755 d ',
        './etc/app.conf 640 f ',
        './tool-link 777 l bin/tool',
        '#!/bin/sh',
        'echo tool',
        'k=v',
        '',
      ].join('\n'),
    );
    const settled = treeDigest(host(), '/srv/u/dest');
    const again = await unarchive(args);
    expect(again.status).to.equal('ok');
    expect(again.msg).to.contain('already holds all 6 members');
    expect(treeDigest(host(), '/srv/u/dest')).to.equal(settled);
  });

  it('members that differ are named in the summary and the diff, and extracting again restores them', async () => {
    packOnHost();
    const args = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true };
    await unarchive(args);
    onHost(host(), 'cd /srv/u/dest && printf changed > etc/app.conf && chmod 0700 bin/tool && rm tool-link');
    const r = await unarchive(args, { diff: true });
    expect(r.status).to.equal('changed');
    expect(r.changes[0]).to.contain('3 of 6 members differ (bin/tool, etc/app.conf, tool-link)');
    expect(r.diffs[0]!.path).to.equal('/srv/u/dest');
    expect(r.diffs[0]!.before).to.match(
      /^bin\/tool: file 0700 sha256:\w{12}\netc\/app\.conf: file 0640 sha256:\w{12}\ntool-link: missing\n$/,
    );
    expect(r.diffs[0]!.after).to.match(
      /^bin\/tool: file 0755 sha256:\w{12}\netc\/app\.conf: file 0640 sha256:\w{12}\ntool-link: symlink -> bin\/tool\n$/,
    );
    expect(hostFile(host(), '/srv/u/dest/etc/app.conf')).to.equal('k=v\n');
    expect(hostStat(host(), '/srv/u/dest/bin/tool')).to.equal('755 regular file');
    expect((await unarchive(args)).status).to.equal('ok');
  });

  it('a controller archive from files/ is streamed to the host: extracted once, nothing left behind', async () => {
    const dir = project({ 'playbook.yaml': yaml({ src: 'release.tar.gz', dest: '/srv/u/dest' }) });
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'bin'), { recursive: true });
    writeFileSync(join(tree, 'bin', 'crictl'), 'crictl binary\n', { mode: 0o755 });
    mkdirSync(join(dir, 'files'));
    execFileSync('tar', ['-czf', join(dir, 'files', 'release.tar.gz'), '-C', tree, 'bin/crictl']);
    onHost(host(), 'mkdir -p /srv/u/dest');
    const run = async (opts: RunOpts = {}) => (await runFile(join(dir, 'playbook.yaml'), opts)).task('u').get(host())!;
    expect((await run({ check: true })).status).to.equal('changed');
    expect(onHost(host(), 'find /srv/u')).to.equal('/srv/u\n/srv/u/dest\n');
    const first = await run();
    expect(first.status, first.msg).to.equal('changed');
    expect(hostFile(host(), '/srv/u/dest/bin/crictl')).to.equal('crictl binary\n');
    expect(hostStat(host(), '/srv/u/dest/bin/crictl')).to.equal('755 regular file');
    expect(onHost(host(), 'find /srv/u | sort')).to.equal(
      '/srv/u\n/srv/u/dest\n/srv/u/dest/bin\n/srv/u/dest/bin/crictl\n',
    );
    expect((await run()).status).to.equal('ok');
  });

  it('include extracts only the listed members; the others may stay missing on re-runs', async () => {
    packOnHost();
    const args = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true, include: ['./bin/tool'] };
    const r = await unarchive(args);
    expect(r.status).to.equal('changed');
    expect(r.changes[0]).to.contain('1 of 1 members differ (bin/tool)');
    expect(onHost(host(), 'cd /srv/u/dest && find . | sort')).to.equal('.\n./bin\n./bin/tool\n');
    expect((await unarchive(args)).status).to.equal('ok');
    const missing = await unarchive({ ...args, include: ['./no/such/member'] });
    expect(missing.status).to.equal('failed');
    expect(missing.msg).to.contain('Not found in archive');
  });

  it('creates skips the task; a dest that is not a directory fails naming it', async () => {
    packOnHost();
    onHost(host(), 'touch /srv/u/marker');
    const skipped = await unarchive({
      src: '/srv/u/app.tgz',
      dest: '/srv/u/dest',
      remote_src: true,
      creates: '/srv/u/marker',
    });
    // As Ansible: skipped, not ok.
    expect(skipped.status).to.equal('skipped');
    expect(skipped.msg).to.equal('not extracted: /srv/u/marker exists');
    expect(onHost(host(), 'ls -A /srv/u/dest')).to.equal('');
    const r = await unarchive({ src: '/srv/u/app.tgz', dest: '/srv/u/nope', remote_src: true });
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain('/srv/u/nope is not a directory');
  });

  it('src, dest and member names with spaces, quotes and $(…) are taken literally', async () => {
    const name = `it's "q" $(touch pwned) \`touch pwned\``;
    const base = `/srv/u/${name}`;
    onHost(
      host(),
      `rm -f ~/pwned && mkdir -p ${q(`${base}/build/${name}`)} ${q(`${base}/dest ${name}`)} && printf odd > ` +
        `${q(`${base}/build/${name}/${name}.txt`)} && tar -czf ${q(`${base}/a ${name}.tgz`)} -C ` +
        `${q(`${base}/build`)} .`,
    );
    const args = {
      src: `${base}/a ${name}.tgz`,
      dest: `${base}/dest ${name}`,
      remote_src: true,
      include: [`./${name}/${name}.txt`],
    };
    const r = await unarchive(args);
    expect(r.status, r.msg).to.equal('changed');
    expect(hostFile(host(), `${base}/dest ${name}/${name}/${name}.txt`)).to.equal('odd');
    expect((await unarchive(args)).status).to.equal('ok');
    expect(onHost(host(), 'ls ~/pwned /srv/u/pwned 2>&1 | grep -c "No such file"').trim()).to.equal('2');
  });
  it('list_files returns the member names as tar lists them, on apply, on the re-run (ok) and under --check, as ansible-core 2.14', async () => {
    // Measured with ansible-playbook 2.14 on an archive made the same way: ["./", "./tool-link", "./bin/", "./bin/tool"] (tar's order).
    packOnHost();
    const args = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true, list_files: true };
    const names = onHost(host(), 'tar -tzf /srv/u/app.tgz').trim().split('\n');
    expect(names).to.include.members(['./', './bin/', './bin/tool', './etc/app.conf', './tool-link']);
    const checked = await unarchive(args, { check: true, diff: true });
    expect([checked.status, checked.data.files]).to.deep.equal(['changed', names]);
    expect(checked.diffs[0]?.path).to.equal('/srv/u/dest');
    expect(onHost(host(), 'ls -A /srv/u/dest').trim()).to.equal('');
    const applied = await unarchive(args);
    expect([applied.status, applied.data.files]).to.deep.equal(['changed', names]);
    const again = await unarchive(args);
    expect([again.status, again.data.files]).to.deep.equal(['ok', names]);
  });

  // As Ansible's tar handler (ansible-core 2.14 unarchive target, test_tar_gz_keep_newer / exclude): tar
  // --keep-newer-files and --exclude; a file kept as newer still differs, so the task says changed.
  it('exclude leaves out members by glob (re-run ok); keep_newer keeps a file newer than its member', async () => {
    packOnHost();
    const args = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true, exclude: ['*.conf'] };
    expect((await unarchive(args)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/u/dest/bin/tool')).to.equal('#!/bin/sh\necho tool\n');
    expect(hostStat(host(), '/srv/u/dest/etc/app.conf')).to.equal(null);
    expect((await unarchive(args)).status).to.equal('ok');
    onHost(host(), 'printf boo > /srv/u/dest/bin/tool; touch -d tomorrow /srv/u/dest/bin/tool');
    const keep = { src: '/srv/u/app.tgz', dest: '/srv/u/dest', remote_src: true, keep_newer: true };
    expect((await unarchive(keep)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/u/dest/bin/tool')).to.equal('boo');
    expect(hostFile(host(), '/srv/u/dest/etc/app.conf')).to.equal('k=v\n');
    expect((await unarchive({ ...keep, keep_newer: false })).status).to.equal('changed');
    expect(hostFile(host(), '/srv/u/dest/bin/tool')).to.equal('#!/bin/sh\necho tool\n');
  });
});
