// Which backup of a file holds it as it was at a mark: of the backups written
// after the mark (`PATH.<pid>.<YYYY-MM-DD@HH:MM:SS>~`, files/backup-file.ts, as
// Ansible names them), the oldest. The order is each backup's ctime (when it was
// made): its mtime is the old file's (the copy keeps it, as Ansible's does) and
// the name's pid does not sort.

export interface Dated {
  path: string;
  /** When the file's inode last changed (a backup: when it was made), seconds since the epoch with fractions (find's %C@). */
  ctime: number;
}

/** From what changed after the mark: the backup to restore `path` from, and whether `path` itself is newer. */
export function backupAtMark(path: string, after: Dated[]): { backup?: string; fileIsNewer: boolean } {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const shape = new RegExp(`^${escaped}\\.\\d+\\.\\d{4}-\\d{2}-\\d{2}@\\d{2}:\\d{2}:\\d{2}~$`);
  const backups = after.filter((d) => shape.test(d.path)).sort((a, b) => a.ctime - b.ctime);
  return { backup: backups[0]?.path, fileIsNewer: after.some((d) => d.path === path) };
}
