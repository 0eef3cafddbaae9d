// Small wording helpers shared by the validators: "did you mean", type names, lists.

import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word`, if it is close enough to be a likely typo:
 * at most 2 edits, or a third of the word for long words. Case is ignored.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  // Two edits on a 3-letter word is a different word, not a typo.
  return bestDist <= Math.min(limit, Math.max(1, w.length - 2)) ? best : undefined;
}

/** `; did you mean "x"?` or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates);
  return n === undefined ? '' : `; did you mean "${n}"?`;
}

/** What a YAML value is, in the words an operator uses. */
export function typeOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'a whole number' : 'a number';
    case 'boolean':
      return `${String(value)}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const SCHEMA_TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'nothing',
};

/** JSON Schema type names → "a string or a list". */
export function expectedTypes(types: readonly string[]): string {
  // "or nothing" tells nothing: the value at fault is never null when null is allowed.
  if (types.length > 1) types = types.filter((t) => t !== 'null');
  const names = [...new Set(types.map((t) => SCHEMA_TYPE_NAMES[t] ?? t))];
  return orList(names);
}

export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
