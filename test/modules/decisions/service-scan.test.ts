import { expect } from 'chai';
import {
  activeStateOf,
  sysvServices,
  unitFileRows,
  unitsListed,
  withUnitFiles,
} from '../../../src/modules/system/service-scan.js';

// The parsing of Ansible 2.14's service_facts, on output as systemd 252 and Debian's
// `service` print it (the same lines Ansible parses in the `service-facts` corpus case).
describe('service_facts scans (output → facts)', () => {
  it('service --status-all: + running, - stopped, ? left out', () => {
    expect(sysvServices(' [ + ]  ssh\n [ - ]  dbus\n [ ? ]  hwclock.sh\n')).to.deep.equal({
      ssh: { name: 'ssh', state: 'running', source: 'sysv' },
      dbus: { name: 'dbus', state: 'stopped', source: 'sysv' },
    });
  });

  it('list-units: the mark column of failed, masked and missing units; SUB running alone is running', () => {
    const out =
      '  UNIT            LOAD      ACTIVE   SUB     DESCRIPTION\n' +
      '  cron.service    loaded    active   running Regular background program processing daemon\n' +
      '  once.service    loaded    active   exited  Runs once\n' +
      '● bad.service     loaded    failed   failed  Bad\n' +
      '● gone.service    not-found inactive dead    gone.service\n' +
      '● hid.service     masked    inactive dead    hid.service\n' +
      '\n3 loaded units listed.\n';
    const u = (name: string, state: string, status: string) => ({ name, state, status, source: 'systemd' });
    expect(unitsListed(out)).to.deep.equal({
      'cron.service': u('cron.service', 'running', 'active'),
      'once.service': u('once.service', 'stopped', 'active'),
      'bad.service': u('bad.service', 'stopped', 'failed'),
      'gone.service': u('gone.service', 'stopped', 'not-found'),
      'hid.service': u('hid.service', 'stopped', 'masked'),
    });
  });

  it('list-unit-files: the file state replaces a good status, not a bad one; unlisted files take show, else unknown', () => {
    const units = unitsListed('  cron.service loaded active running C\n● bad.service loaded failed failed B\n');
    const { rows } = unitFileRows(
      'UNIT FILE STATE VENDOR PRESET\ncron.service enabled enabled\nbad.service enabled enabled\n' +
        'getty@.service enabled enabled\nx.service disabled enabled\n\n4 unit files listed.\n',
    );
    const shown: Record<string, string | undefined> = { 'getty@.service': activeStateOf(0, 'ActiveState=inactive\n') };
    const merged = withUnitFiles(units, rows, (n) => shown[n]);
    expect([merged['cron.service']?.status, merged['bad.service']?.status]).to.deep.equal(['enabled', 'failed']);
    expect([merged['getty@.service']?.state, merged['x.service']?.state]).to.deep.equal(['inactive', 'unknown']);
    expect(activeStateOf(1, 'ActiveState=active')).to.equal(undefined);
  });

  it('a list-unit-files row with one column is malformed, as Ansible says', () => {
    expect(unitFileRows('a.service enabled\nb.service\n').malformed).to.equal('b.service');
  });
});
