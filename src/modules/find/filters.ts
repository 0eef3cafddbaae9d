// find's pieces that are pure: Python's fnmatch, age and size in Ansible's
// units, and the stat fields of each entry (statinfo in ansible-core 2.14's find).
import { permissionBits, statNumbersOf, typeFlags } from '../files/stat-fields.js';
import type { Entry } from './walk.js';

/** Python's fnmatch.fnmatch on POSIX: `*` and `?` match any character (`/` and a leading dot too), `[…]`/`[!…]` sets. */
export function fnmatch(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', pattern[i + 1] === '!' || pattern[i + 1] === ']' ? i + 2 : i + 1);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      else if (set.startsWith('^')) set = `\\${set}`;
      re += `[${set}]`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`, 's');
}

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const BYTES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

function scaled(value: string, units: Record<string, number>, what: string): number {
  const m = /^(-?\d+)([a-z])?$/.exec(value.toLowerCase());
  if (!m || (m[2] !== undefined && !(m[2] in units))) throw new Error(`failed to process ${what}`);
  return Number(m[1]) * (m[2] === undefined ? 1 : units[m[2]]!);
}

export const parseAge = (age: string) => scaled(age, SECONDS, 'age');
export const parseSize = (size: string) => scaled(size, BYTES, 'size');

/** The fields Ansible's find gives each entry (of the entry itself: a link is not followed). */
export function entryFacts(e: Entry): Record<string, unknown> {
  return {
    mode: (e.raw & 0o7777).toString(8).padStart(4, '0'),
    ...typeFlags(e.raw),
    ...statNumbersOf(e),
    gr_name: e.group,
    pw_name: e.owner,
    ...permissionBits(e.raw),
  };
}
