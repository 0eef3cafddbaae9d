// Filters over lists: set operations, ordering, and the ones that apply a
// filter or test to every item (map, select, reject, selectattr, rejectattr).
import type { Calls, FilterDef, Named } from './defs.js';
import { Fault } from './fault.js';
import { equal, isMapping, own, truthy, typeName, Undef } from './values.js';

function fail(name: string, wants: string, v: unknown): never {
  throw new Fault(`"${name}" needs ${wants}, got ${typeName(v)}`);
}
const list = (name: string, v: unknown): unknown[] => (Array.isArray(v) ? v : fail(name, 'a list', v));

function unique(items: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => equal(x, y))) out.push(x);
  return out;
}

/** `item.a.b` for map(attribute='a.b') and selectattr('a.b'): undefined when a part is missing. */
export function attribute(item: unknown, path: unknown): unknown {
  let cur = item;
  for (const part of String(path).split('.')) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (isMapping(cur)) cur = own(cur, part)?.value;
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Numbers by value, strings as text (case-insensitive unless asked), as Jinja's sort. */
function compare(a: unknown, b: unknown, caseSensitive: boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = caseSensitive ? [a, b] : [a.toLowerCase(), b.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // Lists (the pairs of `d.items() | sort`) item by item, as Python orders tuples.
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i], caseSensitive);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw new Fault(`"sort" cannot order ${typeName(a)} and ${typeName(b)}`);
}

function flatten(items: readonly unknown[], levels: number): unknown[] {
  return items.flatMap((x) => (Array.isArray(x) && levels > 0 ? flatten(x, levels - 1) : x === null ? [] : [x]));
}

/** The test of select/reject: a test name and its arguments, or truthiness. */
function passes(calls: Calls, item: unknown, args: readonly unknown[]): boolean {
  if (args.length === 0) return truthy(item);
  const [test, ...rest] = args;
  if (typeof test !== 'string') throw new Fault(`a test name must be a string, got ${typeName(test)}`, { arg: 0 });
  return calls.test(test, item, rest);
}

function mapItems(v: unknown, args: readonly unknown[], named: Named, calls: Calls): unknown[] {
  const items = list('map', v);
  if (named.attribute !== undefined) {
    return items.map((x) => {
      const found = attribute(x, named.attribute);
      if (found !== undefined) return found;
      if (named.default !== undefined) return named.default;
      throw new Fault(`"map": an item has no attribute "${String(named.attribute)}"`, {
        hint: "give a fallback with map(attribute='…', default='…')",
      });
    });
  }
  const [filter, ...rest] = args;
  if (typeof filter !== 'string')
    throw new Fault("\"map\" needs a filter name, e.g. map('upper'), or map(attribute='name')", { arg: 0 });
  return items.map((x) => calls.filter(filter, x, rest));
}

const selectBy =
  (keep: boolean): FilterDef['run'] =>
  (v, args, _named, calls) =>
    list(keep ? 'select' : 'reject', v).filter((x) => passes(calls, x, args) === keep);

const selectAttrBy =
  (keep: boolean): FilterDef['run'] =>
  (v, [attr, ...rest], _named, calls) =>
    list(keep ? 'selectattr' : 'rejectattr', v).filter((x) => {
      const value = attribute(x, attr);
      // An item without the attribute is only "undefined" to the defined/undefined tests.
      const holds =
        rest.length === 0
          ? truthy(value)
          : calls.test(String(rest[0]), value === undefined ? new Undef('missing', -1) : value, rest.slice(1));
      return holds === keep;
    });

const setOp = (doc: string, op: (a: unknown[], b: unknown[]) => unknown[]): FilterDef => ({
  args: [1, 1],
  doc,
  run: (v, [other]) => op(unique(list('a set filter', v)), list('a set filter', other)),
});

