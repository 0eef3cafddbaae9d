import { expect } from 'chai';
import { editBlock } from '../../src/modules/files/block-edit.js';
import { hostFile, hostStat, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

const marks = { begin: '# BEGIN ANSIBLE MANAGED BLOCK', end: '# END ANSIBLE MANAGED BLOCK' };

// The edit itself, case by case, as ansible-core 2.14's blockinfile does it
// (its source read; the `blockinfile` corpus case runs the lab cases under both engines).
describe('blockinfile edit (ansible-core 2.14 rules)', () => {
  it('appends at EOF, adding the missing newline of the last line', () => {
    expect(editBlock('a\nb', { ...marks, block: 'x', present: true })).to.equal(
      `a\nb\n${marks.begin}\nx\n${marks.end}\n`,
    );
  });
  it('replaces between the markers in place, whatever their order, keeping other lines and their CRLF ends', () => {
    const old = `a\r\n${marks.end}\nold\n${marks.begin}\nz\r\n`;
    expect(editBlock(old, { ...marks, block: 'new\n', present: true })).to.equal(
      `a\r\n${marks.begin}\nnew\n${marks.end}\nz\r\n`,
    );
  });
  it('inserts after the last line matching insertafter, before the last matching insertbefore, at EOF when none matches', () => {
    const old = 'k=1\nx\nk=2\ny\n';
    expect(editBlock(old, { ...marks, block: 'B', present: true, insertafter: '^k=' })).to.equal(
      `k=1\nx\nk=2\n${marks.begin}\nB\n${marks.end}\ny\n`,
    );
    expect(editBlock(old, { ...marks, block: 'B', present: true, insertbefore: '^k=' })).to.equal(
      `k=1\nx\n${marks.begin}\nB\n${marks.end}\nk=2\ny\n`,
    );
    expect(editBlock(old, { ...marks, block: 'B', present: true, insertbefore: '^nomatch' })).to.equal(
      `${old}${marks.begin}\nB\n${marks.end}\n`,
    );
  });
  it('(?m) patterns search the whole text, as Python MULTILINE', () => {
    expect(editBlock('a\nb\nc\n', { ...marks, block: 'B', present: true, insertafter: '(?m)^a\\nb$' })).to.equal(
      `a\nb\n${marks.begin}\nB\n${marks.end}\nc\n`,
    );
  });
  it('an empty block or state absent removes the block; no block, no change', () => {
    const withBlock = `a\n${marks.begin}\nx\n${marks.end}\nb\n`;
    expect(editBlock(withBlock, { ...marks, block: '', present: true })).to.equal('a\nb\n');
    expect(editBlock(withBlock, { ...marks, block: 'x', present: false })).to.equal('a\nb\n');
    expect(editBlock('a\n', { ...marks, block: 'x', present: false })).to.equal('a\n');
  });
});

describe('blockinfile module on a lab host', () => {
  const host = () => hostNames()[0]!;
  const play = (tasks: string) => `- hosts: ${host()}\n  tasks:\n${tasks}`;
  const task = () =>
    play(
      `    - name: b\n      ansible.builtin.blockinfile: { path: /srv/bi/conf, block: "x=1\\ny=2\\n", ` +
        `insertafter: "^\\\\[main\\\\]", owner: root, mode: "0600" }\n`,
    );

  beforeEach(() => onHost(host(), 'rm -rf /srv/bi && mkdir -p /srv/bi && printf "[main]\\nkeep=me\\n" > /srv/bi/conf'));

  it('apply, re-apply (ok, nothing written), --check (nothing written) and --diff', async () => {
    const before = treeDigest(host(), '/srv/bi');
    const checked = (await runYaml(task().replace('ansible.builtin.', ''), { check: true, diff: true }))
      .task('b')
      .get(host())!;
    expect(checked.status).to.equal('changed');
    expect(checked.diffs[0]).to.deep.include({
      path: '/srv/bi/conf',
      before: '[main]\nkeep=me\n',
      after: `[main]\n${marks.begin}\nx=1\ny=2\n${marks.end}\nkeep=me\n`,
    });
    expect(treeDigest(host(), '/srv/bi')).to.equal(before);
    const applied = (await runYaml(task())).task('b').get(host())!;
    expect(applied).to.deep.include({ status: 'changed' });
    expect(applied.data.msg).to.equal('Block inserted and ownership, perms or SE linux context changed');
    expect(hostFile(host(), '/srv/bi/conf')).to.equal(`[main]\n${marks.begin}\nx=1\ny=2\n${marks.end}\nkeep=me\n`);
    expect(hostStat(host(), '/srv/bi/conf')).to.equal('600 regular file');
    const digest = treeDigest(host(), '/srv/bi');
    const again = (await runYaml(task())).task('b').get(host())!;
    expect(again.status).to.equal('ok');
    expect(again.data.msg).to.equal('');
    expect(treeDigest(host(), '/srv/bi')).to.equal(digest);
  });

  it("a bad regular expression fails naming it; both insertafter and insertbefore fail with Ansible's message; nothing is written", async () => {
    const bad = (
      await runYaml(play(`    - name: b\n      blockinfile: { path: /srv/bi/conf, block: x, insertafter: "([" }\n`))
    )
      .task('b')
      .get(host())!;
    expect(bad.status).to.equal('failed');
    expect(bad.msg).to.match(/^"\(\[" is not a valid regular expression/);
    const both = (
      await runYaml(
        play(`    - name: b\n      blockinfile: { path: /srv/bi/conf, block: x, insertafter: a, insertbefore: b }\n`),
      )
    )
      .task('b')
      .get(host())!;
    expect(both).to.deep.include({
      status: 'failed',
      msg: 'parameters are mutually exclusive: insertafter|insertbefore',
    });
    expect(hostFile(host(), '/srv/bi/conf')).to.equal('[main]\nkeep=me\n');
  });
});
