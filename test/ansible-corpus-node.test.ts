// Issue 21's node modules (service_facts, reboot, timezone, selinux, script) under both
// engines (runbook and ansible-playbook 2.14) on a lab host, through the labelled
// stand-ins of test/lab/sim where a host lacks what the module needs.
import { onHost } from './support/host-shell.js';
import { hostNames } from './support/run.js';
import { bothEngines, counts } from './support/corpus-case.js';
import { asPlainHost, asSystemdHost } from './lab/sim/systemd-pid1.js';
import { resetUnits } from './lab/sim/units.js';
import { writeServiceFactsUnits } from './modules/service-facts-units.js';
import { bootsOf, watchReboots } from './lab/sim/reboot-watch.js';
import { lab } from './lab/shared.js';
import { expect } from 'chai';

describe('Ansible corpus under both engines: node modules', function () {
  this.timeout(180_000);
  const host = () => hostNames()[0]!;

  describe('service_facts', () => {
    before(() => {
      asSystemdHost(host());
      writeServiceFactsUnits(host());
      onHost(
        host(),
        `printf '#!/bin/sh\\ncase "$1" in status) echo running ;; esac\\n' > /etc/init.d/sf-sysv && chmod +x /etc/init.d/sf-sysv`,
      );
    });
    after(() => {
      asPlainHost(host());
      resetUnits(host(), 'sf-');
      onHost(host(), 'rm -f /etc/init.d/sf-sysv');
    });

    it('service_facts: sysv scripts and systemd units (running, failed, masked, static, template), never a change', () => {
      bothEngines('service-facts', {
        ended: 'ok',
        recap: [counts({ ok: 4, changed: 2 })],
        files: [
          {
            said:
              'ok ok\n' +
              'sf-sysv sf-sysv running - sysv\n' +
              'ssh ssh running - sysv\n' +
              'sf-run.service sf-run.service running enabled systemd\n' +
              'sf-off.service sf-off.service stopped disabled systemd\n' +
              'sf-fail.service sf-fail.service stopped failed systemd\n' +
              'sf-mask.service sf-mask.service stopped masked systemd\n' +
              'sf-static.service sf-static.service stopped static systemd\n' +
              'sf-tpl@.service sf-tpl@.service inactive disabled systemd\n' +
              'F\n',
          },
        ],
      });
    });
  });

  describe('reboot', () => {
    let stop: () => void = () => undefined;
    before(async () => {
      stop = await watchReboots(lab(), host());
    });
    after(() => stop());

    it('reboot: the host restarted (new boot id, /run emptied), reconnected, the next tasks run; check mode reboots nothing', () => {
      const boots = bootsOf(lab(), host());
      bothEngines('reboot', {
        ended: 'ok',
        recap: [counts({ ok: 9, changed: 8 })],
        files: [{ said: 'changed rebooted waited changed rebooted 0 new gone delay=0 corpus reboot\n' }],
      });
      // Each engine rebooted the host once (once only without ansible-playbook).
      expect(bootsOf(lab(), host()) - boots).to.be.oneOf([1, 2]);
    });
  });

  describe('timezone', () => {
    after(() => onHost(host(), 'echo Etc/UTC > /etc/timezone; ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime'));

    it('timezone: /etc/timezone, the /etc/localtime link and tzdata on Debian without systemd; again ok; check mode; no such zone', () => {
      onHost(host(), 'echo Etc/UTC > /etc/timezone; ln -sf /usr/share/zoneinfo/Etc/UTC /etc/localtime');
      bothEngines('timezone', {
        ended: 'ok',
        recap: [counts({ ok: 8, changed: 6, failed: 0, ignored: 1 })],
        files: [
          {
            said:
              'changed ok changed Error message:\ngiven timezone "Mars/Olympus" is not available Added 1 line and ' +
              'deleted 1 line(s) on /etc/timezone Asia/Tokyo /usr/share/zoneinfo/Asia/Tokyo\n',
          },
        ],
      });
    });
  });

  it('selinux: on a host without SELinux every state fails as Ansible says, also in check mode', () => {
    bothEngines('selinux', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 2, ignored: 2 })],
      files: [
        {
          said:
            'failed ok Unable to find file /etc/selinux/config | failed ok Unable to find file /etc/selinux/config | ' +
            'Please install SELinux-policy package, if this package is not installed previously.\n',
        },
      ],
    });
  });
});
