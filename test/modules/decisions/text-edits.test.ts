// Decision tables of the modules that edit a file in place (lineinfile,
// env_file, kubelet_flags, toml) on a FAKE host (test/support/fake-connection.ts):
// the text each state of the file gives, "ok" when nothing differs, and a
// second plan after applying that is ok. Real hosts: test/modules/lineinfile,
// env-file, kubelet-flags and toml .test.ts (and the pure edits' own tests).
import { expect } from 'chai';
import { posix } from 'node:path';
import { fakeHost } from '../../support/fake-connection.js';
import { converge, planOn } from '../../support/plan-module.js';

interface Row {
  what: string;
  before?: string;
  args: Record<string, unknown>;
  /** The file afterwards; undefined when the plan fails. */
  after?: string;
  failed?: string;
}

function table(module: string, path: string, rows: Row[]): void {
  for (const row of rows) {
    it(`${row.what}: ${row.failed ? 'fails' : row.before === row.after ? 'ok' : 'changed'}`, async () => {
      // The directory is there, as /etc/default is on a real node.
      const host = fakeHost({
        files: row.before === undefined ? { [posix.dirname(path)]: { dir: true } } : { [path]: row.before },
      });
      const { first, again } = await converge(module, { path, ...row.args }, host);
      expect(first.plan.failed).to.equal(row.failed);
      if (row.failed) {
        expect(host.text(path)).to.equal(row.before ?? null);
        return;
      }
      expect(first.changes).to.have.length(row.before === row.after ? 0 : 1);
      expect(host.text(path)).to.equal(row.after);
      expect(again.changes).to.deep.equal([]);
    });
  }
}

