// The values a condition works on: plain data (YAML/JSON: null, booleans,
// numbers, strings, lists, mappings) plus Undef, the undefined marker that only
// `is defined`, `is undefined` and `| default` may see. Keys are looked up as
// own data properties only, so nothing reaches JavaScript prototypes.
import { Fault } from './fault.js';

/** An undefined value, with the error to give if something other than a guard uses it. */
export class Undef {
  constructor(
    readonly message: string,
    readonly at: number,
    readonly hint?: string,
  ) {}
}

export type Mapping = Record<string, unknown>;

export function isMapping(v: unknown): v is Mapping {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Undef);
}

/**
 * An own property that is not `undefined`. YAML data has no getters; the only
 * ones are the engine's templated variables (vars/scope.ts), read on demand.
 */
export function own(obj: object, key: string): { value: unknown } | undefined {
  const d = Object.getOwnPropertyDescriptor(obj, key);
  if (!d) return undefined;
  const value = 'value' in d ? d.value : d.get?.call(obj);
  return value !== undefined ? { value } : undefined;
}

/** Own keys whose values are set. */
export function keysOf(obj: object): string[] {
  return Object.keys(obj).filter((k) => own(obj, k) !== undefined);
}

/** What a value is, in the words of the messages: "a string", "a list", "null". */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isMapping(v)) return 'a mapping';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'string') return 'a string';
  return typeof v;
}

/** Python/Jinja truthiness: null, false, 0, "", [] and {} are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === false || v === 0 || v === '' || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMapping(v)) return keysOf(v).length > 0;
  return true;
}

/** Deep equality of data; values of different types are unequal. */
export function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isMapping(a) && isMapping(b)) {
    const ka = keysOf(a);
    return ka.length === keysOf(b).length && ka.every((k) => own(b, k) !== undefined && equal(a[k], b[k]));
  }
  return a === b;
}

const VERSIONISH = /^v?\d+(\.\d+)+/;

/** -1, 0 or 1 for numbers, strings and lists of them; a Fault for anything else. */
export function order(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (VERSIONISH.test(a) && VERSIONISH.test(b)) {
      throw new Fault(`"${a}" and "${b}" look like versions; comparing them as text is unreliable ("1.9" > "1.24")`, {
        hint: `use the version test, e.g. "x is version('${b}', '<')"`,
      });
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = order(a[i], b[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  throw new Fault(`cannot compare ${typeName(a)} with ${typeName(b)}`, {
    hint: 'convert one side first, e.g. "x | int > 3" or "x | string == \'3\'"',
  });
}

/** `item in container`: substring, list item or mapping key. */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new Fault(`"in" a string needs a string on the left, got ${typeName(item)}`, {
        hint: 'convert it first, e.g. "(x | string) in text"',
      });
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => equal(x, item));
  if (isMapping(container)) {
    return (typeof item === 'string' || typeof item === 'number') && own(container, String(item)) !== undefined;
  }
  throw new Fault(`"in" needs a string, list or mapping on the right, got ${typeName(container)}`);
}
