// The version test. Versions are read the way Kubernetes writes them ("1.24",
// "v1.23.17", "1.27.0-rc.1", "v1.28.2+k3s1"), padded to three parts, and
// compared with semver: a pre-release sorts before its release.
import { createRequire } from 'node:module';
import type { Node } from './ast.js';
import { Fault } from './fault.js';
import { typeName } from './values.js';

const OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '==': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  ne: (c) => c !== 0,
};
export const VERSION_OPS = Object.keys(OPS);

// semver is loaded by the first version test, not by every run.
let semverLib: typeof import('semver') | undefined;
const semver = (): typeof import('semver') =>
  (semverLib ??= createRequire(import.meta.url)('semver') as typeof import('semver'));

const SHAPE = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?([-+][0-9A-Za-z.+-]*)?$/;

/** `arg` is the argument index at fault, or undefined for the test's subject. */
function read(v: unknown, arg: number | undefined): import('semver').SemVer {
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new Fault(`a version must be a string, got ${typeName(v)}`, { arg });
  }
  const text = String(v).trim();
  const m = SHAPE.exec(text);
  const padded = m && `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}${m[4] ?? ''}`;
  const parsed = padded === null ? null : semver().parse(padded);
  if (parsed) return parsed;
  throw new Fault(`cannot read "${text}" as a version`, {
    arg,
    hint:
      'versions look like "1.24", "v1.23.17" or "1.27.0-rc.1"; pick one out of a longer text first, ' +
      `e.g. "out | regex_search('[0-9]+[.][0-9]+[.][0-9]+')"`,
  });
}

function opOf(op: unknown): (c: number) => boolean {
  const f = typeof op === 'string' && Object.hasOwn(OPS, op) ? OPS[op] : undefined;
  if (f) return f;
  throw new Fault(`unknown version comparison ${typeof op === 'string' ? `"${op}"` : typeName(op)}`, {
    arg: 1,
    hint: `use one of: ${VERSION_OPS.join(' ')}`,
  });
}

export function versionTest(subject: unknown, args: readonly unknown[]): boolean {
  const op = opOf(args[1] ?? '==');
  return op(semver().compare(read(subject, undefined), read(args[0], 0)));
}

/** Load time: a bare number loses its trailing zeros (1.20 is 1.2), and the operator can be checked early. */
export function checkVersionArgs(args: readonly Node[]): void {
  const [other, op] = args;
  if (other?.kind === 'literal' && typeof other.value === 'number') {
    throw new Fault(`write the version as a string: '${other.raw}'`, {
      arg: 0,
      hint: `unquoted, ${other.raw} is a number, which drops trailing zeros (1.20 is 1.2)`,
    });
  }
  if (op?.kind === 'literal') opOf(op.value);
}
