// What the file module needs to know about a path, in one remote command:
// Ansible's prev_state (link, directory, hard = a regular file with more than
// one link, file, absent), mode, ids, names, size, inode and a link's target.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

export type PathKind = 'absent' | 'file' | 'hard' | 'directory' | 'link';

export interface PathInfo {
  kind: PathKind;
  mode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
  /** `dev:inode` of what the path names, following a link (empty when it dangles). */
  inode: string;
  /** A symlink's target as written. */
  target?: string;
  /** Whether what a symlink points to exists. */
  resolves?: boolean;
}

const SCRIPT = `p=$1
if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo absent; exit 0; fi
stat -c '%F|%a|%u|%g|%U|%G|%s|%h' -- "$p" || exit 3
stat -L -c '%d:%i' -- "$p" 2>/dev/null || echo
if [ -L "$p" ]; then readlink -- "$p"; fi`;

export async function readPathInfo(conn: Connection, path: string): Promise<PathInfo> {
  const r = await conn.exec(`sh -c ${shellJoin([SCRIPT])} path-info ${shellJoin([path])}`);
  if (r.rc !== 0) throw new Error(`cannot read ${path} on ${conn.host}: ${r.stderr.trim() || `exit code ${r.rc}`}`);
  const [head = '', inode = '', ...rest] = r.stdout.replace(/\n$/, '').split('\n');
  if (head === 'absent') return { kind: 'absent', mode: 0, uid: 0, gid: 0, owner: '', group: '', size: 0, inode: '' };
  const [type = '', mode = '0', uid = '0', gid = '0', owner = '', group = '', size = '0', links = '1'] =
    head.split('|');
  const kind: PathKind =
    type === 'symbolic link' ? 'link' : type === 'directory' ? 'directory' : Number(links) > 1 ? 'hard' : 'file';
  const info: PathInfo = {
    kind,
    mode: parseInt(mode, 8),
    uid: Number(uid),
    gid: Number(gid),
    owner,
    group,
    size: Number(size),
    inode,
  };
  if (kind === 'link') Object.assign(info, { target: rest.join('\n'), resolves: inode !== '' });
  return info;
}

/** The fields Ansible adds to a file result about the path as it now is. */
export function pathResult(info: PathInfo): Record<string, unknown> {
  if (info.kind === 'absent') return { state: 'absent' };
  const state = info.kind === 'hard' ? 'hard' : info.kind;
  return {
    state,
    mode: '0' + info.mode.toString(8).padStart(3, '0'),
    uid: info.uid,
    gid: info.gid,
    owner: info.owner,
    group: info.group,
    size: info.size,
  };
}
