// What a test (`x is name(args)`) or a filter (`x | name(args)`) is, and the
// load-time checks shared by both: the name exists and the argument count fits.
import { distance } from 'fastest-levenshtein';
import type { NamedArg, Node } from './ast.js';
import { Fault } from './fault.js';

/** What a filter or test can call: other filters and tests by name (`map('upper')`, `select('match', 'x')`). */
export interface Calls {
  filter(name: string, input: unknown, args: readonly unknown[]): unknown;
  test(name: string, input: unknown, args: readonly unknown[]): boolean;
}

export type Named = Readonly<Record<string, unknown>>;

export interface Def<R> {
  /** Fewest and most arguments given in order. */
  args: readonly [number, number];
  /** Names it takes as `name=value` (`map(attribute='x')`). */
  named?: readonly string[];
  /** Gets an undefined input (an Undef) instead of failing; only defined, undefined and default do. */
  takesUndefined?: boolean;
  /** One line of the reference, starting with an example in backticks. */
  doc: string;
  /** Load-time check of the argument expressions; throws a Fault with `arg`. */
  check?: (args: readonly Node[]) => void;
  /** Throws a Fault (with `arg` when an argument is at fault). */
  run: (input: unknown, args: readonly unknown[], named: Named, calls: Calls) => R;
}

export type TestDef = Def<boolean>;
export type FilterDef = Def<unknown>;

/** The candidate nearest to `word` when it looks like a typo of it. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) [best, bestDist] = [c, d];
  }
  return bestDist <= Math.max(2, Math.ceil(word.length / 3)) && bestDist < word.length ? best : undefined;
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  return n === undefined ? '' : `; did you mean "${n}"?`;
}

/** The definition called `name`, or a Fault at `at` listing the known ones. */
export function lookup<D>(table: ReadonlyMap<string, D>, name: string, what: 'test' | 'filter', at: number): D {
  const def = table.get(name);
  if (def !== undefined) return def;
  throw new Fault(`unknown ${what} "${name}"${didYouMean(name, table.keys())}`, {
    at,
    hint: `known ${what}s: ${[...table.keys()].join(', ')}`,
  });
}

/** Fault unless `args` fits the definition's argument count. */
export function checkArity(
  def: Def<unknown>,
  name: string,
  args: readonly Node[],
  at: number,
  named: readonly NamedArg[] = [],
): void {
  for (const n of named) {
    if (def.named?.includes(n.name)) continue;
    const takes = def.named?.length
      ? `it takes ${def.named.map((x) => `${x}=`).join(', ')}`
      : 'give the arguments in order';
    throw new Fault(`"${name}" has no argument named "${n.name}"`, { at: n.at, hint: takes });
  }
  const [min, max] = def.args;
  const n = args.length;
  const plural = (k: number) => `${k} argument${k === 1 ? '' : 's'}`;
  if (n > max) {
    const takes =
      max === 0 ? 'takes no arguments' : min === max ? `takes ${plural(max)}` : `takes at most ${plural(max)}`;
    throw new Fault(`"${name}" ${takes}, got ${n}`, { at: args[max]?.start ?? at });
  }
  if (n < min) {
    const needs = min === max ? `takes ${plural(min)}` : `needs at least ${plural(min)}`;
    throw new Fault(`"${name}" ${needs}, got ${n}`, { at });
  }
}
