// Issue 21's remaining module arguments under both engines (runbook and ansible-playbook 2.14)
// on a lab host: apt install_recommends and force; modprobe with the lab's stand-in; pause.
import { bothEngines, counts } from './support/corpus-case.js';
import { hostNames } from './support/run.js';
import { restoreApt, useLocalAptRepo } from './lab/sim/packages.js';
import { onHost } from './support/host-shell.js';
import { installDnf, restoreRpm, startRpmRepo, type RpmRepo } from './support/rpm-repo.js';

describe('Ansible corpus under both engines: apt options, modprobe, pause', function () {
  this.timeout(300_000);
  const host = () => hostNames()[0]!;

  describe('apt', () => {
    // The host's own Debian sources put aside (the play adds its own file: repositories).
    before(() => useLocalAptRepo(host(), [{ name: 'rbtest-base', version: '1.0-1' }]));
    after(() => restoreApt(host(), ['rbtest-base', 'rbopt-top', 'rbopt-extra', 'rbopt-app', 'rbopt-unsigned']));

    it(
      'apt-force-recommends: install_recommends false leaves a Recommends: out (check mode, again ok), true brings it; ' +
        'force downgrades a pin and installs an unauthenticated package',
      () => {
        bothEngines('apt-force-recommends', {
          ended: 'ok',
          recap: [counts({ ok: 18, changed: 15 })],
          files: [
            {
              norec: 'rbopt-extra  not-installed\nrbopt-top 1.0 installed\n',
              rec: 'rbopt-extra 1.0 installed\nrbopt-top 1.0 installed\n',
              forced:
                'rbopt-app 1.0 installed\nrbopt-extra 1.0 installed\nrbopt-top 1.0 installed\nrbopt-unsigned 1.0 installed\n',
              said: 'would True\nnorec True False\nrec True\ndown True True False\nforced True False\n',
            },
          ],
        });
      },
    );
  });

  it(
    'modprobe: check mode loads nothing; params and persistent present load it and write modules-load.d and modprobe.d; ' +
      'again ok; absent unloads and comments both out; again ok (the lab stand-in for the kernel)',
    () => {
      bothEngines('modprobe', {
        ended: 'ok',
        recap: [counts({ ok: 12, changed: 10 })],
        files: [
          {
            'files-absent': '#dummy\n#options dummy numdummies=2\n',
            'files-present': 'dummy\noptions dummy numdummies=2\n',
            loaded: 'dummy\nnumdummies=2\n',
            said:
              'would True overlay [] present\nloaded True dummy numdummies=2 present\nagain False\n' +
              'gone True absent False\n',
            unloaded: 'end\n',
          },
        ],
      });
    },
  );

  // ansible-playbook prints "Pausing for 1 seconds" and its ctrl+C hint on stdout, ahead of the json document.
  it('pause: seconds 1 waits on the controller, ok, also in check mode; stdout, delta, rc, stderr, user_input, echo, start, stop', () => {
    const said = 'False True 1 0 [] [] True True True\n';
    bothEngines('pause', { ended: 'ok', recap: [counts({ ok: 4, changed: 2 })], files: [{ said: said + said }] });
  });

  describe('package on dnf', () => {
    let repo: RpmRepo;
    before(async () => {
      repo = await startRpmRepo([
        { name: 'rbtest-hello', version: '1.0' },
        { name: 'rbtest-hello', version: '2.0' },
      ]);
    });
    // Before each engine's run: Debian's real dnf, and a host that says it is Rocky Linux 9 to
    // both engines' manager detection (runbook: os-release; Ansible: redhat-release first).
    beforeEach(() => {
      installDnf(host());
      onHost(
        host(),
        'rm -f /etc/os-release && printf \'NAME="Rocky Linux"\\nID="rocky"\\nID_LIKE="rhel centos fedora"\\nVERSION_ID="9.3"\\n\' ' +
          "> /etc/os-release && echo 'Rocky Linux release 9.3 (Blue Onyx)' > /etc/redhat-release",
      );
    });
    afterEach(() => {
      restoreRpm(host());
      onHost(host(), 'ln -sfn ../usr/lib/os-release /etc/os-release; rm -f /etc/redhat-release');
    });
    after(async () => repo?.close());

    it(
      'package-dnf: package with allow_downgrade on the dnf path: check mode installs nothing, ' +
        'the newest installs (no diff), again ok, absent, again ok',
      () => {
        bothEngines(
          'package-dnf',
          {
            ended: 'ok',
            recap: [counts({ ok: 13, changed: 11 })],
            files: [
              {
                'after-check': 'package rbtest-hello is not installed\n',
                installed: 'rbtest-hello-2.0-1\n',
                'after-absent': 'package rbtest-hello is not installed\n',
                said: '[True, True, False, True, False] diff [False, False]',
              },
            ],
          },
          { args: ['-e', `base=${repo.url}`] },
        );
      },
    );
  });
});
