// Which backup of a file holds it as it was at a mark: of the backups written
// after the mark (`PATH.<YYYYMMDDTHHMMSS>[-N].bak`, files/backup-file.ts), the
// oldest by time; two in one second are told apart by their -N suffix, which
// names do not sort by (…-10 before …-2), so the order is mtime, then N.

export interface Dated {
  path: string;
  /** Seconds since the epoch, with fractions (find's %T@). */
  mtime: number;
}

/** From what is newer than the mark: the backup to restore `path` from, and whether `path` itself is newer. */
export function backupAtMark(path: string, after: Dated[]): { backup?: string; fileIsNewer: boolean } {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const shape = new RegExp(`^${escaped}\\.\\d{8}T\\d{6}(?:-(\\d+))?\\.bak$`);
  const suffix = (p: string) => Number(shape.exec(p)?.[1] ?? 0);
  const backups = after
    .filter((d) => shape.test(d.path))
    .sort((a, b) => a.mtime - b.mtime || suffix(a.path) - suffix(b.path));
  return { backup: backups[0]?.path, fileIsNewer: after.some((d) => d.path === path) };
}
