// `backup: true`: the file about to be replaced is first copied beside it.
import type { Connection, FileStat } from '../../transport/connection.js';

/** `<path>.<YYYYMMDDTHHMMSS>.bak`, in UTC (the controller's clock, not the host's). */
export function backupName(path: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
  return `${path}.${stamp}.bak`;
}

/**
 * Writes `content` (the file as read before the change) to a fresh backup path
 * with the file's mode and owner; returns that path. Two backups within one
 * second get `-1`, `-2`, … so none overwrites another.
 */
export async function backupFile(
  conn: Connection,
  path: string,
  content: Buffer,
  stat: FileStat,
  now = new Date(),
): Promise<string> {
  const base = backupName(path, now);
  let target = base;
  for (let n = 1; await conn.lstat(target); n++) target = base.replace(/\.bak$/, `-${n}.bak`);
  await conn.writeFile(target, content, { mode: stat.mode, uid: stat.uid, gid: stat.gid });
  return target;
}
