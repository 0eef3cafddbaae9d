import { expect } from 'chai';
import { onHost } from '../../support/host-shell.js';
import { hostNames } from '../../support/run.js';
import { resetUnits, runOn, RUN, WANTS, writeStartHook, writeUnit } from './units.js';

// The systemctl stand-in on real lab hosts: each subcommand, its exit codes and words.
describe('lab systemctl stand-in', () => {
  const host = () => hostNames()[0]!;
  const sc = (args: string) => runOn(host(), `systemctl ${args}`);

  beforeEach(() => {
    resetUnits(host(), 'simt');
    writeUnit(host(), 'simt');
  });

  it('is the systemctl first on PATH of every host, and each host keeps its own units', () => {
    for (const h of hostNames())
      expect(onHost(h, 'command -v systemctl; head -n 2 "$(command -v systemctl)"')).to.match(
        /^\/usr\/local\/bin\/systemctl\n#!\/bin\/bash\n# SIMULATION/,
      );
    expect(sc('start simt').rc).to.equal(0);
    const other = hostNames()[1];
    if (other) expect(runOn(other, 'systemctl is-active simt')).to.deep.equal({ rc: 3, out: 'inactive\n', err: '' });
  });

  it('start, is-active and stop: exit codes 0 and 3, ".service" optional', () => {
    expect(sc('is-active simt')).to.deep.equal({ rc: 3, out: 'inactive\n', err: '' });
    expect(sc('start simt.service')).to.deep.equal({ rc: 0, out: '', err: '' });
    expect(sc('is-active simt')).to.deep.equal({ rc: 0, out: 'active\n', err: '' });
    expect(sc('is-active --quiet simt.service')).to.deep.equal({ rc: 0, out: '', err: '' });
    expect(onHost(host(), `cat ${RUN}/simt.state`)).to.equal('active\n');
    expect(sc('stop simt').rc).to.equal(0);
    expect(sc('is-active -q simt')).to.deep.equal({ rc: 3, out: '', err: '' });
  });

  it('enable and disable make and remove the wants/ symlink; is-enabled reads it', () => {
    expect(sc('is-enabled simt')).to.deep.equal({ rc: 1, out: 'disabled\n', err: '' });
    const enable = sc('enable simt');
    expect(enable.rc).to.equal(0);
    expect(enable.err).to.equal(`Created symlink ${WANTS}/simt.service → /etc/systemd/system/simt.service.\n`);
    expect(onHost(host(), `readlink ${WANTS}/simt.service`)).to.equal('/etc/systemd/system/simt.service\n');
    expect(sc('is-enabled --quiet simt')).to.deep.equal({ rc: 0, out: '', err: '' });
    expect(sc('is-active simt').rc).to.equal(3, 'enable alone does not start');
    expect(sc('disable simt').err).to.equal(`Removed "${WANTS}/simt.service".\n`);
    expect(onHost(host(), `test -e ${WANTS}/simt.service || echo gone`)).to.equal('gone\n');
  });

  it('enable --now starts and disable --now stops; a unit without [Install] is static', () => {
    expect(sc('enable --now simt').rc).to.equal(0);
    expect(sc('is-active simt').out).to.equal('active\n');
    expect(sc('disable --now simt').rc).to.equal(0);
    expect(sc('is-active simt').out).to.equal('inactive\n');
    expect(sc('is-enabled simt').out).to.equal('disabled\n');
    writeUnit(host(), 'simt-static', { dir: '/lib/systemd/system', install: false });
    expect(sc('is-enabled simt-static')).to.deep.equal({ rc: 0, out: 'static\n', err: '' });
  });

  it('show prints the asked properties, --value only their values; ExecMainPID is the live main process', () => {
    const props = '-p LoadState,ActiveState,SubState,UnitFileState,ExecMainPID';
    expect(sc(`show ${props} simt`).out).to.equal(
      'LoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=disabled\nExecMainPID=0\n',
    );
    sc('start simt');
    const pid = sc('show -p ExecMainPID --value simt').out.trim();
    expect(Number(pid)).to.be.greaterThan(1);
    expect(onHost(host(), `cat /proc/${pid}/cmdline | tr '\\0' ' '`)).to.equal('sleep infinity ');
    expect(sc('show --property=ActiveState --property SubState simt').out).to.equal(
      'ActiveState=active\nSubState=running\n',
    );
    sc('restart simt');
    expect(sc('show -p ExecMainPID --value simt').out.trim()).to.not.equal(pid);
    expect(onHost(host(), `kill -0 ${pid} 2>/dev/null || echo dead`)).to.equal('dead\n');
  });

  it('restart appends to NAME.log; try-restart restarts only a running unit; reload needs one', () => {
    expect(sc('reload simt')).to.deep.equal({
      rc: 1,
      out: '',
      err: 'Failed to reload simt.service: Job type reload is not applicable for unit simt.service.\n',
    });
    expect(sc('try-restart simt').rc).to.equal(0);
    expect(sc('is-active simt').out).to.equal('inactive\n');
    expect(sc('restart simt').rc).to.equal(0);
    expect(sc('is-active simt').out).to.equal('active\n');
    expect(sc('try-restart simt').rc).to.equal(0);
    expect(sc('reload simt').rc).to.equal(0);
    expect(onHost(host(), `cat ${RUN}/simt.log`)).to.match(/^restart \d+\nrestart \d+\n$/);
  });

  it('an unknown unit: start/stop exit 5, status 4, is-active 3, is-enabled 1, show says not-found', () => {
    expect(sc('start simt-nope')).to.deep.equal({
      rc: 5,
      out: '',
      err: 'Failed to start simt-nope.service: Unit simt-nope.service not found.\n',
    });
    expect(sc('stop simt-nope')).to.deep.equal({
      rc: 5,
      out: '',
      err: 'Failed to stop simt-nope.service: Unit simt-nope.service not loaded.\n',
    });
    expect(sc('status simt-nope')).to.deep.equal({
      rc: 4,
      out: '',
      err: 'Unit simt-nope.service could not be found.\n',
    });
    expect(sc('is-active simt-nope')).to.deep.equal({ rc: 3, out: 'inactive\n', err: '' });
    expect(sc('is-enabled simt-nope')).to.deep.equal({
      rc: 1,
      out: '',
      err: 'Failed to get unit file state for simt-nope.service: No such file or directory\n',
    });
    expect(sc('enable simt-nope')).to.deep.equal({
      rc: 1,
      out: '',
      err: 'Failed to enable unit: Unit file simt-nope.service does not exist.\n',
    });
    expect(sc('show -p LoadState,UnitFileState simt-nope')).to.deep.equal({
      rc: 0,
      out: 'LoadState=not-found\nUnitFileState=\n',
      err: '',
    });
    // Outside systemd's alphabet a name never exists, so it never becomes a path.
    expect(sc(`show -p LoadState --value '../system/simt'`).out).to.equal('not-found\n');
  });

  it('daemon-reload counts its runs in /run/sim-systemd/daemon-reloads', () => {
    const count = () => Number(onHost(host(), `cat ${RUN}/daemon-reloads 2>/dev/null || echo 0`));
    const before = count();
    expect(sc('daemon-reload')).to.deep.equal({ rc: 0, out: '', err: '' });
    sc('daemon-reload');
    expect(count()).to.equal(before + 2);
  });

  it('a start hook that exits non-zero leaves the unit failed, and status shows what it printed', () => {
    writeStartHook(host(), 'simt', 2, 'simt: bad config at line 3');
    const start = sc('start simt');
    expect(start.rc).to.equal(1);
    expect(start.err).to.equal(
      'Job for simt.service failed because the control process exited with error code.\nSee "systemctl status ' +
        'simt.service" and "journalctl -xeu simt.service" for details.\n',
    );
    expect(sc('is-failed simt')).to.deep.equal({ rc: 0, out: 'failed\n', err: '' });
    expect(sc('is-active simt')).to.deep.equal({ rc: 3, out: 'failed\n', err: '' });
    expect(sc('show -p ActiveState,SubState simt').out).to.equal('ActiveState=failed\nSubState=failed\n');
    const status = sc('status simt');
    expect(status.rc).to.equal(3);
    expect(status.out).to.contain('● simt.service - Lab unit simt\n').and.contain('Active: failed (Result: exit-code)');
    expect(status.out).to.match(
      / simt: simt: bad config at line 3\n.* simt: simt\.service: Control process exited, code=exited, status=2\/FAILURE\n/,
    );
    onHost(host(), 'rm /etc/sim-systemd/simt.start');
    expect(sc('restart simt').rc).to.equal(0);
    expect(sc('is-active simt').out).to.equal('active\n');
  });

  it('a main process killed behind its back makes the unit failed', () => {
    sc('start simt');
    onHost(host(), `kill -9 $(cat ${RUN}/simt.pid)`);
    expect(sc('is-active simt').out).to.equal('failed\n');
    expect(sc('show -p ExecMainPID --value simt').out).to.equal('0\n');
  });
});
