// The fields of a path's stat as Ansible's stat and find modules both name them:
// the numbers (uid … ctime) and what st_mode says (the file type flags, the
// permission bits). stat/path-facts.ts and find/ read them from different
// commands (GNU stat, GNU find) and build their results from these.

/** The numbers of a stat, in the order both readers print them. */
export const STAT_NUMBERS = ['uid', 'gid', 'size', 'inode', 'dev', 'nlink', 'atime', 'mtime', 'ctime'] as const;
export type StatNumbers = Record<(typeof STAT_NUMBERS)[number], number>;

/** The numbers from their printed texts, in STAT_NUMBERS order. */
export function statNumbers(texts: readonly (string | undefined)[]): StatNumbers {
  return Object.fromEntries(STAT_NUMBERS.map((k, i) => [k, Number(texts[i])])) as StatNumbers;
}

/** Only the numbers of a record that has them (as Ansible lists them). */
export function statNumbersOf(x: StatNumbers): StatNumbers {
  return Object.fromEntries(STAT_NUMBERS.map((k) => [k, x[k]])) as StatNumbers;
}

/** st_mode's file type, as isdir, ischr, isblk, isreg, isfifo, islnk, issock. */
export function typeFlags(raw: number): Record<string, boolean> {
  const type = raw & 0o170000;
  return {
    isdir: type === 0o040000,
    ischr: type === 0o020000,
    isblk: type === 0o060000,
    isreg: type === 0o100000,
    isfifo: type === 0o010000,
    islnk: type === 0o120000,
    issock: type === 0o140000,
  };
}

/** st_mode's permission bits, as wusr … xoth, isuid and isgid. */
export function permissionBits(raw: number): Record<string, boolean> {
  const bit = (b: number) => (raw & b) !== 0;
  return {
    wusr: bit(0o200),
    rusr: bit(0o400),
    xusr: bit(0o100),
    wgrp: bit(0o020),
    rgrp: bit(0o040),
    xgrp: bit(0o010),
    woth: bit(0o002),
    roth: bit(0o004),
    xoth: bit(0o001),
    isuid: bit(0o4000),
    isgid: bit(0o2000),
  };
}
