// Users and groups by name, as the host knows them (its passwd/group, LDAP, …):
// one `id -u` / `getent group` each. Numeric ids are taken as they are.
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';

export type IdLookup = { id: number } | { missing: string };

const numeric = (v: string | number): number | undefined =>
  typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : undefined;

export async function userId(conn: Connection, user: string | number): Promise<IdLookup> {
  const n = numeric(user);
  if (n !== undefined) return { id: n };
  const r = await conn.exec(shellJoin(['id', '-u', '--', String(user)]));
  const id = r.stdout.trim();
  if (r.rc !== 0 || !/^\d+$/.test(id))
    return { missing: `user ${JSON.stringify(user)} does not exist on ${conn.host}` };
  return { id: Number(id) };
}

export async function groupId(conn: Connection, group: string | number): Promise<IdLookup> {
  const n = numeric(group);
  if (n !== undefined) return { id: n };
  // getent prints name:password:gid:members.
  const r = await conn.exec(shellJoin(['getent', 'group', '--', String(group)]));
  const id = r.stdout.split(':')[2];
  if (r.rc !== 0 || id === undefined || !/^\d+$/.test(id)) {
    return { missing: `group ${JSON.stringify(group)} does not exist on ${conn.host}` };
  }
  return { id: Number(id) };
}
