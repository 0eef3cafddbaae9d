import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { TaskResult } from '../../src/engine/events.js';
import type { Member } from '../../src/facts/tar-members.js';
import { attributeTargets } from '../../src/modules/download/archive-attributes.js';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, project, runFile, runYaml, type RunOpts } from '../support/run.js';

// unarchive's mode/owner/group/extra_opts as Kubespray's containerd role uses them:
// apply (changed), apply again (ok, nothing touched), --check (nothing written).
describe('unarchive module: mode, owner, group, extra_opts', () => {
  const host = () => hostNames()[0]!;
  const unarchive = async (args: object, opts: RunOpts = {}): Promise<TaskResult> =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: u\n      unarchive: ${JSON.stringify(args)}\n`, opts))
      .task('u')
      .get(host())!;
  // A release tarball as containerd's: one top directory `bin/` holding 0644 files.
  const packOnHost = () =>
    onHost(
      host(),
      `set -e; rm -rf /srv/ua && mkdir -p /srv/ua/build/bin /srv/ua/dest && cd /srv/ua/build
       printf 'containerd\\n' > bin/containerd; printf 'ctr\\n' > bin/ctr
       chmod 0644 bin/*; chmod 0750 bin; chmod 0700 /srv/ua/dest
       tar -czf /srv/ua/containerd.tgz bin`,
    );
  const destState = () =>
    onHost(host(), `cd /srv/ua/dest && find . -printf '%p %m %u %g\\n' | sort && cat containerd ctr`);
  const kubespray = { src: '/srv/ua/containerd.tgz', dest: '/srv/ua/dest', mode: '0755', remote_src: true };
  const strip = { ...kubespray, extra_opts: ['--strip-components=1'] };

  it("Kubespray's containerd shape: --check writes nothing, apply strips bin/ and sets 0755 (dest too, as Ansible), re-run ok", async () => {
    packOnHost();
    const empty = treeDigest(host(), '/srv/ua/dest');
    // Written as Kubespray's task: an unquoted YAML 1.1 octal mode and a block list.
    const yaml =
      `- hosts: ${host()}\n  tasks:\n    - name: u\n      unarchive:\n        src: /srv/ua/containerd.tgz\n` +
      '        dest: /srv/ua/dest\n        mode: 0755\n        remote_src: yes\n        extra_opts:\n' +
      '          - --strip-components=1\n';
    const checked = (await runYaml(yaml, { check: true })).task('u').get(host())!;
    expect([checked.status, checked.changes]).to.deep.equal([
      'changed',
      ['extract /srv/ua/containerd.tgz into /srv/ua/dest: 2 of 2 members differ (containerd, ctr)'],
    ]);
    expect(treeDigest(host(), '/srv/ua/dest')).to.equal(empty);

    const applied = (await runYaml(yaml)).task('u').get(host())!;
    expect([applied.status, applied.msg]).to.deep.equal(['changed', undefined]);
    expect(destState()).to.equal(
      ['. 755 root root', './containerd 755 root root', './ctr 755 root root', 'containerd', 'ctr', ''].join('\n'),
    );
    const settled = treeDigest(host(), '/srv/ua/dest');
    const again = await unarchive(strip);
    expect([again.status, again.msg]).to.deep.equal([
      'ok',
      '/srv/ua/dest already holds all 2 members of /srv/ua/containerd.tgz',
    ]);
    expect(treeDigest(host(), '/srv/ua/dest')).to.equal(settled);
    expect((await unarchive(strip, { check: true })).status).to.equal('ok');
  });

  it('a mode changed by hand is set back without extracting; --check says so and writes nothing', async () => {
    packOnHost();
    await unarchive(strip);
    onHost(host(), 'chmod 0600 /srv/ua/dest/ctr');
    const checked = await unarchive(strip, { check: true });
    expect([checked.status, checked.changes]).to.deep.equal([
      'changed',
      ['set the attributes of 1 extracted paths in /srv/ua/dest (ctr: chmod 0755 (was 0600))'],
    ]);
    expect(onHost(host(), 'stat -c %a /srv/ua/dest/ctr')).to.equal('600\n');
    const fixed = await unarchive(strip);
    expect(fixed.status).to.equal('changed');
    expect(fixed.data.extracted).to.equal(undefined);
    expect(onHost(host(), 'stat -c %a /srv/ua/dest/ctr')).to.equal('755\n');
    expect((await unarchive(strip)).status).to.equal('ok');
  });

  it('without extra_opts the top directory is kept and gets the mode; content that differs is extracted again', async () => {
    packOnHost();
    expect((await unarchive(kubespray)).status).to.equal('changed');
    expect(onHost(host(), 'cd /srv/ua/dest && find . -printf "%p %m\\n" | sort')).to.equal(
      '. 700\n./bin 755\n./bin/containerd 755\n./bin/ctr 755\n',
    );
    expect((await unarchive(kubespray)).status).to.equal('ok');
    onHost(host(), 'echo tampered > /srv/ua/dest/bin/ctr');
    const r = await unarchive(kubespray);
    expect([r.status, r.data.extracted]).to.deep.equal(['changed', ['bin/ctr']]);
    expect(onHost(host(), 'cat /srv/ua/dest/bin/ctr; stat -c %a /srv/ua/dest/bin/ctr')).to.equal('ctr\n755\n');
  });

  it('owner, group and a symbolic mode apply to every path; an unknown owner or a bad tar option fails clearly', async () => {
    packOnHost();
    const args = { ...strip, mode: 'g+w', owner: 'nobody', group: 'nogroup' };
    expect((await unarchive(args)).status).to.equal('changed');
    expect(destState()).to.equal(
      [
        '. 720 nobody nogroup',
        './containerd 664 nobody nogroup',
        './ctr 664 nobody nogroup',
        'containerd',
        'ctr',
        '',
      ].join('\n'),
    );
    expect((await unarchive(args)).status).to.equal('ok');
    const unknown = await unarchive({ ...strip, owner: 'no-such-user' });
    expect(unknown.status).to.equal('failed');
    expect(unknown.msg).to.contain('no-such-user');
    const bad = await unarchive({ ...strip, extra_opts: ['--no-such-tar-option'] });
    expect(bad.status).to.equal('failed');
    expect(bad.msg).to.match(/cannot read the archive: .*no-such-tar-option/s);
  });

  it('plain, xz, bz2 and zstd archives as gz ones: from files/ (told by their magic number) and on the host (tar tells)', async () => {
    const dir = project({});
    mkdirSync(join(dir, 'tree', 'bin'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'bin', 'tool'), 'tool\n', { mode: 0o644 });
    mkdirSync(join(dir, 'files'));
    const formats = { tar: [], txz: ['-J'], tbz2: ['-j'], tzst: ['--zstd'] };
    for (const [ext, flag] of Object.entries(formats)) {
      execFileSync('tar', ['-c', ...flag, '-f', join(dir, 'files', `a.${ext}`), '-C', join(dir, 'tree'), 'bin']);
      const tasks = [
        `{ src: a.${ext}, dest: /srv/ua/c-${ext}, mode: "0750", extra_opts: [--strip-components=1] }`,
        `{ src: /srv/ua/a.${ext}, dest: /srv/ua/r-${ext}, remote_src: true }`,
      ];
      writeFileSync(
        join(dir, 'playbook.yaml'),
        `- hosts: ${host()}\n  tasks:\n${tasks.map((t, i) => `    - name: t${i}\n      unarchive: ${t}\n`).join('')}`,
      );
      onHost(host(), `rm -rf /srv/ua && mkdir -p /srv/ua/c-${ext} /srv/ua/r-${ext}`);
      onHost(
        host(),
        "mkdir -p /srv/ua/t/bin && printf 'tool\\n' > /srv/ua/t/bin/tool && chmod 0644 /srv/ua/t/bin/tool && " +
          `tar -c ${flag.join(' ')} -f /srv/ua/a.${ext} -C /srv/ua/t bin`,
      );
      const run = async () => {
        const r = await runFile(join(dir, 'playbook.yaml'));
        return [0, 1].map((i) => r.task(`t${i}`).get(host())!.status);
      };
      expect(await run(), ext).to.deep.equal(['changed', 'changed']);
      expect(
        onHost(host(), `cd /srv/ua && stat -c '%n %a' c-${ext}/tool r-${ext}/bin/tool && cat c-${ext}/tool`),
        ext,
      ).to.equal(`c-${ext}/tool 750\nr-${ext}/bin/tool 644\ntool\n`);
      expect(await run(), ext).to.deep.equal(['ok', 'ok']);
    }
  });

  it('the paths that get the attributes: names, their top folders, and dest for ./ names or --strip-components', () => {
    const m = (name: string, path: string, type: Member['type'] = 'file'): Member => ({
      name,
      path,
      type,
      mode: 0o644,
    });
    expect(attributeTargets([m('bin/', 'bin', 'directory'), m('bin/a', 'bin/a')], [])).to.deep.equal(['bin', 'bin/a']);
    expect(attributeTargets([m('a/b/c', 'a/b/c'), m('l', 'l', 'symlink')], [])).to.deep.equal(['a', 'a/b/c']);
    expect(attributeTargets([m('./x', 'x')], [])).to.deep.equal(['.', 'x']);
    expect(attributeTargets([m('a', 'a')], ['--strip-components=1'])).to.deep.equal(['.', 'a']);
    expect(attributeTargets([m('a', 'a')], ['--strip-components=0'])).to.deep.equal(['a']);
  });
});
