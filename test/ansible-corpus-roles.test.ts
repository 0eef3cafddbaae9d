// Idioms of the public roles issue 28 names (geerlingguy.containerd 1.3.1 and .docker
// 7.4.7, Kubespray v2.23.3's container-engine/containerd and kubernetes/preinstall),
// written anew as small role-shaped cases and run under both engines on a lab host:
// the roles themselves are compared outside the repository (/work/peer/roles-run).
import { bothEngines, counts } from './support/corpus-case.js';
import { hostNames } from './support/run.js';
import { onHost } from './support/host-shell.js';
import { restoreApt, useLocalAptRepo } from './lab/sim/packages.js';

describe('Ansible corpus under both engines: idioms of public node roles', function () {
  this.timeout(300_000);
  const host = () => hostNames()[0]!;

  it(
    'role-node-prep: assert msg (pass, and a failure kept by ignore_errors), blockinfile and lineinfile ' +
      'with unsafe_writes; the role again changes nothing',
    () => {
      bothEngines('role-node-prep', {
        ended: 'ok',
        recap: [counts({ ok: 13, changed: 6, ignored: 2 })],
        files: [
          {
            hosts:
              '127.0.0.1 localhost\n# Ansible inventory hosts BEGIN\n10.0.0.10 api.cluster.local\n10.0.0.11 ' +
              'registry.cluster.local\n# Ansible inventory hosts END\n10.0.0.1 cp-1\n10.0.0.2 worker-1\n',
            said:
              'first: T max pods 110 is not above 500 | T Block inserted | 2\n' +
              'second: T max pods 110 is not above 500 | F  | 0\n',
          },
        ],
      });
    },
  );

  it(
    'role-apt-key-fallback: apt_key with an id that is not the key file given adds the key and fails as ' +
      'Ansible; the fallback adds nothing more, its own id is ok',
    () => {
      bothEngines('role-apt-key-fallback', {
        ended: 'ok',
        recap: [counts({ ok: 7, changed: 5, ignored: 1 })],
        files: [
          {
            said:
              'T T apt-key did not return an error, but failed to add the key (check that the id is correct and *not* a subkey)\n' +
              '9DC858229FC7DD38854AE2D88D81803C0EBFCD88 1\n' +
              'F F 1\n',
          },
        ],
      });
    },
  );

  describe('package', () => {
    before(() => {
      useLocalAptRepo(host(), [{ name: 'rbroles-tool', version: '1.0-1' }]);
      onHost(host(), 'apt-get -q update >/dev/null');
    });
    after(() => restoreApt(host(), ['rbroles-tool']));

    it('role-package-options: package with allow_downgrade (handed to apt) installs, then ok; removed', () => {
      bothEngines('role-package-options', {
        ended: 'ok',
        recap: [counts({ ok: 6, changed: 4 })],
        files: [{ said: 'T F 1.0-1\n' }],
      });
    });
  });

  it('role-names: ansible_play_role_names and role_names (roles: and import_role), ansible_role_names (with meta dependencies)', () => {
    bothEngines('role-names', {
      ended: 'ok',
      recap: [counts({ ok: 5, changed: 2 })],
      files: [{ said: 'play: web,extra\nall: common,extra,web\nlegacy: web,extra\nbootstrap-os: absent\n' }],
    });
  });
});
