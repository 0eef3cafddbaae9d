// Decision tables of systemd, package (apt) and command/shell's creates:/removes:
// guards on a FAKE host (test/support/fake-connection.ts): which commands each
// plans for each state, and that a second plan after applying is ok. Real
// hosts: test/modules/systemd.test.ts, package-apt.test.ts, command.test.ts.
import { expect } from 'chai';
import { aptAnswers, type AptState } from '../../support/fake-apt.js';
import { fakeHost, type FakeUnit } from '../../support/fake-connection.js';
import { converge, planOn } from '../../support/plan-module.js';
import { splitCommand } from '../../../src/modules/command.js';

describe('decision tables (fake host): systemd, package, command and shell guards', () => {
  describe('systemd', () => {
    const unit = (ActiveState: string, UnitFileState: string): FakeUnit => ({ ActiveState, UnitFileState });
    const rows: { unit?: FakeUnit; args: Record<string, unknown>; changes: string[]; again?: string[] }[] = [
      {
        unit: unit('inactive', 'disabled'),
        args: { state: 'started', enabled: true },
        changes: ['enable app (was disabled)', 'start app (was inactive)'],
      },
      { unit: unit('active', 'enabled'), args: { state: 'started', enabled: true }, changes: [] },
      { unit: unit('activating', 'enabled'), args: { state: 'started' }, changes: [] },
      {
        unit: unit('active', 'enabled'),
        args: { state: 'stopped', enabled: false },
        changes: ['disable app (was enabled)', 'stop app (was active)'],
      },
      { unit: unit('deactivating', 'disabled'), args: { state: 'stopped' }, changes: ['stop app (was deactivating)'] },
      {
        unit: unit('active', 'enabled'),
        args: { state: 'restarted' },
        changes: ['restart app (was active)'],
        again: ['restart app (was active)'],
      },
      {
        unit: unit('inactive', 'enabled'),
        args: { state: 'restarted' },
        changes: ['start app (was inactive)'],
        again: ['restart app (was active)'],
      },
      {
        unit: unit('active', 'enabled'),
        args: { state: 'reloaded' },
        changes: ['reload app (was active)'],
        again: ['reload app (was active)'],
      },
      {
        unit: unit('inactive', 'static'),
        args: { state: 'started', enabled: true },
        changes: ['start app (was inactive)'],
      },
      { unit: unit('active', 'masked'), args: { enabled: false }, changes: [] },
      { unit: unit('active', 'enabled'), args: { daemon_reload: true }, changes: [] },
      { args: { state: 'stopped', enabled: false }, changes: [] },
      {
        unit: { loadsOnReload: true },
        args: { state: 'started', daemon_reload: true },
        changes: ['start app (was inactive)'],
      },
    ];
    for (const row of rows) {
      const was = row.unit
        ? `${row.unit.loadsOnReload ? 'not loaded yet' : `${row.unit.ActiveState}/${row.unit.UnitFileState}`}`
        : 'missing';
      it(`${was} + ${JSON.stringify(row.args)}: ${row.changes.join(', ') || 'ok'}`, async () => {
        const host = fakeHost({ units: row.unit ? { app: row.unit } : {} });
        const { first, applied, again } = await converge('systemd', { name: 'app', ...row.args }, host);
        expect(first.plan.failed).to.equal(undefined);
        expect(first.changes).to.deep.equal(row.changes);
        expect(applied.filter((r) => r.failed)).to.deep.equal([]);
        expect(again.changes).to.deep.equal(row.again ?? []);
      });
    }

    // ansible-core 2.14: daemon_reload runs on every run (never under --check) and is no change by itself.
    it('daemon_reload reloads before the unit is read, on every run, and is no change by itself', async () => {
      const host = fakeHost({ units: { app: { loadsOnReload: true } } });
      const { first, again } = await converge('systemd', { name: 'app', state: 'started', daemon_reload: true }, host);
      expect(first.changes).to.deep.equal(['start app (was inactive)']);
      expect(again.changes).to.deep.equal([]);
      expect(host.commands.filter((c) => c === 'systemctl daemon-reload')).to.have.length(2);
    });

    it('a missing unit that must run fails, naming it and the host, and runs nothing but the read', async () => {
      const host = fakeHost();
      const { plan } = await planOn('systemd', { name: 'app', state: 'started' }, host);
      expect(plan.failed).to.equal('unit app not found on node1');
      expect(host.commands).to.deep.equal(['systemctl show -p LoadState,ActiveState,UnitFileState -- app']);
    });

    it('a static unit cannot be disabled: the task fails before any command', async () => {
      const host = fakeHost({ units: { app: unit('active', 'static') } });
      const { plan } = await planOn('systemd', { name: 'app', enabled: false }, host);
      expect(plan.failed).to.equal('unit app is static on node1: systemctl cannot disable it');
    });

    it('a unit whose start fails: the change fails with the status lines', async () => {
      const host = fakeHost({ units: { app: { startFails: true } } });
      const { applied } = await converge('systemd', { name: 'app', state: 'started' }, host);
      expect(applied).to.have.length(1);
      expect(applied[0]!.failed).to.equal(true);
      expect(applied[0]!.msg).to.equal(
        'start app failed on node1: the unit is not active afterwards\n× app.service\n     Active: failed (Result: exit-code)',
      );
    });
  });

  describe('package (apt)', () => {
    const state = (installed: Record<string, string> = {}): AptState => ({
      installed,
      offered: { hello: ['2.0-1', '1.0-1'], extra: ['1.0-1'] },
    });
    const rows: {
      installed?: Record<string, string>;
      args: Record<string, unknown>;
      changes: string[];
      failed?: string;
    }[] = [
      { args: { name: ['hello', 'extra'] }, changes: ['install hello 2.0-1', 'install extra 1.0-1'] },
      { installed: { hello: '1.0-1' }, args: { name: 'hello' }, changes: [] },
      {
        installed: { hello: '1.0-1' },
        args: { name: 'hello', state: 'latest' },
        changes: ['upgrade hello 1.0-1 → 2.0-1'],
      },
      {
        installed: { hello: '2.0-1' },
        args: { name: 'hello', version: '1.0-1' },
        changes: ['install hello 1.0-1 (was 2.0-1)'],
      },
      { installed: { hello: '1.0-1' }, args: { name: 'hello', version: '1.0-1' }, changes: [] },
      {
        installed: { hello: '1.0-1' },
        args: { name: ['hello', 'extra'], state: 'absent' },
        changes: ['remove hello 1.0-1'],
      },
      {
        args: { name: 'hello', version: '3.0-1' },
        changes: [],
        failed: 'not available from the repositories of node1 (apt): hello version 3.0-1 (offered: 2.0-1, 1.0-1)',
      },
      { args: { name: 'nosuch' }, changes: [], failed: 'not available from the repositories of node1 (apt): nosuch' },
    ];
    for (const row of rows) {
      it(`${JSON.stringify(row.installed ?? {})} + ${JSON.stringify(row.args)}: ${row.failed ? 'fails' : row.changes.join(', ') || 'ok'}`, async () => {
        const apt = state({ ...row.installed });
        const host = fakeHost({ commands: [aptAnswers(apt)] });
        const { first, again } = await converge('package', row.args, host);
        expect(first.changes).to.deep.equal(row.changes);
        expect(first.plan.failed).to.equal(row.failed);
        if (!row.failed) expect(again.changes).to.deep.equal([]);
        // One apt-get run for all of a task's packages.
        expect(host.commands.filter((c) => / apt-get .* (install|remove) /.test(c))).to.have.length(
          row.changes.length ? 1 : 0,
        );
      });
    }

    it('update_cache runs first, is not a change, and is not run under --check', async () => {
      const host = fakeHost({
        commands: [aptAnswers(state({ hello: '2.0-1' })), (c) => (/apt-get -q .* update$/.test(c) ? {} : undefined)],
      });
      const { plan, changes } = await planOn('package', { name: 'hello', update_cache: true }, host);
      expect([changes, plan.data]).to.deep.equal([
        [],
        { manager: 'apt', cache_updated: true, installed: { hello: '2.0-1' } },
      ]);
      const checked = fakeHost({ commands: [aptAnswers(state({ hello: '2.0-1' }))] });
      const dry = await planOn('package', { name: 'hello', update_cache: true }, checked, { check: true });
      expect(dry.plan.data).to.deep.include({ cache_updated: false });
      expect(checked.commands.some((c) => c.endsWith(' update'))).to.equal(false);
    });

    it("an install that fails fails the task with apt's last lines", async () => {
      const host = fakeHost({ commands: [aptAnswers({ ...state(), broken: ['hello'] })] });
      const { applied } = await converge('package', { name: 'hello' }, host);
      expect(applied[0]!.failed).to.equal(true);
      expect(applied[0]!.msg).to.equal(
        'apt could not install hello=2.0-1 on node1 (exit code 100):\nE: Sub-process /usr/bin/dpkg returned an error code (1)',
      );
    });
  });

  describe('command and shell: creates and removes', () => {
    const rows: {
      module: string;
      files: Record<string, string>;
      guard: Record<string, string>;
      runs: boolean;
      msg?: string;
    }[] = [
      {
        module: 'command',
        files: { '/opt/done': '' },
        guard: { creates: '/opt/done' },
        runs: false,
        msg: 'not run: /opt/done exists',
      },
      { module: 'command', files: {}, guard: { creates: '/opt/done' }, runs: true },
      {
        module: 'command',
        files: {},
        guard: { removes: '/opt/todo' },
        runs: false,
        msg: 'not run: /opt/todo does not exist',
      },
      { module: 'command', files: { '/opt/todo': '' }, guard: { removes: '/opt/todo' }, runs: true },
      {
        module: 'shell',
        files: { '/opt/app/a.done': '' },
        guard: { creates: '/opt/app/*.done' },
        runs: false,
        msg: 'not run: /opt/app/*.done exists',
      },
      { module: 'shell', files: { '/opt/app/a.todo': '' }, guard: { creates: '/opt/app/*.done' }, runs: true },
      {
        module: 'command',
        files: {},
        guard: { removes: '/opt/app/*.todo' },
        runs: false,
        msg: 'not run: /opt/app/*.todo does not exist',
      },
    ];
    for (const row of rows) {
      it(`${row.module} with ${JSON.stringify(row.guard)} and ${JSON.stringify(Object.keys(row.files))}: ${row.runs ? 'runs' : 'does not run'}`, async () => {
        const host = fakeHost({ files: row.files });
        const { plan, changes } = await planOn(row.module, { cmd: 'make-it', ...row.guard }, host);
        const shown = row.module === 'shell' ? 'run: /bin/sh -c make-it' : 'run: make-it';
        expect(changes).to.deep.equal(row.runs ? [shown] : []);
        expect(plan.msg).to.equal(row.msg);
        expect(host.commands.some((c) => c.includes('make-it'))).to.equal(false); // planning runs nothing
      });
    }

    // ansible-playbook 2.14 splits with Python's shlex (expands nothing): `dpkg-query -f=${Version}`
    // reaches the program with its braces, `$'x'` stays a dollar and a quoted x.
    it("command keeps $VAR, ${VAR} and $'…' as written, quoted or not", () => {
      expect(splitCommand(`dpkg-query -W -f=\${Version} pkg`)).to.deep.equal([
        'dpkg-query',
        '-W',
        '-f=${Version}',
        'pkg',
      ]);
      expect(splitCommand(`echo '\${A}' "\${B} $C" $D \\$E $'x'`)).to.deep.equal([
        'echo',
        '${A}',
        '${B} $C',
        '$D',
        '$E',
        '$x',
      ]);
    });

    it('command refuses a shell operator, naming it', async () => {
      let err: Error | undefined;
      await planOn('command', { cmd: 'make-it | tee log' }, fakeHost()).catch((e: Error) => (err = e));
      expect(err?.message).to.equal('"make-it | tee log" uses the shell operator "|": use the shell module, or argv:');
    });
  });
});
