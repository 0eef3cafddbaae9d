// Decision tables of copy, template and file on a FAKE host (test/support/fake-connection.ts):
// what each plans for each state of the path, and that applying it leaves nothing
// to do. Real hosts: test/modules/files.test.ts and copy-validate-backup.test.ts.
import { expect } from 'chai';
import { fakeHost, type FakeHostSpec } from '../../support/fake-connection.js';
import { converge, planOn } from '../../support/plan-module.js';

describe('decision tables (fake host): copy, template, file', () => {
  describe('copy', () => {
    const rows: { state: string; files: FakeHostSpec['files']; args: Record<string, unknown>; changes: RegExp[] }[] = [
      {
        state: 'missing file',
        files: {},
        args: { dest: '/etc/app.conf', content: 'a\n' },
        changes: [/^write \/etc\/app\.conf \(2 bytes\)$/],
      },
      {
        state: 'same content',
        files: { '/etc/app.conf': 'a\n' },
        args: { dest: '/etc/app.conf', content: 'a\n' },
        changes: [],
      },
      {
        state: 'other content',
        files: { '/etc/app.conf': 'b\n' },
        args: { dest: '/etc/app.conf', content: 'a\n' },
        changes: [/^write \/etc\/app\.conf \(2 bytes\)$/],
      },
      {
        state: 'same content, other mode',
        files: { '/etc/app.conf': { content: 'a\n', mode: 0o600 } },
        args: { dest: '/etc/app.conf', content: 'a\n', mode: '0644' },
        changes: [/^chmod 0644 \/etc\/app\.conf \(was 0600\)$/],
      },
      {
        state: 'same content, other owner',
        files: { '/etc/app.conf': 'a\n' },
        args: { dest: '/etc/app.conf', content: 'a\n', owner: 'deploy' },
        changes: [/^chown 1000:0 \/etc\/app\.conf \(was 0:0\)$/],
      },
      {
        state: 'other content, backup asked',
        files: { '/etc/app.conf': 'b\n' },
        args: { dest: '/etc/app.conf', content: 'a\n', backup: true },
        changes: [/^write \/etc\/app\.conf \(2 bytes, old file backed up\)$/],
      },
    ];
    for (const row of rows) {
      it(`${row.state}: ${row.changes.length ? 'changes' : 'ok'}, and a second plan after applying is ok`, async () => {
        const host = fakeHost({ files: row.files, users: { deploy: 1000 } });
        const { first, applied, again } = await converge('copy', row.args, host);
        expect(first.plan.failed).to.equal(undefined);
        expect(first.changes).to.have.length(row.changes.length);
        first.changes.forEach((c, i) => {
          expect(c).to.match(row.changes[i]!);
        });
        expect(applied.every((r) => !r.failed)).to.equal(true);
        expect(again.changes).to.deep.equal([]);
        expect(host.text('/etc/app.conf')).to.equal('a\n');
      });
    }

    it("a backup keeps the old bytes beside the file, with its mode, under Ansible's name", async () => {
      const host = fakeHost({ files: { '/etc/app.conf': { content: 'old\n', mode: 0o640 } } });
      const { applied } = await converge('copy', { dest: '/etc/app.conf', content: 'new\n', backup: true }, host);
      const backup = String(applied[0]!.data!.backup_file);
      expect(backup).to.equal('/etc/app.conf.4242.2026-01-01@00:00:00~'); // the fake's pid and clock
      expect(host.text(backup)).to.equal('old\n');
      expect((await host.stat(backup))!.mode).to.equal(0o640);
      expect((await host.stat('/etc/app.conf'))!.mode).to.equal(0o640);
    });

    it('an unknown owner fails before anything is written', async () => {
      const host = fakeHost({ files: { '/etc/app.conf': 'b\n' } });
      const { plan } = await planOn('copy', { dest: '/etc/app.conf', content: 'a\n', owner: 'nobody-here' }, host);
      expect(plan.failed).to.equal('user "nobody-here" does not exist on node1');
      expect(plan.changes).to.deep.equal([]);
      expect(host.text('/etc/app.conf')).to.equal('b\n');
    });

    it('src: into an existing directory puts the file under its own name', async () => {
      const host = fakeHost({ files: { '/etc/app': { dir: true } } });
      const { first, again } = await converge('copy', { src: 'app.conf', dest: '/etc/app' }, host, {
        controller: { 'files/app.conf': 'x = 1\n' },
      });
      expect(first.changes).to.deep.equal(['write /etc/app/app.conf (6 bytes)']);
      expect(host.text('/etc/app/app.conf')).to.equal('x = 1\n');
      expect(again.changes).to.deep.equal([]);
    });

    it('check mode plans the same write and the host keeps its file', async () => {
      const host = fakeHost({ files: { '/etc/app.conf': 'b\n' } });
      const { changes, plan } = await planOn('copy', { dest: '/etc/app.conf', content: 'a\n' }, host, { check: true });
      expect(changes).to.deep.equal(['write /etc/app.conf (2 bytes)']);
      expect(plan.changes[0]!.diff).to.deep.equal({ path: '/etc/app.conf', before: 'b\n', after: 'a\n' });
      expect(host.text('/etc/app.conf')).to.equal('b\n');
      expect(host.ops).to.deep.equal([]);
    });

    it('a directory in the way is refused, naming it', async () => {
      const host = fakeHost({ files: { '/etc/app.conf/x': 'inside\n' } });
      let err: Error | undefined;
      await planOn('copy', { dest: '/etc/app.conf/', content: 'a\n' }, host).catch((e: Error) => (err = e));
      expect(err?.message).to.equal('/etc/app.conf/ exists and is a directory, not a regular file');
    });
  });

  describe('template', () => {
    it("renders with the host's variables; the same render again is ok", async () => {
      const host = fakeHost();
      const opts = {
        vars: { port: 8080 },
        controller: { 'templates/app.conf.j2': 'host={{ inventory_hostname }} port={{ port }}\n' },
      };
      const { first, again } = await converge('template', { src: 'app.conf.j2', dest: '/etc/app.conf' }, host, opts);
      expect(first.changes).to.deep.equal(['write /etc/app.conf (21 bytes)']);
      expect(host.text('/etc/app.conf')).to.equal('host=node1 port=8080\n');
      expect(again.changes).to.deep.equal([]);
    });

    it('a .toml destination that would not parse fails before anything is written', async () => {
      const host = fakeHost({ files: { '/etc/containerd/config.toml': 'version = 2\n' } });
      const { plan } = await planOn('template', { src: 'c.toml', dest: '/etc/containerd/config.toml' }, host, {
        controller: { 'templates/c.toml': 'version = = 2\n' },
      });
      expect(plan.failed).to.match(
        /^template c\.toml renders invalid TOML for \/etc\/containerd\/config\.toml \(rendered line 1, column \d+\): /,
      );
      expect(host.text('/etc/containerd/config.toml')).to.equal('version = 2\n');
    });
  });

  describe('file', () => {
    const rows: {
      state: string;
      files: FakeHostSpec['files'];
      args: Record<string, unknown>;
      changes: string[];
      failed?: string;
      again?: string[];
    }[] = [
      {
        state: 'directory wanted, missing with its parent',
        files: {},
        args: { path: '/opt/a/b', state: 'directory', mode: '0750' },
        changes: ['create directory /opt/a/b (0750)'],
      },
      {
        state: 'directory wanted, there',
        files: { '/opt/a': { dir: true } },
        args: { path: '/opt/a/', state: 'directory' },
        changes: [],
      },
      {
        state: 'directory wanted, other mode',
        files: { '/opt/a': { dir: true, mode: 0o700 } },
        args: { path: '/opt/a', state: 'directory', mode: '0755' },
        changes: ['chmod 0755 (was 0700) /opt/a'],
      },
      {
        state: 'absent wanted, a file',
        files: { '/opt/a': 'x' },
        args: { path: '/opt/a', state: 'absent' },
        changes: ['remove /opt/a'],
      },
      {
        state: 'absent wanted, a tree',
        files: { '/opt/a/b/c': 'x' },
        args: { path: '/opt/a', state: 'absent' },
        changes: ['remove directory /opt/a and its contents'],
      },
      { state: 'absent wanted, missing', files: {}, args: { path: '/opt/a', state: 'absent' }, changes: [] },
      {
        state: 'touch, missing',
        files: {},
        args: { path: '/opt/flag', state: 'touch' },
        changes: ['create empty file /opt/flag'],
        again: ['touch /opt/flag (update its access and modification time)'],
      },
      {
        state: 'mode of a missing file',
        files: {},
        args: { path: '/opt/a', mode: '0600' },
        changes: [],
        failed: 'file (/opt/a) is absent, cannot continue',
      },
      {
        state: 'touch on a directory (as Ansible: its times)',
        files: { '/opt/a': { dir: true } },
        args: { path: '/opt/a', state: 'touch' },
        changes: ['touch /opt/a (update its access and modification time)'],
        again: ['touch /opt/a (update its access and modification time)'],
      },
    ];
    for (const row of rows) {
      it(`${row.state}: ${row.failed ? 'fails' : row.changes.length ? row.changes.join('; ') : 'ok'}`, async () => {
        const host = fakeHost({ files: row.files });
        const { first, again } = await converge('file', row.args, host);
        expect(first.changes).to.deep.equal(row.changes);
        expect(first.plan.failed).to.equal(row.failed);
        if (!row.failed) expect(again.changes).to.deep.equal(row.again ?? []);
      });
    }

    it('touch of an existing file is a change every time, as in Ansible', async () => {
      const host = fakeHost({ files: { '/opt/flag': '' } });
      const { first, again } = await converge('file', { path: '/opt/flag', state: 'touch' }, host);
      expect(first.changes).to.deep.equal(['touch /opt/flag (update its access and modification time)']);
      expect(again.changes).to.deep.equal(first.changes);
      expect(host.commands.filter((c) => c.startsWith('touch '))).to.deep.equal(['touch -c -- /opt/flag']);
    });

    // ansible-core 2.14 gives the parents it makes the mode too (the file-states corpus case).
    it('a directory made with its parents: the parents and the target get its mode, as Ansible', async () => {
      const host = fakeHost();
      await converge('file', { path: '/opt/a/b', state: 'directory', mode: '0750' }, host);
      expect((await host.stat('/opt/a'))!.mode).to.equal(0o750);
      expect((await host.stat('/opt/a/b'))!.mode).to.equal(0o750);
    });
  });
});