export const LIST_FILTERS: [string, FilterDef][] = [
  [
    'unique',
    {
      args: [0, 0],
      doc: '`x | unique`: the items without repeats, in their order',
      run: (v) => unique(list('unique', v)),
    },
  ],
  [
    'sort',
    {
      args: [0, 2],
      named: ['reverse', 'case_sensitive', 'attribute'],
      doc: "`x | sort`, `sort(reverse=true)`, `sort(attribute='name')`: numbers by value, text ignoring case (unless `case_sensitive=true`)",
      run: (v, [rev = false, cs = false], named) => {
        const key = (x: unknown) => (named.attribute === undefined ? x : attribute(x, named.attribute));
        const sorted = [...list('sort', v)].sort((a, b) => compare(key(a), key(b), truthy(named.case_sensitive ?? cs)));
        return truthy(named.reverse ?? rev) ? sorted.reverse() : sorted;
      },
    },
  ],
  [
    'reverse',
    {
      args: [0, 0],
      doc: '`x | reverse`: the items in the other order',
      run: (v) => (typeof v === 'string' ? [...v].reverse().join('') : [...list('reverse', v)].reverse()),
    },
  ],
  [
    'flatten',
    {
      args: [0, 1],
      named: ['levels'],
      doc: '`x | flatten`, `flatten(1)`: lists inside the list spliced in (all levels, or that many); nulls dropped',
      run: (v, [levels], named) => flatten(list('flatten', v), Number(named.levels ?? levels ?? Infinity)),
    },
  ],
  [
    'difference',
    setOp("`x | difference(['a'])`: the items of x that are not in the other list", (a, b) =>
      a.filter((x) => !b.some((y) => equal(x, y))),
    ),
  ],
  [
    'intersect',
    setOp("`x | intersect(['a'])`: the items of x that are also in the other list", (a, b) =>
      a.filter((x) => b.some((y) => equal(x, y))),
    ),
  ],
  ['union', setOp("`x | union(['a'])`: the items of either list, without repeats", (a, b) => unique([...a, ...b]))],
  [
    'min',
    {
      args: [0, 0],
      doc: '`x | min`: the smallest item',
      run: (v) => [...list('min', v)].sort((a, b) => compare(a, b, false))[0] ?? new Undef('the list is empty', -1),
    },
  ],
  [
    'max',
    {
      args: [0, 0],
      doc: '`x | max`: the largest item',
      run: (v) => [...list('max', v)].sort((a, b) => compare(b, a, false))[0] ?? new Undef('the list is empty', -1),
    },
  ],
  [
    'sum',
    {
      args: [0, 1],
      doc: '`x | sum`: the numbers added up (from the start value, default 0)',
      run: (v, [start = 0]) => {
        let total = Number(start);
        for (const x of list('sum', v)) total += typeof x === 'number' ? x : fail('sum', 'numbers', x);
        return total;
      },
    },
  ],
  [
    'product',
    {
      args: [1, 1],
      doc: '`x | product(y)`: every pair of an item of x and an item of y, as a list of `[a, b]`',
      run: (v, [other]) => list('product', v).flatMap((a) => list('product', other).map((b) => [a, b])),
    },
  ],
  [
    'zip',
    {
      args: [1, 1],
      doc: '`x | zip(y)`: the items side by side, `[[x0, y0], [x1, y1], …]`, as long as the shorter list',
      run: (v, [other]) => {
        const [a, b] = [list('zip', v), list('zip', other)];
        return a.slice(0, Math.min(a.length, b.length)).map((x, i) => [x, b[i]]);
      },
    },
  ],
  [
    'list',
    {
      args: [0, 0],
      doc: "`x | list`: a list (a string's characters, a mapping's keys)",
      run: (v) => (typeof v === 'string' ? [...v] : isMapping(v) ? Object.keys(v) : list('list', v)),
    },
  ],
  [
    'map',
    {
      args: [0, 10],
      named: ['attribute', 'default'],
      doc: "`x | map('upper')`, `map('replace', 'a', 'b')`, `map(attribute='name')`: a filter applied to every item, or an attribute of each",
      run: mapItems,
    },
  ],
  [
    'select',
    {
      args: [0, 10],
      doc: "`x | select('match', '^kube')`: the items a test passes (no test: the true ones)",
      run: selectBy(true),
    },
  ],
  [
    'reject',
    {
      args: [0, 10],
      doc: "`x | reject('equalto', 'b')`: the items a test fails (no test: the false ones)",
      run: selectBy(false),
    },
  ],
  [
    'selectattr',
    {
      args: [1, 10],
      doc: "`x | selectattr('ready')`, `selectattr('role', 'equalto', 'cp')`: the items whose attribute passes the test",
      run: selectAttrBy(true),
    },
  ],
  [
    'rejectattr',
    {
      args: [1, 10],
      doc: "`x | rejectattr('role', 'equalto', 'cp')`: the items whose attribute fails the test",
      run: selectAttrBy(false),
    },
  ],
];
