// uri's files, as ansible-core 2.14's uri: `src` is the request body read from
// a file (on the controller under files/, or on the host with remote_src), and
// `dest` is where the response body goes on the host. A directory dest takes the
// URL's file name; an existing file dest is asked for with If-Modified-Since (a
// server that has nothing newer answers 304, which the task's status_code must
// accept, as in Ansible), and is written only on a listed status other than 304.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { Connection } from '../../transport/connection.js';
import type { ModuleContext } from '../contract.js';
import { destFields } from '../download/ansible-digest.js';
import { urlBasename } from '../download/checksum.js';

export interface DestPlan {
  path: string;
  /** The If-Modified-Since header, when the file is there. */
  ifModifiedSince?: string;
}

export async function planDest(conn: Connection, dest: string, url: string): Promise<DestPlan> {
  const st = await conn.stat(dest);
  // The URL's last path part, or index.html for a bare host (Ansible's url_filename).
  if (st?.type === 'directory') return { path: posix.join(dest, urlBasename(url) || 'index.html') };
  if (st?.type !== 'file') return { path: dest };
  return { path: dest, ifModifiedSince: new Date(st.mtimeMs).toUTCString() };
}

/** The request body `src` names: a controller file (files/), or the host's with remote_src. */
export async function srcBody(ctx: ModuleContext, src: string, remote: boolean): Promise<Buffer | string> {
  if (!remote) {
    try {
      return readFileSync(ctx.findFile('files', src));
    } catch (e) {
      return `Could not find or access '${src}': ${(e as Error).message}`;
    }
  }
  return (await ctx.conn.readFile(src)) ?? `Could not find or access '${src}' on the Ansible Controller.`;
}

/** The written file's fields in the result: path, size, mode, owner, group, uid, gid, state. */
export async function writtenFields(conn: Connection, path: string): Promise<Record<string, unknown>> {
  const { md5sum: _, ...fields } = await destFields(conn, path);
  return { path, ...fields };
}
