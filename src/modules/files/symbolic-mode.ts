// Symbolic modes as Ansible's file modules take them (`u+x`, `g-w,o=r`, `a=rwX`,
// `u=g`): each clause is applied to the mode the path has, in order, with
// Ansible's rules: no users means `a` under the umask (Ansible's modules run
// with 022), `X` adds execute only to a directory or a mode that already has
// some execute bit, `=` clears the class's bits (and its setuid/setgid/sticky).
import { modeSchema, parseMode } from './mode.js';

/** An octal mode, or a symbolic one. */
export const anyModeSchema = {
  ...modeSchema,
  pattern: '^(0?[0-7]{3,4}|([ugoa]*([-+=]([rwxXst]*|[ugo]))+)(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*)$',
  description: 'octal permission bits (0644, "0644") or a symbolic mode ("u+x", "g-w,o=r", "a=rwX")',
} as const;

const UMASK = 0o022;
const CLASS_BITS: Readonly<Record<string, number>> = { u: 0o4700, g: 0o2070, o: 0o1007 };
const SHIFT: Readonly<Record<string, number>> = { u: 6, g: 3, o: 0 };

/** The wanted permission bits of a path whose current bits are `current`. */
export type ModeWanted = number | ((current: number, isDir: boolean) => number);

/** An octal mode as its number; a symbolic one as the function of the current mode it describes. */
export function wantedMode(mode: string | number): ModeWanted {
  if (typeof mode === 'number' || new RegExp(modeSchema.pattern).test(mode)) return parseMode(mode);
  const clauses = mode.split(',');
  return (current, isDir) => clauses.reduce((m, clause) => applyClause(m, clause, isDir), current & 0o7777);
}

export function modeFor(wanted: ModeWanted | undefined, current: number, isDir: boolean): number | undefined {
  if (wanted === undefined) return undefined;
  return typeof wanted === 'number' ? wanted : wanted(current, isDir);
}

function applyClause(mode: number, clause: string, isDir: boolean): number {
  const m = /^([ugoa]*)(.*)$/.exec(clause)!;
  const useUmask = m[1] === '';
  const users = m[1] === '' || m[1]!.includes('a') ? 'ugo' : m[1]!;
  for (const op of m[2]!.matchAll(/([-+=])([^-+=]*)/g)) {
    for (const user of users) {
      const bits = permBits(mode, user, op[2]!, useUmask, isDir);
      if (op[1] === '=') mode = (mode & ~CLASS_BITS[user]!) | bits;
      else if (op[1] === '+') mode |= bits;
      else mode &= ~bits;
    }
  }
  return mode;
}

// Ansible's _get_octal_mode_from_symbolic_perms: what `perms` mean for one class.
function permBits(prev: number, user: string, perms: string, useUmask: boolean, isDir: boolean): number {
  const shift = SHIFT[user]!;
  const mask = (bit: number) => (useUmask ? bit & ~UMASK : bit);
  const copied = (from: string) => ((prev >> SHIFT[from]!) & 7) << shift;
  let bits = 0;
  for (const p of perms) {
    if (p === 'r') bits |= mask(4 << shift);
    else if (p === 'w') bits |= mask(2 << shift);
    else if (p === 'x') bits |= mask(1 << shift);
    else if (p === 'X') bits |= isDir || (prev & 0o111) !== 0 ? 1 << shift : 0;
    else if (p === 's') bits |= user === 'u' ? 0o4000 : user === 'g' ? 0o2000 : 0;
    else if (p === 't') bits |= user === 'o' ? 0o1000 : 0;
    else bits |= copied(p);
  }
  return bits;
}
