// lookup('password', 'PATH length=N chars=SPEC seed=S'), as ansible-core 2.14's
// password plugin: the password kept in PATH (relative: from the playbook's
// directory) is read; when there is none, one is made of `length` (20) characters
// from `chars` (ascii_letters, digits and ".,:-_"), and written there (mode 0600,
// its directory 0700) so a later run gets the same. /dev/null: a new one each
// time, kept nowhere. Options may also be given as named arguments
// (`length=8`); words in the term win.
import { createHash, randomInt } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Controller } from './controller.js';
import { Fault } from './fault.js';
import { pyStr } from './python-text.js';
import { typeName } from './values.js';

const OPTIONS = ['length', 'chars', 'seed', 'encrypt', 'ident'];
const DEFAULT_CHARS = ['ascii_letters', 'digits', '.,:-_'];

// Python's string module constants, the names `chars=` may use.
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const CHAR_SETS: Readonly<Record<string, string>> = {
  ascii_letters: LOWER + UPPER,
  ascii_lowercase: LOWER,
  ascii_uppercase: UPPER,
  digits: DIGITS,
  hexdigits: `${DIGITS}abcdefABCDEF`,
  octdigits: '01234567',
  punctuation: PUNCTUATION,
};

interface PasswordTerm {
  path: string;
  length: number;
  chars: string;
  seed?: string;
}

export function passwordLookup(
  controller: Controller,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
): string[] {
  return terms.map((t) => {
    if (typeof t !== 'string') throw new Fault(`lookup('password') takes a path as a string, got ${typeName(t)}`);
    const term = parseTerm(t, named);
    const path = isAbsolute(term.path) ? term.path : resolve(controller.playbookDir, term.path);
    if (path !== '/dev/null' && existsSync(path)) {
      // A file written with encrypt= holds "PASSWORD salt=SALT": the password is what precedes it.
      const content = readFileSync(path, 'utf8').replace(/\s+$/, '');
      const salt = content.lastIndexOf(' salt=');
      return salt < 0 ? content : content.slice(0, salt);
    }
    const password = generate(term);
    if (path !== '/dev/null') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, `${password}\n`, { mode: 0o600 });
      chmodSync(path, 0o600);
    }
    return password;
  });
}

function parseTerm(term: string, named: Readonly<Record<string, unknown>>): PasswordTerm {
  const words = term.trim().split(/\s+/);
  // A path with spaces: the words before the first key=value.
  const firstParam = words.findIndex((w, i) => i > 0 && w.includes('='));
  const pathWords = firstParam < 0 ? words : words.slice(0, firstParam);
  const params: Record<string, unknown> = { ...named };
  for (const w of firstParam < 0 ? [] : words.slice(firstParam)) {
    const eq = w.indexOf('=');
    if (eq < 0) throw new Fault(`lookup('password'): unrecognized value "${w}" after key=value parameters`);
    params[w.slice(0, eq)] = w.slice(eq + 1);
  }
  const unknown = Object.keys(params).filter((k) => !OPTIONS.includes(k));
  if (unknown.length > 0) {
    throw new Fault(`lookup('password'): unrecognized parameter(s) ${unknown.join(', ')}`, {
      hint: 'it takes length=, chars= and seed=',
    });
  }
  if (params.encrypt !== undefined || params.ident !== undefined) {
    throw new Fault("lookup('password') with encrypt= or ident= is not supported by runbook", {
      hint: 'use the password as it is, or hash it with a command on the host',
    });
  }
  const length = Number(params.length ?? 20);
  if (!Number.isInteger(length) || length < 1) {
    throw new Fault(`lookup('password'): length must be a whole number above 0, got ${pyStr(params.length)}`);
  }
  return {
    path: pathWords.join(' '),
    length,
    chars: candidateChars(params.chars ?? DEFAULT_CHARS),
    ...(params.seed === undefined ? {} : { seed: pyStr(params.seed) }),
  };
}

/** chars=: names of Python's string constants or literal characters, comma-separated (",," is a comma). */
function candidateChars(spec: unknown): string {
  const specs =
    typeof spec === 'string'
      ? [
          ...(spec.includes(',,') ? [','] : []),
          ...spec
            .replaceAll(',,', ',')
            .split(',')
            .filter((c) => c !== ''),
        ]
      : Array.isArray(spec)
        ? spec.map((c) => pyStr(c))
        : undefined;
  if (!specs) throw new Fault(`lookup('password'): chars must be text or a list, got ${typeName(spec)}`);
  const chars = specs
    .map((c) => CHAR_SETS[c] ?? c)
    .join('')
    .replace(/["']/g, '');
  if (chars === '') throw new Fault("lookup('password'): chars gives no characters to choose from");
  return chars;
}

function generate(term: PasswordTerm): string {
  // seed=: the same password for the same seed (not Python's random, so not Ansible's password for it).
  const pick = term.seed === undefined ? (n: number) => randomInt(n) : seeded(term.seed);
  return Array.from({ length: term.length }, () => term.chars.charAt(pick(term.chars.length))).join('');
}

function seeded(seed: string): (n: number) => number {
  let counter = 0;
  return (n) => createHash('sha256').update(`${seed}:${counter++}`).digest().readUInt32BE(0) % n;
}