describe('decision tables (fake host): lineinfile, env_file, kubelet_flags, toml', () => {
  describe('lineinfile', () => {
    table('lineinfile', '/etc/hosts.conf', [
      { what: 'a missing line is added at the end', before: 'a\nb\n', args: { line: 'c' }, after: 'a\nb\nc\n' },
      { what: 'a line already there', before: 'a\nc\n', args: { line: 'c' }, after: 'a\nc\n' },
      {
        what: 'the last line the regexp matches is replaced',
        before: 'x=1\ny\nx=2\n',
        args: { regexp: '^x=', line: 'x=3' },
        after: 'x=1\ny\nx=3\n',
      },
      { what: 'insertbefore BOF', before: 'a\n', args: { line: 'first', insertbefore: 'BOF' }, after: 'first\na\n' },
      {
        what: 'insertafter a pattern',
        before: '[s]\nk=v\n[t]\n',
        args: { line: 'n=1', insertafter: '^\\[s\\]' },
        after: '[s]\nn=1\nk=v\n[t]\n',
      },
      {
        what: 'a file without a last newline gets one before the new line',
        before: 'a',
        args: { line: 'b' },
        after: 'a\nb\n',
      },
      {
        what: 'absent removes every matching line',
        before: 'x=1\ny\nx=2\n',
        args: { regexp: '^x=', state: 'absent' },
        after: 'y\n',
      },
      {
        what: 'backrefs with no match leave the file',
        before: 'a\n',
        args: { regexp: '^(z)=', line: '\\1=2', backrefs: true },
        after: 'a\n',
      },
      {
        what: 'a missing file without create',
        args: { line: 'a' },
        failed: '/etc/hosts.conf does not exist (set create: true to create it)',
      },
      { what: 'a missing file with create', args: { line: 'a', create: true }, after: 'a\n' },
      {
        what: 'a bad regexp',
        before: 'a\n',
        args: { regexp: '(', line: 'a' },
        failed: '"(" is not a valid regular expression: Invalid regular expression: /(/: Unterminated group',
      },
    ]);

    it("the msg is Ansible's: line added, line replaced, N line(s) removed", async () => {
      const said = async (before: string, args: Record<string, unknown>) =>
        (await planOn('lineinfile', { path: '/etc/f', ...args }, fakeHost({ files: { '/etc/f': before } }))).plan.data
          ?.msg;
      expect(await said('a\n', { line: 'b' })).to.equal('line added');
      expect(await said('x=1\n', { regexp: '^x=', line: 'x=2' })).to.equal('line replaced');
      expect(await said('x=1\nx=2\n', { regexp: '^x=', state: 'absent' })).to.equal('2 line(s) removed');
      expect(await said('b\n', { line: 'b' })).to.equal('');
    });

    it('a file that is not UTF-8 is refused, not rewritten', async () => {
      const host = fakeHost({ files: { '/etc/f': Buffer.from([0x61, 0xff, 0x0a]) } });
      const { plan } = await planOn('lineinfile', { path: '/etc/f', line: 'b' }, host);
      expect(plan.failed).to.equal('/etc/f is not UTF-8 text; refusing to edit it');
    });
  });

  describe('env_file', () => {
    table('env_file', '/etc/default/kubelet', [
      {
        what: 'a new key is appended, quoted',
        before: 'A="1"\n',
        args: { key: 'B', value: 'two words' },
        after: 'A="1"\nB="two words"\n',
      },
      {
        what: 'the last assignment is set in place, keeping export',
        before: 'B=1\nexport B=2\nC=3\n',
        args: { key: 'B', value: '$x' },
        after: 'B=1\nexport B="\\$x"\nC=3\n',
      },
      { what: 'an equal unquoted value', before: 'B=abc\n', args: { key: 'B', value: 'abc' }, after: 'B=abc\n' },
      {
        what: 'absent removes every assignment',
        before: 'B=1\nA=2\nB=3\n',
        args: { key: 'B', state: 'absent' },
        after: 'A=2\n',
      },
      { what: 'a missing file is created by default', args: { key: 'B', value: '1' }, after: 'B="1"\n' },
      {
        what: 'a missing file with create: false',
        args: { key: 'B', value: '1', create: false },
        failed: '/etc/default/kubelet does not exist (set create: true to create it)',
      },
    ]);
  });

  describe('kubelet_flags', () => {
    const key = 'KUBELET_EXTRA_ARGS';
    table('kubelet_flags', '/etc/default/kubelet', [
      {
        what: 'a flag is set and one removed, the others kept in place',
        before: `${key}="--network-plugin=cni --v=2"\nOTHER=1\n`,
        args: {
          key,
          set: { 'container-runtime-endpoint': 'unix:///run/containerd/containerd.sock' },
          remove: ['network-plugin'],
        },
        after: `${key}="--v=2 --container-runtime-endpoint=unix:///run/containerd/containerd.sock"\nOTHER=1\n`,
      },
      {
        what: 'the same flags in another spelling',
        before: `${key}="--v 2"\n`,
        args: { key, set: { v: 2 } },
        after: `${key}="--v 2"\n`,
      },
      {
        what: 'removing a flag that is not there',
        before: `${key}="--v=2"\n`,
        args: { key, remove: ['network-plugin'] },
        after: `${key}="--v=2"\n`,
      },
      {
        what: 'a missing file is created with the variable',
        args: { key, set: { 'node-ip': '10.0.0.1' } },
        after: `${key}="--node-ip=10.0.0.1"\n`,
      },
    ]);
  });

  describe('toml', () => {
    const cri = 'plugins."io.containerd.grpc.v1.cri"';
    table('toml', '/etc/containerd/config.toml', [
      {
        what: 'a key set through missing tables',
        before: 'version = 2\n',
        args: { key: `${cri}.sandbox_image`, value: 'pause:3.9' },
        after: `version = 2\n\n[plugins.${'"io.containerd.grpc.v1.cri"'}]\nsandbox_image = "pause:3.9"\n`,
      },
      {
        what: 'an equal value under comments and another layout',
        before: '# mine\n[a]\n  b = true # on\n',
        args: { key: 'a.b', value: true },
        after: '# mine\n[a]\n  b = true # on\n',
      },
      {
        what: 'absent of a key that is not there',
        before: '[a]\nb = 1\n',
        args: { key: 'a.c', state: 'absent' },
        after: '[a]\nb = 1\n',
      },
      {
        what: 'invalid TOML on the host',
        before: 'a = = 1\n',
        args: { key: 'a', value: 1 },
        failed:
          '/etc/containerd/config.toml is not valid TOML: line 1, column 6: Unexpected character, ' +
          'expecting string, number, datetime, boolean, inline array or inline table',
      },
      {
        what: 'a missing file without create',
        args: { key: 'a', value: 1 },
        failed: '/etc/containerd/config.toml does not exist (set create: true to create it)',
      },
      {
        what: 'a key through a value that is not a table',
        before: 'a = 1\n',
        args: { key: 'a.b', value: 1 },
        failed: '/etc/containerd/config.toml: a is a number (1), not a table, so a.b cannot be set',
      },
    ]);
  });
});
