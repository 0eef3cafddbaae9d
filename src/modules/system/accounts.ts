// Readers of the host's account databases through getent (passwd, group, shadow): local
// files and whatever NSS serves, as Ansible's pwd/grp lookups see them.
import { shellJoin } from '../../quote.js';
import type { ApplyResult, Change, ModuleContext } from '../contract.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

type Ctx = Pick<ModuleContext, 'conn' | 'signal'>;

async function getent(ctx: Ctx, db: string, key?: string): Promise<string[]> {
  const r = await ctx.conn.exec(shellJoin(['getent', db, ...(key === undefined ? [] : [key])]), { signal: ctx.signal });
  // Exit 2: no such key; anything else but 0 is an error worth telling.
  if (r.rc === 2) return [];
  if (r.rc !== 0) throw new Error(`getent ${db} failed on ${ctx.conn.host} (exit ${r.rc}): ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter(Boolean);
}

export async function readUser(ctx: Ctx, name: string): Promise<PasswdEntry | undefined> {
  const [line] = await getent(ctx, 'passwd', name);
  if (!line) return undefined;
  const [n = '', , uid = '', gid = '', comment = '', home = '', shell = ''] = line.split(':');
  return { name: n, uid: Number(uid), gid: Number(gid), comment, home, shell };
}

/** A group by name, or by number when `key` is all digits (as getent does). */
export async function readGroup(ctx: Ctx, key: string): Promise<GroupEntry | undefined> {
  const [line] = await getent(ctx, 'group', key);
  return line ? groupOf(line) : undefined;
}

export async function readGroups(ctx: Ctx): Promise<GroupEntry[]> {
  return (await getent(ctx, 'group')).map(groupOf);
}

/** The password hash from shadow ('' when there is no entry). */
export async function readPasswordHash(ctx: Ctx, name: string): Promise<string> {
  const [line] = await getent(ctx, 'shadow', name);
  return line?.split(':')[1] ?? '';
}

/** shadow's fields of a user (name, hash, last change, min, max, warn, inactive, expire), [] when it has none. */
export async function readShadow(ctx: Ctx, name: string): Promise<string[]> {
  const [line] = await getent(ctx, 'shadow', name);
  return line?.split(':') ?? [];
}

function groupOf(line: string): GroupEntry {
  const [name = '', , gid = '', members = ''] = line.split(':');
  return { name, gid: Number(gid), members: members.split(',').filter(Boolean) };
}

/** One account command (useradd, groupmod, …) as a change; its stdout/stderr go into the result, as Ansible's. */
export function accountCommand(
  ctx: Ctx,
  argv: string[],
  summary: string,
  after?: () => Promise<Record<string, unknown>>,
): Change {
  return {
    summary,
    async apply(): Promise<ApplyResult> {
      const r = await ctx.conn.exec(shellJoin(argv), { signal: ctx.signal });
      const out = { ...(r.stdout ? { stdout: r.stdout } : {}), ...(r.stderr ? { stderr: r.stderr } : {}) };
      if (r.rc !== 0)
        return { failed: true, msg: r.stderr.trim() || `${argv[0]} exited ${r.rc}`, data: { ...out, rc: r.rc } };
      return { data: { ...out, ...(after ? await after() : {}) } };
    },
  };
}
