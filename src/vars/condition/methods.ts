// Python's methods that Ansible roles call on values: `s.split(',')`,
// `s.startswith('v')`, `d.items()`, `d.get('k', 'x')`, `l.append(x)` (in a
// {% set _ = l.append(x) %}, as Jinja allows: the list changes in place).
// Each is looked up by the type of the value it is called on.
import { Fault } from './fault.js';
import { contains, equal, isMapping, keysOf, own, typeName, type Mapping } from './values.js';
import { pyStr } from './python-text.js';

type Method<T> = (self: T, args: readonly unknown[]) => unknown;

function text(name: string, v: unknown, i: number): string {
  if (typeof v === 'string') return v;
  throw new Fault(`the argument of "${name}()" must be a string, got ${typeName(v)}`, { arg: i });
}

/** startswith/endswith take a string or a list (Python: a tuple) of them. */
function affixes(name: string, v: unknown): string[] {
  return Array.isArray(v) ? v.map((x, i) => text(name, x, i)) : [text(name, v, 0)];
}

function strip(s: string, chars: unknown, where: 'both' | 'start' | 'end'): string {
  const set = chars === undefined || chars === null ? undefined : [...text('strip', chars, 0)];
  const drop = (c: string) => (set ? set.includes(c) : /\s/.test(c));
  const cs = [...s];
  let a = 0;
  let b = cs.length;
  if (where !== 'end') while (a < b && drop(cs[a] as string)) a++;
  if (where !== 'start') while (b > a && drop(cs[b - 1] as string)) b--;
  return cs.slice(a, b).join('');
}

/** Python's str.split: no separator splits on runs of whitespace and drops empty parts. */
function split(s: string, sep: unknown, max: unknown): string[] {
  const limit = typeof max === 'number' && max >= 0 ? max : -1;
  if (sep === undefined || sep === null) {
    const parts = s.trim() === '' ? [] : s.trim().split(/\s+/);
    return limit < 0 || parts.length <= limit + 1
      ? parts
      : [...parts.slice(0, limit), s.trim().split(/\s+/).slice(limit).join(' ')];
  }
  const by = text('split', sep, 0);
  if (by === '') throw new Fault('empty separator', { arg: 0 });
  const parts = s.split(by);
  return limit < 0 || parts.length <= limit + 1 ? parts : [...parts.slice(0, limit), parts.slice(limit).join(by)];
}

const STRING: Record<string, Method<string>> = {
  split: (s, [sep, max]) => split(s, sep, max),
  strip: (s, [c]) => strip(s, c, 'both'),
  lstrip: (s, [c]) => strip(s, c, 'start'),
  rstrip: (s, [c]) => strip(s, c, 'end'),
  startswith: (s, [p]) => affixes('startswith', p).some((x) => s.startsWith(x)),
  endswith: (s, [p]) => affixes('endswith', p).some((x) => s.endsWith(x)),
  replace: (s, [a, b, n]) => {
    const [from, to] = [text('replace', a, 0), text('replace', b, 1)];
    const parts = s.split(from);
    const count = typeof n === 'number' && n >= 0 ? n : parts.length;
    return (
      parts.slice(0, count + 1).join(to) + (parts.length > count + 1 ? from + parts.slice(count + 1).join(from) : '')
    );
  },
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  find: (s, [x]) => s.indexOf(text('find', x, 0)),
  count: (s, [x]) => (text('count', x, 0) === '' ? [...s].length + 1 : s.split(x as string).length - 1),
  join: (s, [items]) => {
    if (!Array.isArray(items)) throw new Fault(`"join()" needs a list, got ${typeName(items)}`, { arg: 0 });
    return items.map(pyStr).join(s);
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((l, i, all) => i < all.length - 1 || l !== ''),
  isdigit: (s) => /^\d+$/.test(s),
  format: (s, args) => {
    let i = 0;
    return s.replace(/\{(\d*)\}/g, (_m, n: string) => pyStr(args[n === '' ? i++ : Number(n)]));
  },
};

function index(l: unknown[], x: unknown): number {
  const i = l.findIndex((y) => equal(y, x));
  if (i < 0) throw new Fault(`${pyStr(x)} is not in the list`, { arg: 0 });
  return i;
}

const LIST: Record<string, Method<unknown[]>> = {
  append: (l, [x]) => {
    l.push(x);
    return null;
  },
  extend: (l, [x]) => {
    if (!Array.isArray(x)) throw new Fault(`"extend()" needs a list, got ${typeName(x)}`, { arg: 0 });
    l.push(...x);
    return null;
  },
  insert: (l, [i, x]) => {
    l.splice(Number(i), 0, x);
    return null;
  },
  index: (l, [x]) => index(l, x),
  count: (l, [x]) => l.filter((y) => equal(y, x)).length,
  copy: (l) => [...l],
};

const MAPPING: Record<string, Method<Mapping>> = {
  keys: (d) => keysOf(d),
  values: (d) => keysOf(d).map((k) => d[k]),
  items: (d) => keysOf(d).map((k) => [k, d[k]]),
  get: (d, [k, fallback = null]) =>
    typeof k === 'string' || typeof k === 'number' ? (own(d, String(k))?.value ?? fallback) : fallback,
  copy: (d) => ({ ...d }),
  update: (d, [other]) => {
    if (!isMapping(other)) throw new Fault(`"update()" needs a mapping, got ${typeName(other)}`, { arg: 0 });
    for (const k of keysOf(other))
      Object.defineProperty(d, k, { value: other[k], enumerable: true, writable: true, configurable: true });
    return null;
  },
};

/** Every method name, for the parser: a call of another name is refused where it is written. */
export const METHODS: ReadonlySet<string> = new Set([
  ...Object.keys(STRING),
  ...Object.keys(LIST),
  ...Object.keys(MAPPING),
]);

/** `self.name(args)`. */
export function callMethod(self: unknown, name: string, args: readonly unknown[]): unknown {
  const table: Record<string, Method<never>> | undefined =
    typeof self === 'string' ? STRING : Array.isArray(self) ? LIST : isMapping(self) ? MAPPING : undefined;
  const method = table && Object.hasOwn(table, name) ? (table[name] as Method<unknown>) : undefined;
  if (!method) {
    const has = table ? `; it has ${Object.keys(table).join(', ')}` : '';
    throw new Fault(`${typeName(self)} has no method "${name}()"${has}`, {
      hint: contains(['keys', 'values', 'items'], name) ? 'call it on a mapping' : undefined,
    });
  }
  return method(self as never, args);
}
