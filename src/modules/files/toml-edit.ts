// Pure edits of a parsed TOML document (plain objects from @iarna/toml) at a key path.
import { formatTomlPath } from './toml-path.js';

export type TomlTable = Record<string, unknown>;

function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The value at `path`, or undefined when some segment is missing. */
export function getAt(doc: TomlTable, path: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    if (!isTable(cur) || !Object.hasOwn(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Sets `path` to `value` in place, creating missing tables; throws when a parent is not a table. */
export function setAt(doc: TomlTable, path: readonly string[], value: unknown): void {
  let cur = doc;
  path.slice(0, -1).forEach((seg, i) => {
    if (!Object.hasOwn(cur, seg)) cur[seg] = {};
    const next = cur[seg];
    if (!isTable(next)) {
      throw new Error(
        `${formatTomlPath(path.slice(0, i + 1))} is ${describe(next)}, not a table, so ${formatTomlPath(path)} cannot be set`,
      );
    }
    cur = next;
  });
  cur[path[path.length - 1]!] = value;
}

/** Deletes `path`; returns whether there was something to delete. Emptied tables stay. */
export function removeAt(doc: TomlTable, path: readonly string[]): boolean {
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (!isTable(parent) || !Object.hasOwn(parent, last)) return false;
  delete parent[last];
  return true;
}

/** Equality of parsed TOML values: dates by instant/text, integers equal whether number or bigint. */
export function sameTomlValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  }
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    if (typeof a === typeof b) return Object.is(a, b);
    const int = (x: number | bigint) => typeof x === 'bigint' || Number.isInteger(x);
    return int(a) && int(b) && BigInt(a) === BigInt(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTomlValue(x, b[i]));
  }
  if (isTable(a) || isTable(b)) {
    if (!isTable(a) || !isTable(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameTomlValue(a[k], b[k]));
  }
  return a === b;
}

/** Where a wanted value holds something TOML cannot write (null), e.g. `value.a[1] is null`. */
export function untomlable(value: unknown, where = 'value'): string | undefined {
  if (value === null || value === undefined) return `${where} is null, which TOML cannot hold`;
  if (Array.isArray(value)) return value.map((v, i) => untomlable(v, `${where}[${i}]`)).find((x) => x);
  if (isTable(value))
    return Object.entries(value)
      .map(([k, v]) => untomlable(v, `${where}.${k}`))
      .find((x) => x);
  return undefined;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v} (${JSON.stringify(v)})`;
}
