// `backup: true` under both engines: the backup files' names have Ansible 2.14's shape
// (PATH.<pid>.<YYYY-MM-DD@HH:MM:SS>~, the time now, not the old file's mtime) and hold
// the old content, mode and mtime. The pid and time differ between runs, so the case
// reports the shape and the content, then removes the backups.
import { bothEngines, counts } from './support/corpus-case.js';

describe('Ansible corpus under both engines: backup file names', function () {
  this.timeout(180_000);

  it('backup-names: copy, lineinfile, blockinfile, replace and ini_file back up as PATH.<pid>.<date@time>~', () => {
    const block = '# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.3 node2\n# END ANSIBLE MANAGED BLOCK';
    bothEngines('backup-names', {
      ended: 'ok',
      recap: [counts({ ok: 14, changed: 9 })],
      files: [
        {
          hosts: `10.0.0.2 node1\n${block}\n`,
          'resolv.conf': 'nameserver 10.0.0.9\nsearch cluster.local\n',
          'app.ini': '[main]\nport = 2\n',
          report: [
            'True True 127.0.0.1 localhost',
            'True True nameserver 10.0.0.1',
            'True True 10.0.0.2 node1',
            'True True nameserver 10.0.0.1\nsearch cluster.local',
            'True True [main]\nport = 1',
            'modes 0640 0644 0640 0644 0644',
            'mtime 1577934245 1577934245',
            'distinct 5',
            "none - ''",
            '',
          ].join('\n'),
        },
      ],
    });
  });
});
