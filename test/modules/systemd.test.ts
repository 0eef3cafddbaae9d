import { expect } from 'chai';
import { onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';
import { shellQuoteValue as q } from '../../src/quote.js';
import { resetUnits, RUN, WANTS, writeStartHook, writeUnit } from '../lab/sim/units.js';

// The systemd module against the lab's systemctl stand-in: apply (changed, checked on
// the host with the OpenSSH client), apply again (ok), --check (nothing changes).
describe('systemd module', () => {
  const host = () => hostNames()[0]!;
  const is = (what: 'active' | 'enabled', unit: string) =>
    onHost(host(), `systemctl is-${what} -- ${q(unit)} 2>/dev/null; true`).trim();
  const log = (unit: string) => onHost(host(), `cat ${RUN}/${unit}.log 2>/dev/null; true`);
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: s\n      systemd: ${args}\n`, opts))
      .task('s')
      .get(host())!;

  beforeEach(() => {
    resetUnits(host(), 'webapp');
    writeUnit(host(), 'webapp');
  });

  it('started + enabled: changed, the host says active and enabled, then ok', async () => {
    const first = await task('{ name: webapp, state: started, enabled: true }');
    expect(first.status).to.equal('changed');
    expect(first.changes).to.deep.equal(['enable webapp (was disabled)', 'start webapp (was inactive)']);
    expect(first.data.status).to.deep.equal({
      LoadState: 'loaded',
      ActiveState: 'inactive',
      UnitFileState: 'disabled',
    });
    expect([is('active', 'webapp'), is('enabled', 'webapp')]).to.deep.equal(['active', 'enabled']);
    const again = await task('{ name: webapp.service, state: started, enabled: true }');
    expect(again.status).to.equal('ok');
    expect(again.changes).to.deep.equal([]);
  });

  it('--check reports the plan and changes nothing on the host', async () => {
    const before = [treeDigest(host(), RUN), treeDigest(host(), WANTS)];
    const r = await task('{ name: webapp, state: restarted, enabled: true, daemon_reload: true }', { check: true });
    expect(r.status).to.equal('changed');
    expect(r.changes).to.deep.equal(['enable webapp (was disabled)', 'start webapp (was inactive)']);
    expect([treeDigest(host(), RUN), treeDigest(host(), WANTS)], 'not even daemon-reload ran').to.deep.equal(before);
    expect([is('active', 'webapp'), is('enabled', 'webapp')]).to.deep.equal(['inactive', 'disabled']);
  });

  // systemd has no diff mode in Ansible 2.14 (diff_mode support: none). ansible-playbook on
  // this lab host, the same task with --check --diff, --diff, --diff again: changed, changed,
  // ok; no `diff` in any result, registered {changed, enabled, name, state, status}.
  it('--diff: the same changes and no diff; --check --diff: no diff and nothing changes on the host', async () => {
    const before = [treeDigest(host(), RUN), treeDigest(host(), WANTS)];
    const checked = await task('{ name: webapp, state: started, enabled: true }', { check: true, diff: true });
    expect([checked.status, checked.changes, checked.diffs, 'diff' in checked.data]).to.deep.equal([
      'changed',
      ['enable webapp (was disabled)', 'start webapp (was inactive)'],
      [],
      false,
    ]);
    expect([treeDigest(host(), RUN), treeDigest(host(), WANTS)]).to.deep.equal(before);
    const applied = await task('{ name: webapp, state: started, enabled: true }', { diff: true });
    expect([applied.status, applied.diffs, 'diff' in applied.data]).to.deep.equal(['changed', [], false]);
    expect(applied.data).to.deep.include({ name: 'webapp', state: 'started', enabled: true });
    expect([is('active', 'webapp'), is('enabled', 'webapp')]).to.deep.equal(['active', 'enabled']);
    const again = await task('{ name: webapp, state: started, enabled: true }', { diff: true });
    expect([again.status, again.changes, again.diffs]).to.deep.equal(['ok', [], []]);
  });

  it('stopped + enabled false: changed, then ok', async () => {
    onHost(host(), 'systemctl enable --now webapp 2>/dev/null');
    const first = await task('{ name: webapp, state: stopped, enabled: false }');
    expect(first.changes).to.deep.equal(['disable webapp (was enabled)', 'stop webapp (was active)']);
    expect([is('active', 'webapp'), is('enabled', 'webapp')]).to.deep.equal(['inactive', 'disabled']);
    expect((await task('{ name: webapp, state: stopped, enabled: false }')).status).to.equal('ok');
  });

  it('restarted always changes: a running unit is restarted, a stopped one started', async () => {
    const stopped = await task('{ name: webapp, state: restarted }');
    expect(stopped.changes).to.deep.equal(['start webapp (was inactive)']);
    expect(log('webapp')).to.equal('');
    for (let i = 1; i <= 2; i++) {
      const r = await task('{ name: webapp, state: restarted }');
      expect([r.status, r.changes]).to.deep.equal(['changed', ['restart webapp (was active)']]);
      expect(log('webapp').split('\n').filter(Boolean)).to.have.length(i);
    }
    expect(is('active', 'webapp')).to.equal('active');
  });

  it('reloaded reloads a running unit (always a change) and starts a stopped one', async () => {
    expect((await task('{ name: webapp, state: reloaded }')).changes).to.deep.equal(['start webapp (was inactive)']);
    const r = await task('{ name: webapp, state: reloaded }');
    expect([r.status, r.changes]).to.deep.equal(['changed', ['reload webapp (was active)']]);
    expect(onHost(host(), `cat ${RUN}/webapp.journal`)).to.match(/webapp: Reloaded webapp\.\n$/);
  });

  // ansible-playbook 2.14 on the same lab host: `daemon_reload: true` alone is "ok" on every
  // run (and the reload still runs); with a state that needs a start, "changed" once.
  it('daemon_reload runs first on every run but is no change by itself, as Ansible (issue 28)', async () => {
    const count = () => Number(onHost(host(), `cat ${RUN}/daemon-reloads 2>/dev/null || echo 0`));
    const before = count();
    const r = await task('{ name: webapp, daemon_reload: true, state: started }');
    expect([r.status, r.changes]).to.deep.equal(['changed', ['start webapp (was inactive)']]);
    const again = await task('{ name: webapp, daemon_reload: true, state: started }');
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
    const alone = (
      await runYaml(
        `- hosts: ${host()}\n  tasks:\n    - name: s\n      ansible.builtin.systemd: { daemon_reload: true }\n`,
      )
    )
      .task('s')
      .get(host())!;
    expect([alone.status, alone.changes, alone.data.name]).to.deep.equal(['ok', [], null]);
    expect(count()).to.equal(before + 3);
  });

  it('a unit file written just before is found once daemon_reload has run (not under --check)', async () => {
    writeUnit(host(), 'webapp-late');
    const r = await task('{ name: webapp-late, daemon_reload: true, state: started }');
    expect([r.status, r.changes]).to.deep.equal(['changed', ['start webapp-late (was inactive)']]);
    resetUnits(host(), 'webapp-late');
  });

  it("masked: true links the unit to /dev/null (stopping it first is the state's job), then ok; masked: false undoes it", async () => {
    resetUnits(host(), 'webapp');
    writeUnit(host(), 'webapp', { dir: '/lib/systemd/system' });
    const first = await task('{ name: webapp, masked: true }');
    expect([first.status, first.changes]).to.deep.equal(['changed', ['mask webapp (was disabled)']]);
    expect(onHost(host(), 'readlink /etc/systemd/system/webapp.service').trim()).to.equal('/dev/null');
    expect(is('enabled', 'webapp')).to.equal('masked');
    expect((await task('{ name: webapp, masked: true, enabled: false }')).status).to.equal('ok');
    const start = await task('{ name: webapp, state: started }');
    expect(start.status).to.equal('failed');
    expect(start.msg).to.match(
      /^start webapp failed on node1: Failed to start webapp\.service: Unit webapp\.service is masked\.\n.*\n +Loaded: masked/,
    );
    const checked = await task('{ name: webapp, masked: false, state: started }', { check: true });
    expect([checked.status, checked.changes]).to.deep.equal([
      'changed',
      ['unmask webapp (was masked)', 'start webapp (was inactive)'],
    ]);
    expect(is('enabled', 'webapp')).to.equal('masked');
    const un = await task('{ name: webapp, masked: false, state: started }');
    expect([un.status, un.changes]).to.deep.equal([
      'changed',
      ['unmask webapp (was masked)', 'start webapp (was inactive)'],
    ]);
    expect([is('active', 'webapp'), is('enabled', 'webapp')]).to.deep.equal(['active', 'disabled']);
    expect(un.data).to.deep.include({ name: 'webapp', state: 'started' });
  });

  it('a unit whose start fails: the task fails with systemctl’s words and the status lines', async () => {
    writeStartHook(host(), 'webapp', 1, 'webapp: invalid config /etc/webapp.conf line 7');
    const r = await task('{ name: webapp, state: started }');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(
      /^start webapp failed on node1: Job for webapp\.service failed because the control process exited with error code\./,
    );
    expect(r.msg)
      .to.contain('Active: failed (Result: exit-code)')
      .and.contain('webapp: invalid config /etc/webapp.conf line 7');
    expect(is('active', 'webapp')).to.equal('failed');
  });

  it('a missing unit fails, naming it and the host; stopped or disabled is ok (nothing to stop)', async () => {
    const r = await task('{ name: webapp-missing, state: started }');
    expect([r.status, r.msg]).to.deep.equal(['failed', 'unit webapp-missing not found on node1']);
    expect((await task('{ name: webapp-missing, enabled: true }')).status).to.equal('failed');
    const off = await task('{ name: webapp-missing, state: stopped, enabled: false }');
    expect([off.status, off.msg]).to.deep.equal([
      'ok',
      'unit webapp-missing not found on node1: nothing to stop or disable',
    ]);
  });

  it('with daemon_reload a missing unit is looked up again after the reload', async () => {
    const planned = await task('{ name: webapp-late, daemon_reload: true, state: started, enabled: true }', {
      check: true,
    });
    expect([planned.status, planned.changes]).to.deep.equal([
      'changed',
      ['enable webapp-late, start webapp-late (once daemon-reload has loaded it)'],
    ]);
    const r = await task('{ name: webapp-late, daemon_reload: true, state: started }');
    expect([r.status, r.msg]).to.deep.equal(['failed', 'unit webapp-late not found on node1']);
  });

  it('a static unit can be started but not disabled', async () => {
    writeUnit(host(), 'webapp-static', { install: false });
    expect((await task('{ name: webapp-static, state: started, enabled: true }')).changes).to.deep.equal([
      'start webapp-static (was inactive)',
    ]);
    const r = await task('{ name: webapp-static, enabled: false }');
    expect([r.status, r.msg]).to.deep.equal([
      'failed',
      'unit webapp-static is static on node1: systemctl cannot disable it',
    ]);
  });

  it('names are quoted: odd characters reach systemctl intact and nothing is injected', async () => {
    const odd = 'webapp@a:b\\x2dc';
    writeUnit(host(), odd);
    expect((await task(`{ name: '${odd}', state: started }`)).status).to.equal('changed');
    expect(is('active', odd)).to.equal('active');
    expect(is('active', 'webapp@a:b-c')).to.equal('inactive');
    for (const evil of [
      'webapp$(touch /tmp/pwned)',
      'webapp; touch /tmp/pwned',
      "webapp' && touch /tmp/pwned '",
      '-webapp',
    ]) {
      const r = await task(`{ name: ${JSON.stringify(evil)}, state: started }`);
      expect([r.status, r.msg]).to.deep.equal(['failed', `unit ${evil} not found on node1`]);
    }
    expect(onHost(host(), 'test -e /tmp/pwned && echo INJECTED; true')).to.equal('');
  });

  it('rejects arguments it does not know, before running anything', async () => {
    let err: Error | undefined;
    await task('{ name: webapp, state: started, maskd: false }').catch((e: Error) => (err = e));
    expect(err?.message).to.match(/maskd/);
    expect(is('active', 'webapp')).to.equal('inactive');
  });
});
