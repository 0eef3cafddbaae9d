// What Ansible's get_url reports about files: sha1 checksums (checksum_src,
// checksum_dest), and of the file in place: md5sum, size, mode, owner, group.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

/** sha1 of a file on the host. */
export async function sha1OnHost(conn: Connection, path: string): Promise<string> {
  const r = await conn.exec(shellJoin(['sha1sum', '--', path]));
  const hex = /^\\?([0-9a-f]{40})/.exec(r.stdout)?.[1];
  if (r.rc !== 0 || !hex)
    throw new Error(`cannot read ${path} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  return hex;
}

/** The fields Ansible's get_url adds about dest once it is in place. */
export async function destFields(conn: Connection, path: string): Promise<Record<string, unknown>> {
  const r = await conn.exec(
    `${shellJoin(['stat', '-c', '%s %a %u %g %U %G', '--', path])} && ${shellJoin(['md5sum', '--', path])}`,
  );
  const m = /^(\d+) ([0-7]+) (\d+) (\d+) (\S+) (\S+)\n\\?([0-9a-f]{32})/.exec(r.stdout);
  if (!m) return {};
  return {
    size: Number(m[1]),
    mode: m[2]!.padStart(4, '0'),
    uid: Number(m[3]),
    gid: Number(m[4]),
    owner: m[5],
    group: m[6],
    state: 'file',
    md5sum: m[7],
  };
}

/** Ansible's message for a completed request: the Content-Length header, or "unknown". */
export const okMessage = (contentLength?: string) => `OK (${contentLength ?? 'unknown'} bytes)`;
