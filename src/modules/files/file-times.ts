// file's modification_time / access_time: `now` (touch's default), `preserve`
// (every other state's default), or a time in Ansible's default format
// %Y%m%d%H%M.%S, which is touch -t's own, read in the host's local time.
import { shellJoin } from '../../quote.js';
import type { Connection } from '../../transport/connection.js';

export const timeSchema = {
  type: 'string',
  // Python's strptime reads %S from one or two digits: "202001011200.0" is a time.
  pattern: '^(now|preserve|\\d{12}\\.\\d{1,2})$',
  description: "now, preserve, or a time as YYYYMMDDHHMM.SS (the default format) in the host's local time",
} as const;

export const timeFormatSchema = {
  const: '%Y%m%d%H%M.%S',
  description: 'only the default format is supported',
} as const;

export interface TimesWanted {
  mtime: string;
  atime: string;
}

/** The `touch` commands that set the wanted times, or none when the path has them (both `preserve`, or equal). */
export async function timeUpdate(conn: Connection, path: string, given: TimesWanted): Promise<string[] | undefined> {
  const t = { mtime: twoDigitSeconds(given.mtime), atime: twoDigitSeconds(given.atime) };
  if (t.mtime === 'preserve' && t.atime === 'preserve') return undefined;
  // `now` is always a change, as Ansible's utime(path, None).
  if (t.mtime === 'now' || t.atime === 'now') return touchCommands(path, t);
  const stamp = (s: string) =>
    `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(13, 15)}`;
  const want = (s: string) => (s === 'preserve' ? '-' : `$(date -d ${shellJoin([stamp(s)])} +%s)`);
  const r = await conn.exec(`echo "$(stat -c '%X %Y' -- ${shellJoin([path])})" "${want(t.atime)}" "${want(t.mtime)}"`);
  const [atime, mtime, wantA, wantM] = r.stdout.trim().split(/\s+/);
  const same = (t.atime === 'preserve' || atime === wantA) && (t.mtime === 'preserve' || mtime === wantM);
  return same ? undefined : touchCommands(path, t);
}

// One touch per time: each may have its own -t.
export function touchCommands(path: string, given: TimesWanted): string[] {
  const t = { mtime: twoDigitSeconds(given.mtime), atime: twoDigitSeconds(given.atime) };
  const one = (flag: string, time: string) =>
    shellJoin(['touch', '-c', flag, ...(time === 'now' ? [] : ['-t', time]), '--', path]);
  if (t.mtime === 'now' && t.atime === 'now') return [shellJoin(['touch', '-c', '--', path])];
  return [
    ...(t.mtime === 'preserve' ? [] : [one('-m', t.mtime)]),
    ...(t.atime === 'preserve' ? [] : [one('-a', t.atime)]),
  ];
}

/** touch -t wants two digits of seconds. */
const twoDigitSeconds = (time: string): string =>
  time.replace(/^(\d{12}\.)(\d)$/, (_, head: string, s: string) => `${head}0${s}`);
