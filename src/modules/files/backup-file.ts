// `backup: true`: the file about to be replaced is first copied beside it, named
// as Ansible 2.14 names it (AnsibleModule.backup_local in module_utils/basic.py):
// `PATH.<pid>.<YYYY-MM-DD@HH:MM:SS>~`, the pid of the host process that copies,
// the time now in the host's local time zone (time.localtime(time.time())), and
// the copy keeps mode, owner and mtime (shutil.copy2 + chown, as `cp -p`).
// restore_backups finds these by their ctime (runtime/backups-after-mark.ts).
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

// $1 is the file. rc 3: the name is taken (same pid and second): a new shell has a new pid.
const SCRIPT = 'b="$1.$$.$(date +%Y-%m-%d@%H:%M:%S)~"; [ -e "$b" ] && exit 3; cp -p -- "$1" "$b" && printf %s "$b"';
const TAKEN = 3;
const TRIES = 5;

/** Copies `path` on the host to its backup name; returns that name. */
export async function backupFile(conn: Connection, path: string): Promise<string> {
  for (let i = 0; i < TRIES; i++) {
    const r = await conn.exec(`sh -c ${shellJoin([SCRIPT])} backup-local ${shellJoin([path])}`);
    if (r.rc === 0 && r.stdout) return r.stdout;
    if (r.rc !== TAKEN) throw new Error(`could not back up ${path}: ${r.stderr.trim() || `rc ${r.rc}`}`);
  }
  throw new Error(`could not back up ${path}: ${TRIES} backup names were taken already`);
}
