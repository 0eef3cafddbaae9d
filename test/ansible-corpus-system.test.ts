// Issue 21's system modules under both engines (runbook and ansible-playbook 2.14) on a
// lab host; sysctl and modprobe reach only the host's labelled stand-ins (test/lab/sim).
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: system modules', function () {
  this.timeout(180_000);

  it('sysctl: a sysctl.d file written and reloaded, yes as 1, ignoreerrors, absent, check mode (lab stand-in for the running values)', () => {
    bothEngines('sysctl', {
      ended: 'ok',
      recap: [counts({ ok: 10, changed: 9 })],
      files: [
        {
          '90-k8s.conf': 'net.ipv4.ip_forward=1\nnet.lab.missing-key=1\n',
          said: 'changed ok changed changed changed changed 11 1\n',
        },
      ],
    });
  });

  it('systemd-mask: daemon_reload alone is ok, started+enabled then ok, stopped+masked, masked again ok, unmask in check mode and for real', () => {
    bothEngines('systemd-mask', {
      ended: 'ok',
      recap: [counts({ ok: 12, changed: 9 })],
      files: [{ said: 'ok changed ok changed ok changed changed on started inactive enabled inactive\n' }],
    });
  });

  it('accounts: group with gid, user with uid/groups/shell/comment, append, check mode, password_lock, removal; result fields', () => {
    bothEngines('accounts', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 11 })],
      files: [
        {
          said:
            'changed ok changed changed ok changed changed ok changed changed \n' +
            '4300 4300 4301 4302 /home/corpususer /bin/bash Corpus User corpusgrp corpusgrp corpusgrp2 append remove absent absent\n' +
            'corpususer:x:4301:4302:Corpus User:/home/corpususer:/bin/bash\ncorpususer corpusgrp corpusgrp2\n!\nhome\nno-uid\n',
        },
      ],
    });
  });

  it('mount-swap: a tmpfs mounted from its own fstab, again ok, check mode, swap lines removed as node roles do, unmounted, absent', () => {
    bothEngines('mount-swap', {
      ended: 'ok',
      recap: [counts({ ok: 10, changed: 9 })],
      files: [
        {
          fstab: '# corpus\nUUID=abc / ext4 errors=remount-ro 0 1\n',
          said: 'changed ok changed changed changed changed mnt tmpfs tmpfs size=1m 0 0 yes fstab []\n',
        },
      ],
    });
  });

  it('hostname: /etc/hostname on a host without systemd (FileStrategy), facts, again ok, check mode', () => {
    bothEngines('hostname', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 7 })],
      files: [{ said: 'changed ok changed corpus-node.lab.example other other corpus-node.lab.example\n' }],
    });
  });

  it('getent: passwd/group/services by key as facts, a missing key with fail_key false and true, never a change', () => {
    bothEngines('getent', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 2, failed: 0, ignored: 1 })],
      files: [
        {
          said:
            'x|0|0|root|/root|/bin/bash x|0| 22/tcp null [One or more supplied key could not be found in ' +
            'the database.] [One or more supplied key could not be found in the database.] ok ok\n',
        },
      ],
    });
  });
});
