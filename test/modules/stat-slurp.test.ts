import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// stat and slurp read only: ok every run, --check changes nothing, and the
// registered fields are Ansible's (compared with ansible-playbook 2.14 in the
// `stat-slurp` corpus case, and field by field with GNU stat on the host here).
describe('stat and slurp modules', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;

  beforeEach(() =>
    onHost(
      host(),
      'rm -rf /srv/st && mkdir -p /srv/st && printf "hello\\n" > /srv/st/f && chmod 0640 /srv/st/f && ln -s /srv/st/f /srv/st/link',
    ),
  );

  it('stat of a regular file: the fields GNU stat gives, sha1 checksum, mime type, ok and nothing written', async () => {
    const before = treeDigest(host(), '/srv/st');
    const r = (await runYaml(play(`    - name: s\n      ansible.builtin.stat: { path: /srv/st/f }\n`)))
      .task('s')
      .get(host())!;
    expect(r.status).to.equal('ok');
    expect(r.changes).to.deep.equal([]);
    const st = r.data.stat as Record<string, unknown>;
    const [inode, nlink, uid, gid, user, group, mtime] = onHost(host(), "stat -c '%i %h %u %g %U %G %.9Y' /srv/st/f")
      .trim()
      .split(' ');
    expect(st).to.deep.include({
      exists: true,
      path: '/srv/st/f',
      mode: '0640',
      isreg: true,
      isdir: false,
      islnk: false,
      size: 6,
      uid: Number(uid),
      gid: Number(gid),
      pw_name: user,
      gr_name: group,
      inode: Number(inode),
      nlink: Number(nlink),
      mtime: Number(mtime),
      rusr: true,
      wusr: true,
      xusr: false,
      rgrp: true,
      wgrp: false,
      roth: false,
      isuid: false,
      isgid: false,
      checksum: onHost(host(), 'sha1sum /srv/st/f').split(' ')[0],
      mimetype: 'text/plain',
      charset: 'us-ascii',
      readable: true,
      writeable: true,
      executable: false,
    });
    expect(treeDigest(host(), '/srv/st')).to.equal(before);
  });

  it('stat of a missing path is exists false; a symlink is islnk unless follow; checksum_algorithm and get_checksum false', async () => {
    const r = await runYaml(
      play(
        `    - name: missing\n      stat: { path: /srv/st/none }\n` +
          `    - name: link\n      stat: { path: /srv/st/link }\n` +
          `    - name: followed\n      stat: { path: /srv/st/link, follow: true, checksum_algorithm: sha256, get_mime: false }\n` +
          `    - name: bare\n      stat: { path: /srv/st/f, get_checksum: false, get_mime: false, get_attributes: false }\n`,
      ),
      { check: true },
    );
    expect(r.task('missing').get(host())!.data.stat).to.deep.equal({ exists: false });
    const link = r.task('link').get(host())!.data.stat as Record<string, unknown>;
    expect(link).to.deep.include({
      islnk: true,
      isreg: false,
      lnk_target: '/srv/st/f',
      lnk_source: '/srv/st/f',
      mimetype: 'inode/symlink',
    });
    expect(link).not.to.have.property('checksum');
    const followed = r.task('followed').get(host())!.data.stat as Record<string, unknown>;
    expect(followed).to.deep.include({
      islnk: false,
      isreg: true,
      mode: '0640',
      checksum: onHost(host(), 'sha256sum /srv/st/f').split(' ')[0],
    });
    expect(followed).not.to.have.property('mimetype');
    const bare = r.task('bare').get(host())!.data.stat as Record<string, unknown>;
    for (const k of ['checksum', 'mimetype', 'charset', 'attributes', 'version']) expect(bare).not.to.have.property(k);
    expect(r.recap.get(host())).to.deep.include({ ok: 4, changed: 0, failed: 0 });
  });

  it('a stat result drives a later task: when: not st.stat.exists', async () => {
    const yaml = play(
      `    - name: s\n      stat: { path: /srv/st/made }\n      register: st\n` +
        `    - name: make\n      copy: { dest: /srv/st/made, content: "x" }\n      when: not st.stat.exists\n`,
    );
    expect((await runYaml(yaml)).task('make').get(host())!.status).to.equal('changed');
    expect((await runYaml(yaml)).task('make').get(host())!.status).to.equal('skipped');
  });

  it("slurp returns the content base64-encoded; a missing file or a directory fails with Ansible's message", async () => {
    onHost(host(), 'printf "\\000\\001bin\\377" > /srv/st/bin');
    const r = await runYaml(
      play(
        `    - name: text\n      ansible.builtin.slurp: { src: /srv/st/f }\n      register: t\n` +
          `    - name: decoded\n      copy: { dest: /srv/st/decoded, content: "{{ t.content | b64decode }}" }\n` +
          `    - name: binary\n      slurp: { path: /srv/st/bin }\n` +
          `    - name: missing\n      slurp: { src: /srv/st/none }\n      ignore_errors: true\n` +
          `    - name: dir\n      slurp: { src: /srv/st }\n      ignore_errors: true\n`,
      ),
    );
    expect(r.task('text').get(host())!).to.deep.include({
      status: 'ok',
      data: { content: 'aGVsbG8K', encoding: 'base64', source: '/srv/st/f' },
    });
    expect(onHost(host(), 'cat /srv/st/decoded')).to.equal('hello\n');
    expect(r.task('binary').get(host())!.data.content).to.equal(
      Buffer.from([0, 1, 98, 105, 110, 255]).toString('base64'),
    );
    expect(r.task('missing').get(host())!).to.deep.include({ status: 'failed', msg: 'file not found: /srv/st/none' });
    expect(r.task('dir').get(host())!).to.deep.include({
      status: 'failed',
      msg: 'source is a directory and must be a file: /srv/st',
    });
  });

  // ansible-playbook 2.14 --check --diff (localhost, the same tasks): slurp ran (it supports
  // check mode): ok, content "c2x1cnBlZCB0ZXh0Cg==" (base64 of "slurped text\n"), encoding,
  // source; a later task read `s.content | b64decode`; a missing file failed "file not found: …";
  // recap ok=3 changed=0 ignored=1.
  it('slurp under --check reads the file as without it: content for the next task; a missing file fails the same', async () => {
    onHost(host(), 'printf "slurped text\\n" > /srv/st/s');
    const r = await runYaml(
      play(
        `    - name: s\n      slurp: { src: /srv/st/s }\n      register: s\n` +
          `    - name: read\n      assert: { that: "(s.content | b64decode) == 'slurped text\\n'" }\n` +
          `    - name: missing\n      slurp: { src: /srv/st/none }\n      ignore_errors: true\n`,
      ),
      { check: true, diff: true },
    );
    expect(r.task('s').get(host())!).to.deep.include({
      status: 'ok',
      diffs: [],
      data: { content: Buffer.from('slurped text\n').toString('base64'), encoding: 'base64', source: '/srv/st/s' },
    });
    expect(r.task('read').get(host())!.status).to.equal('ok');
    expect(r.task('missing').get(host())!).to.deep.include({ status: 'failed', msg: 'file not found: /srv/st/none' });
    expect(r.recap.get(host())).to.deep.include({ ok: 3, changed: 0, failed: 0, ignored: 1 });
  });
});
