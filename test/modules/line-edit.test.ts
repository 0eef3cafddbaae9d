import { expect } from 'chai';
import { editLines, splitLines } from '../../src/modules/files/line-edit.js';

describe('lineinfile editing (pure)', () => {
  const present = (text: string, rest: Omit<Parameters<typeof editLines>[1], 'state'>) =>
    editLines(text, { state: 'present', ...rest });

  it('splitLines keeps each ending, and a last line without one', () => {
    expect(splitLines('a\r\nb\nc')).to.deep.equal([
      { text: 'a', eol: '\r\n' },
      { text: 'b', eol: '\n' },
      { text: 'c', eol: '' },
    ]);
    expect(splitLines('')).to.deep.equal([]);
  });

  it('replaces the last line matching regexp, leaving every other byte alone', () => {
    const text = '# PermitRootLogin yes\nPermitRootLogin yes\r\nX=1\nPermitRootLogin maybe\nY  =  2 \n';
    expect(present(text, { regexp: /^#?PermitRootLogin/, line: 'PermitRootLogin no' })).to.equal(
      '# PermitRootLogin yes\nPermitRootLogin yes\r\nX=1\nPermitRootLogin no\nY  =  2 \n',
    );
  });

  it('a regexp that no longer matches after the replacement does not add the line again', () => {
    const once = present('old=1\n', { regexp: /^old=/, line: 'new=1' });
    expect(once).to.equal('new=1\n');
    expect(present(once, { regexp: /^old=/, line: 'new=1' })).to.equal(once);
  });

  it('appends at EOF, ending a last line that had no newline first', () => {
    expect(present('a\nb', { line: 'c' })).to.equal('a\nb\nc\n');
    expect(present('', { line: 'c' })).to.equal('c\n');
    expect(present('a\r\nb', { line: 'c' })).to.equal('a\r\nb\r\nc\r\n');
  });

  it('an identical line anywhere is no change; without regexp nothing is replaced', () => {
    expect(present('a\nc\nb\n', { line: 'c', insertafter: 'BOF' })).to.equal('a\nc\nb\n');
  });

  it('inserts after the last insertafter match, before the last insertbefore match, at BOF, or at EOF when they match nothing', () => {
    const text = '[a]\nx=1\n[b]\ny=2\n[b]\n';
    expect(present(text, { line: 'z=3', insertafter: /^\[b\]/ })).to.equal('[a]\nx=1\n[b]\ny=2\n[b]\nz=3\n');
    expect(present(text, { line: 'z=3', insertbefore: /^\[b\]/ })).to.equal('[a]\nx=1\n[b]\ny=2\nz=3\n[b]\n');
    expect(present(text, { line: 'z=3', insertafter: /^x=/ })).to.equal('[a]\nx=1\nz=3\n[b]\ny=2\n[b]\n');
    expect(present(text, { line: 'z=3', insertbefore: 'BOF' })).to.equal(`z=3\n${text}`);
    expect(present(text, { line: 'z=3', insertafter: /^nothing/ })).to.equal(`${text}z=3\n`);
    expect(present('a', { line: 'z', insertafter: 'EOF' })).to.equal('a\nz\n');
  });

  it('a line holding a newline is written as several lines and, as in Ansible 2.14, added again on each run', () => {
    // ansible-playbook 2.14 (lineinfile target, main.yml:377): `line: "a\\nb"` reports "line added" every run.
    const once = present('x\n', { line: 'a\nb', insertafter: 'EOF' });
    expect(once).to.equal('x\na\nb\n');
    expect(present(once, { line: 'a\nb', insertafter: 'EOF' })).to.equal('x\na\nb\na\nb\n');
  });

  it('a regexp match wins over insertafter', () => {
    expect(present('k=1\n[s]\n', { regexp: /^k=/, line: 'k=2', insertafter: /^\[s\]/ })).to.equal('k=2\n[s]\n');
  });

  it('absent removes every line matching regexp, else every line equal to line', () => {
    expect(editLines('a=1\nb=2\na=3\nc', { state: 'absent', regexp: /^a=/ })).to.equal('b=2\nc');
    expect(editLines('x\ny\nx\nxx\n', { state: 'absent', line: 'x' })).to.equal('y\nxx\n');
    expect(editLines('y\n', { state: 'absent', line: 'x' })).to.equal('y\n');
  });
});

describe('lineinfile backrefs (Ansible: no match, no change)', () => {
  it('rewrites the last matching line with \\1 and \\g<1>, keeps the file when nothing matches', () => {
    const text = 'a=1\nb=2\na=3\n';
    expect(editLines(text, { state: 'present', regexp: /^(a)=(\d)$/, line: '\\1:\\g<2>', backrefs: true })).to.equal(
      'a=1\nb=2\na:3\n',
    );
    expect(editLines(text, { state: 'present', regexp: /^none(.*)$/, line: 'x\\1', backrefs: true })).to.equal(text);
    expect(() => editLines(text, { state: 'present', regexp: /^(a)/, line: '\\2', backrefs: true })).to.throw(
      'invalid group reference 2',
    );
  });
});
