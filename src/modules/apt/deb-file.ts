// apt's `deb`: a .deb file on the host, or a URL fetched to a temp file on the
// host, installed unless dpkg already has that package at that version (as
// ansible-core 2.14 compares the file's control fields with dpkg's state). Its
// dependencies come from the repositories: `apt-get install ./FILE` installs both.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';
import { readDpkg } from './dpkg-state.js';

export interface DebFile {
  /** The file on the host (a temp file for a URL, removed by done()). */
  path: string;
  name: string;
  version: string;
  /** The version dpkg has installed, if any. */
  installed?: string;
  done(): Promise<void>;
}

/** The .deb's package and version, fetched first when `deb` is a URL; a string says why not. */
export async function readDebFile(conn: Connection, deb: string): Promise<DebFile | string> {
  let path = deb;
  // A file on the host is the user's: nothing to remove after.
  let done = async (): Promise<void> => undefined;
  if (/^(https?|ftp):\/\//.test(deb)) {
    const tmp = await conn.exec('mktemp -d --tmpdir runbook-deb.XXXXXXXXXX');
    const dir = tmp.stdout.trim();
    if (tmp.rc !== 0 || !dir.startsWith('/')) return `cannot make a temp directory on ${conn.host}`;
    path = `${dir}/${decodeURIComponent(new URL(deb).pathname.split('/').pop() || 'package.deb')}`;
    done = async () => void (await conn.exec(`rm -rf ${shellJoin([dir])}`));
    const got = await conn.exec(`curl -sSfL --max-time 300 -o ${shellJoin([path, '--', deb])}`);
    if (got.rc !== 0) {
      await done();
      return `Failure downloading ${deb}, ${got.stderr.trim()}`;
    }
  }
  const r = await conn.exec(`LC_ALL=C dpkg-deb -W --showformat='\${Package}\\t\${Version}' ${shellJoin(['--', path])}`);
  const [name, version] = r.stdout.trim().split('\t');
  if (r.rc !== 0 || !name || !version) {
    await done();
    return `Unable to install package: ${r.stderr.trim() || `${path} is not a Debian package`}`;
  }
  const dpkg = (await readDpkg(conn, [name])).get(name);
  return { path, name, version, installed: dpkg?.state === 'installed' ? dpkg.version : undefined, done };
}
