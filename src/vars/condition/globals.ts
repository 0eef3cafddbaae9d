// Ansible's Jinja globals other than lookup/query (lookups.ts): now(utc=False, fmt=None),
// the controller's clock as Ansible 2.14's now() reads it. Without fmt, Ansible gives a
// datetime object; runbook has no such type, so it gives the text Jinja prints for one
// (`2026-12-08 04:35:12.123456`).
import type { Def } from './defs.js';
import { Fault } from './fault.js';
import { truthy, typeName } from './values.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A broken-down time: the local one, or UTC's. */
interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  /** Minutes east of UTC. */
  offset: number;
}

function partsOf(d: Date, utc: boolean): Parts {
  if (utc) {
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth(),
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
      offset: 0,
    };
  }
  return {
    year: d.getFullYear(),
    month: d.getMonth(),
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    weekday: d.getDay(),
    offset: -d.getTimezoneOffset(),
  };
}

function dayOfYear(p: Parts): number {
  return Math.round((Date.UTC(p.year, p.month, p.day) - Date.UTC(p.year, 0, 1)) / 86_400_000) + 1;
}

/** Python's strftime directives (the C library's, as glibc has them) for the time `d`. */
export function strftime(fmt: string, d: Date, utc: boolean): string {
  const p = partsOf(d, utc);
  const micro = pad(d.getMilliseconds() * 1000, 6);
  const zone = `${p.offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(p.offset) / 60))}${pad(Math.abs(p.offset) % 60)}`;
  const directive: Record<string, () => string> = {
    Y: () => String(p.year),
    y: () => pad(p.year % 100),
    m: () => pad(p.month + 1),
    d: () => pad(p.day),
    e: () => String(p.day).padStart(2, ' '),
    H: () => pad(p.hour),
    I: () => pad(p.hour % 12 === 0 ? 12 : p.hour % 12),
    M: () => pad(p.minute),
    S: () => pad(p.second),
    f: () => micro,
    p: () => (p.hour < 12 ? 'AM' : 'PM'),
    s: () => String(Math.floor(d.getTime() / 1000)),
    j: () => pad(dayOfYear(p), 3),
    a: () => (DAYS[p.weekday] as string).slice(0, 3),
    A: () => DAYS[p.weekday] as string,
    b: () => (MONTHS[p.month] as string).slice(0, 3),
    B: () => MONTHS[p.month] as string,
    w: () => String(p.weekday),
    z: () => zone,
    F: () => `${p.year}-${pad(p.month + 1)}-${pad(p.day)}`,
    T: () => `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`,
    '%': () => '%',
  };
  return fmt.replace(/%(.)/g, (whole, c: string) => directive[c]?.() ?? whole);
}

const nowDef: Def<unknown> = {
  args: [0, 2],
  named: ['utc', 'fmt'],
  doc: "`now()`, `now(utc=true)`, `now(fmt='%Y-%m-%d')`: the controller's time; without fmt, as `2026-12-08 04:35:12.123456`",
  run: (_input, args, named) => {
    const utc = truthy(named.utc ?? args[0] ?? false);
    const fmt = named.fmt ?? args[1] ?? null;
    if (fmt !== null && typeof fmt !== 'string') throw new Fault(`now(fmt=...) takes text, got ${typeName(fmt)}`);
    return strftime(fmt ?? '%Y-%m-%d %H:%M:%S.%f', new Date(), utc);
  },
};

/** The globals called by name in an expression, besides lookup and query. */
export const GLOBAL_CALLS: ReadonlyMap<string, Def<unknown>> = new Map([['now', nowDef]]);
