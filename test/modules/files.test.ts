import { expect } from 'chai';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// Each module: apply (changed), apply again (ok, nothing touched), --check (nothing written).
describe('copy, template and file modules', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;

  beforeEach(() => onHost(host(), 'rm -rf /srv/t && mkdir -p /srv/t'));

  it('copy content: changed, then ok, and a mode change alone is a change', async () => {
    const yaml = (mode: string) =>
      play(`    - name: c\n      copy: { dest: /srv/t/a.conf, content: "k=v\\n", mode: "${mode}" }\n`);
    expect((await runYaml(yaml('0600'))).task('c').get(host())!.status).to.equal('changed');
    expect(hostStat(host(), '/srv/t/a.conf')).to.equal('600 regular file');
    expect((await runYaml(yaml('0600'))).task('c').get(host())!.status).to.equal('ok');
    const chmod = (await runYaml(yaml('0644'))).task('c').get(host())!;
    expect(chmod.status).to.equal('changed');
    expect(chmod.changes[0]).to.match(/^chmod 0644/);
    expect(hostStat(host(), '/srv/t/a.conf')).to.equal('644 regular file');
  });

  it('copy keeps the mode of the file it replaces when no mode is given', async () => {
    onHost(host(), 'printf old > /srv/t/keep && chmod 0751 /srv/t/keep');
    await runYaml(play(`    - name: c\n      copy: { dest: /srv/t/keep, content: new }\n`));
    expect(hostFile(host(), '/srv/t/keep')).to.equal('new');
    expect(hostStat(host(), '/srv/t/keep')).to.equal('751 regular file');
    expect(
      onHost(host(), 'ls -a /srv/t')
        .split('\n')
        .filter((f) => f.includes('runbook')),
    ).to.deep.equal([]);
  });

  it('copy src takes a controller file from files/ and, for a directory dest, keeps its name', async () => {
    const yaml = play(`    - name: c\n      copy: { src: blob.bin, dest: /srv/t/ }\n`);
    const files = { 'files/blob.bin': '\u0000\u0001binary\u00ff' };
    const first = (await runYaml(yaml, { files, diff: true })).task('c').get(host())!;
    expect(first.status).to.equal('changed');
    expect(first.diffs[0]?.binary).to.equal(true);
    expect(onHost(host(), 'od -An -tx1 /srv/t/blob.bin').replace(/\s+/g, '')).to.equal(
      Buffer.from(files['files/blob.bin']).toString('hex'),
    );
    expect((await runYaml(yaml, { files })).task('c').get(host())!.status).to.equal('ok');
  });

  it('copy under --check --diff shows the diff and writes nothing', async () => {
    onHost(host(), 'printf "a\\nb\\n" > /srv/t/d.conf');
    const before = treeDigest(host(), '/srv/t');
    const r = (
      await runYaml(play(`    - name: c\n      copy: { dest: /srv/t/d.conf, content: "a\\nc\\n" }\n`), {
        check: true,
        diff: true,
      })
    )
      .task('c')
      .get(host())!;
    expect(r.status).to.equal('changed');
    expect(r.diffs[0]).to.deep.include({ path: '/srv/t/d.conf', before: 'a\nb\n', after: 'a\nc\n' });
    expect(treeDigest(host(), '/srv/t')).to.equal(before);
  });

  it('template renders host variables without HTML escaping, then is ok on re-run', async () => {
    const files = { 'templates/t.conf.hbs': 'host={{inventory_hostname}}\nurl={{url}}\n' };
    const yaml =
      `- hosts: ${host()}\n  vars: { url: "https://a.example/?x=1&y=<2>" }\n  tasks:\n    - name: ` +
      `t\n      template: { src: t.conf.hbs, dest: /srv/t/t.conf }\n`;
    expect((await runYaml(yaml, { files })).task('t').get(host())!.status).to.equal('changed');
    expect(hostFile(host(), '/srv/t/t.conf')).to.equal(`host=${host()}\nurl=https://a.example/?x=1&y=<2>\n`);
    expect((await runYaml(yaml, { files })).task('t').get(host())!.status).to.equal('ok');
  });

  it('template with an undefined variable fails naming the template file and line, and writes nothing', async () => {
    const files = { 'templates/bad.hbs': 'line one\nvalue={{missing_var}}\n' };
    const r = (await runYaml(play(`    - name: t\n      template: { src: bad.hbs, dest: /srv/t/bad }\n`), { files }))
      .task('t')
      .get(host())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(/templates\/bad\.hbs:2:\d+: error: undefined variable "missing_var"/);
    expect(hostFile(host(), '/srv/t/bad')).to.equal(null);
  });

  it('file directory creates missing parents with the mode (as Ansible 2.14 does), and is ok the second time', async () => {
    const yaml = play(`    - name: d\n      file: { path: /srv/t/a/b/c, state: directory, mode: "0700" }\n`);
    expect((await runYaml(yaml)).task('d').get(host())!.status).to.equal('changed');
    expect(hostStat(host(), '/srv/t/a/b/c')).to.equal('700 directory');
    expect(hostStat(host(), '/srv/t/a')).to.equal('700 directory');
    expect((await runYaml(yaml)).task('d').get(host())!.status).to.equal('ok');
  });

  it('file touch creates an empty file, then, as Ansible, updates its times on every run (changed); absent removes files and whole directories', async () => {
    const touch = play(`    - name: f\n      file: { path: /srv/t/empty, state: touch, mode: "0600" }\n`);
    expect((await runYaml(touch)).task('f').get(host())!.status).to.equal('changed');
    expect(hostStat(host(), '/srv/t/empty')).to.equal('600 regular empty file');
    onHost(host(), 'touch -d 2001-01-01 /srv/t/empty');
    const touchedAgain = (await runYaml(touch)).task('f').get(host())!;
    expect(touchedAgain.status).to.equal('changed');
    expect(touchedAgain.data).to.include({ state: 'file', mode: '0600', uid: 0, size: 0 });
    expect(onHost(host(), 'date -r /srv/t/empty +%Y').trim()).to.not.equal('2001');

    onHost(host(), 'mkdir -p /srv/t/tree/x && touch /srv/t/tree/x/y');
    const absent = play(
      `    - name: a\n      file: { path: /srv/t/tree, state: absent }\n    - name: b\n      file: { path: /srv/t/empty, state: absent }\n`,
    );
    const r = await runYaml(absent);
    expect(r.task('a').get(host())!.status).to.equal('changed');
    expect(r.task('b').get(host())!.status).to.equal('changed');
    expect(hostStat(host(), '/srv/t/tree')).to.equal(null);
    expect(hostStat(host(), '/srv/t/empty')).to.equal(null);
    const again = await runYaml(absent);
    expect(again.results.map((x) => x.status)).to.deep.equal(['ok', 'ok']);
  });

  it("file state=file on a missing path fails with Ansible 2.14's words", async () => {
    const r = (await runYaml(play(`    - name: f\n      file: { path: /srv/t/nope, mode: "0644" }\n`)))
      .task('f')
      .get(host())!;
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal('file (/srv/t/nope) is absent, cannot continue');
  });

  // ansible-playbook 2.14: a module runs in the login's home, so a relative path is made there.
  it("a templated relative path is taken, once rendered, from the login's home, as Ansible's module takes it", async () => {
    onHost(host(), 'rm -rf ~/relative');
    const yaml = `- hosts: ${host()}\n  vars: { where: relative/dir }\n  tasks:\n    - name: f\n      file: { path: "{{where}}", state: directory }\n`;
    const r = (await runYaml(yaml)).task('f').get(host())!;
    expect(r.status).to.equal('changed');
    expect(onHost(host(), 'cd && stat -c %F relative/dir && rm -rf relative').trim()).to.equal('directory');
  });
});
