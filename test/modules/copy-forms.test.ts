import { expect } from 'chai';
import { hostFile, hostStat, onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

// copy of directories (controller and remote_src), force: false, content as JSON: apply, re-apply (ok), --check, --diff.
// What ansible-playbook 2.14 does with the same arguments is in test/ansible-corpus/copy-forms.
describe('copy module: directories, remote_src, force, content as JSON', () => {
  const host = () => hostNames()[0]!;
  const files = { 'files/tree/a.txt': 'a\n', 'files/tree/sub/b.txt': 'b\n' };
  const one = async (task: string, o: { check?: boolean; diff?: boolean } = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: t\n      ${task}\n`, { ...o, files }))
      .task('t')
      .get(host())!;

  beforeEach(() => onHost(host(), 'rm -rf /srv/cp && mkdir -p /srv/cp'));

  it('a controller directory: --check --diff writes nothing, apply copies it with directory_mode, re-apply is ok, a changed file is put back', async () => {
    const task = 'copy: { src: tree, dest: /srv/cp/, directory_mode: "0750", mode: "0600" }';
    const checked = await one(task, { check: true, diff: true });
    expect(checked.status).to.equal('changed');
    expect(checked.changes).to.have.length(3);
    expect(checked.diffs.map((d) => d.path)).to.deep.equal([
      '/srv/cp/tree',
      '/srv/cp/tree/a.txt',
      '/srv/cp/tree/sub/b.txt',
    ]);
    expect(onHost(host(), 'ls -A /srv/cp').trim()).to.equal('');
    expect((await one(task)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/cp/tree/sub/b.txt')).to.equal('b\n');
    expect(hostStat(host(), '/srv/cp/tree/sub')).to.equal('750 directory');
    expect(hostStat(host(), '/srv/cp/tree/a.txt')).to.equal('600 regular file');
    expect((await one(task)).status).to.equal('ok');
    onHost(host(), 'printf changed > /srv/cp/tree/a.txt');
    const again = await one(task);
    expect(again.changes).to.deep.equal(['write /srv/cp/tree/a.txt (2 bytes)']);
    expect(hostFile(host(), '/srv/cp/tree/a.txt')).to.equal('a\n');
  });

  it('a trailing slash copies only the contents; remote_src copies a host directory and a host file', async () => {
    expect((await one('copy: { src: tree/, dest: /srv/cp/in }')).status).to.equal('changed');
    expect(onHost(host(), 'cd /srv/cp/in && find . -type f | sort').trim()).to.equal('./a.txt\n./sub/b.txt');
    expect((await one('copy: { src: /srv/cp/in/, dest: /srv/cp/again, remote_src: true }')).status).to.equal('changed');
    expect(hostFile(host(), '/srv/cp/again/sub/b.txt')).to.equal('b\n');
    expect((await one('copy: { src: /srv/cp/in/, dest: /srv/cp/again, remote_src: true }')).status).to.equal('ok');
    const file = await one('copy: { src: /srv/cp/in/a.txt, dest: /srv/cp/one, remote_src: true, owner: nobody }');
    expect(file.status).to.equal('changed');
    expect(file.data).to.deep.include({ dest: '/srv/cp/one', checksum: '3f786850e387550fdab836ed7e6dc881de23001b' });
    expect(onHost(host(), 'stat -c %U /srv/cp/one').trim()).to.equal('nobody');
    expect((await one('copy: { src: /srv/cp/nope, dest: /srv/cp/x, remote_src: true }')).msg).to.equal(
      'Source /srv/cp/nope not found',
    );
  });

  it('force: false leaves an existing dest as it is; content given a mapping is written as Python json.dumps writes it', async () => {
    onHost(host(), 'printf keep > /srv/cp/k');
    expect((await one('copy: { dest: /srv/cp/k, content: other, force: false }')).status).to.equal('ok');
    expect(hostFile(host(), '/srv/cp/k')).to.equal('keep');
    const task = 'copy: { dest: /srv/cp/m.json, content: { a: 1, b: [x, "é"], c: { d: true, e: null } } }';
    const checked = await one(task, { check: true, diff: true });
    expect(checked.diffs[0]).to.deep.include({
      before: '',
      after: '{"a": 1, "b": ["x", "\\u00e9"], "c": {"d": true, "e": null}}',
    });
    expect(hostFile(host(), '/srv/cp/m.json')).to.equal(null);
    expect((await one(task)).status).to.equal('changed');
    expect(hostFile(host(), '/srv/cp/m.json')).to.equal('{"a": 1, "b": ["x", "\\u00e9"], "c": {"d": true, "e": null}}');
    expect((await one(task)).status).to.equal('ok');
  });

  // ansible-playbook 2.14, the same tasks: dest takes src's mode (0751, 0604), content gets 0600, a second run is ok.
  it('mode: preserve gives dest the mode of src (a host file, a host tree, a controller file), content 0600; re-apply is ok', async () => {
    onHost(host(), 'mkdir -p /srv/cp/src/d && printf x > /srv/cp/src/x && chmod 0751 /srv/cp/src/x');
    onHost(host(), 'printf y > /srv/cp/src/d/y && chmod 0604 /srv/cp/src/d/y');
    const file = 'copy: { src: /srv/cp/src/x, dest: /srv/cp/x, remote_src: true, mode: preserve }';
    expect((await one(file, { check: true })).status).to.equal('changed');
    expect(hostFile(host(), '/srv/cp/x')).to.equal(null);
    expect((await one(file)).status).to.equal('changed');
    expect(hostStat(host(), '/srv/cp/x')).to.equal('751 regular file');
    expect((await one(file)).status).to.equal('ok');
    const tree = 'copy: { src: /srv/cp/src/d, dest: /srv/cp/t, remote_src: true, mode: preserve }';
    expect((await one(tree)).status).to.equal('changed');
    expect(hostStat(host(), '/srv/cp/t/d/y')).to.equal('604 regular file');
    expect((await one(tree)).status).to.equal('ok');
    expect((await one('copy: { src: tree/a.txt, dest: /srv/cp/a, mode: preserve }')).status).to.equal('changed');
    expect(hostStat(host(), '/srv/cp/a')).to.equal('644 regular file');
    expect((await one('copy: { content: x, dest: /srv/cp/c, mode: preserve }')).status).to.equal('changed');
    expect(hostStat(host(), '/srv/cp/c')).to.equal('600 regular file');
  });
});
