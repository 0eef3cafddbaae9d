// unarchive as Kubespray's containerd role uses it (issue 21), under both engines:
// runbook and ansible-playbook 2.14 on the same lab host must leave the same recap and files.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: unarchive', function () {
  this.timeout(180_000);

  it('unarchive-strip: mode and --strip-components as Kubespray, re-run ok, owner/group, a mode set back', () => {
    bothEngines('unarchive-strip', {
      ended: 'ok',
      recap: [counts({ ok: 8, changed: 6 })],
      files: [
        {
          'bin/containerd': 'containerd\n',
          'bin/ctr': 'ctr\n',
          'owned/containerd': 'containerd\n',
          'owned/ctr': 'ctr\n',
          // Ansible sets the mode on the destination too: tar lists the stripped
          // top directory as `/`, which it joins to dest (0700 became 0755).
          report: [
            'c - c - c',
            'bin 755 root root',
            'bin/containerd 755 root root',
            'bin/ctr 755 root root',
            'owned 700 nobody nogroup',
            'owned/containerd 644 nobody nogroup',
            'owned/ctr 644 nobody nogroup',
            '',
          ].join('\n'),
        },
      ],
    });
  });

  it('unarchive-formats: a plain, an xz and a bzip2 tar archive on the host, then again ok', () => {
    bothEngines('unarchive-formats', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 3 })],
      files: [
        {
          'tar/etc/kata.toml': 'kata\n',
          'xz/etc/kata.toml': 'kata\n',
          'bz2/etc/kata.toml': 'kata\n',
          report: 'ccc---\n',
        },
      ],
    });
  });
});
