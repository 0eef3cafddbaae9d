// The filters of `x | name` / `x | name(args)`, one entry each; `doc` is the
// reference's line for it. Text filters convert their input with Python's str(),
// as Jinja does; the others refuse what they cannot work on. Those over lists,
// mappings and data formats are in filters-list, filters-dict and filters-data.
import type { FilterDef } from './defs.js';
import { toBool, toFloat, toInt } from './convert.js';
import { Fault } from './fault.js';
import { DATA_FILTERS } from './filters-data.js';
import { DICT_FILTERS } from './filters-dict.js';
import { LIST_FILTERS } from './filters-list.js';
import { NET_FILTERS } from './filters-net.js';
import { PASSWORD_FILTERS } from './filters-password.js';
import { TYPE_FILTERS } from './filters-types.js';
import { RANDOM_FILTERS } from './filters-random.js';
import { URL_FILTERS } from './filters-url.js';
import { compileRegex } from './regex.js';
import { isMapping, keysOf, truthy, typeName, Undef } from './values.js';
import { pyStr } from './python-text.js';

function fail(name: string, wants: string, v: unknown): never {
  throw new Fault(`"${name}" needs ${wants}, got ${typeName(v)}`);
}
function str(name: string, v: unknown): string {
  return typeof v === 'string' ? v : fail(name, 'a string', v);
}
const chars = (s: string) => [...s];

function edge(name: 'first' | 'last', v: unknown): unknown {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? chars(v) : fail(name, 'a list or a string', v);
  if (items.length === 0) return new Undef(`the ${Array.isArray(v) ? 'list' : 'string'} is empty`, -1);
  return name === 'first' ? items[0] : items[items.length - 1];
}

/** Python's posixpath.dirname: "/a/b" → "/a", "a" → "", "/a" → "/". */
function dirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf('/') + 1);
  return head !== '' && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
}

/** A filter without arguments. */
const to = (doc: string, run: (v: unknown) => unknown): FilterDef => ({ args: [0, 0], doc, run });

function length(v: unknown): number {
  if (typeof v === 'string') return chars(v).length;
  if (Array.isArray(v)) return v.length;
  return isMapping(v) ? keysOf(v).length : fail('length', 'a string, list or mapping', v);
}

function split(v: unknown, sep: unknown): string[] {
  const s = str('split', v);
  if (sep === undefined || sep === null) return s.trim() === '' ? [] : s.trim().split(/\s+/);
  if (typeof sep !== 'string' || sep === '') {
    throw new Fault('the separator of "split" must be a non-empty string', { arg: 0 });
  }
  return s.split(sep);
}

function replace(v: unknown, from: unknown, to: unknown): string {
  const [s, a, b] = [pyStr(v), pyStr(from), pyStr(to)];
  return a === '' ? b + chars(s).join(b) + b : s.split(a).join(b);
}

const dflt: FilterDef = {
  args: [0, 2],
  takesUndefined: true,
  doc:
    "`x | default('none')` (also `d`): the value when x is undefined; " +
    "`default(v, true)` also replaces false, 0, '' and null",
  run: (v, [fallback = '', always = false]) => (v instanceof Undef || (truthy(always) && !truthy(v)) ? fallback : v),
};

export const FILTERS: ReadonlyMap<string, FilterDef> = new Map<string, FilterDef>([
  ['default', dflt],
  ['d', dflt],
  ['length', to('`x | length`: characters of a string, items of a list, keys of a mapping', length)],
  ['int', to("`x | int`: a whole number; text it cannot read gives 0, as in Jinja (`'' | int` is 0)", toInt)],
  ['float', to('`x | float`: a number; text it cannot read gives 0', toFloat)],
  ['string', to("`x | string`: text, as Python writes it (true → 'True', null → 'None')", pyStr)],
  [
    'bool',
    to(
      "`x | bool`: yes/no, true/false, on/off, 1/0 (any case) to a boolean, '' to false; anything else is an error",
      toBool,
    ),
  ],
  ['lower', to('`x | lower`', (v) => pyStr(v).toLowerCase())],
  ['upper', to('`x | upper`', (v) => pyStr(v).toUpperCase())],
  ['trim', to('`x | trim`: without leading and trailing whitespace', (v) => pyStr(v).trim())],
  ['first', to('`x | first`: first item of a list (or character); undefined when empty', (v) => edge('first', v))],
  ['last', to('`x | last`: last item of a list (or character); undefined when empty', (v) => edge('last', v))],
  [
    'join',
    {
      args: [0, 1],
      doc: "`x | join(', ')`: the items of a list as one string (default separator '')",
      run: (v, [sep = '']) => {
        const items = Array.isArray(v) ? v : typeof v === 'string' ? chars(v) : fail('join', 'a list', v);
        return items.map(pyStr).join(pyStr(sep));
      },
    },
  ],
  [
    'split',
    {
      args: [0, 1],
      doc: "`x | split(',')`: a list of the parts of a string; without a separator, splits on runs of whitespace",
      run: (v, [sep]) => split(v, sep),
    },
  ],
  [
    'regex_search',
    {
      args: [1, 1],
      doc: "`x | regex_search('v[0-9.]+')`: the first match, or null when there is none",
      check: ([p]) => void (p?.kind === 'literal' && compileRegex(p.value, false)),
      run: (v, [p]) => compileRegex(p, false).exec(pyStr(v))?.[0] ?? null,
    },
  ],
  [
    'replace',
    {
      args: [2, 2],
      doc: "`x | replace('-', '_')`: every occurrence of the first text replaced by the second",
      run: (v, [from, to]) => replace(v, from, to),
    },
  ],
  [
    'basename',
    to("`x | basename`: the last part of a path ('/etc/kubernetes/kubelet.conf' → 'kubelet.conf')", (v) => {
      const p = str('basename', v);
      return p.slice(p.lastIndexOf('/') + 1);
    }),
  ],
  [
    'dirname',
    to("`x | dirname`: the path without its last part ('/etc/kubernetes/kubelet.conf' → '/etc/kubernetes')", (v) => {
      return dirname(str('dirname', v));
    }),
  ],
  ...LIST_FILTERS,
  ...DICT_FILTERS,
  ...NET_FILTERS,
  ...URL_FILTERS,
  ...TYPE_FILTERS,
  ...RANDOM_FILTERS,
  ...PASSWORD_FILTERS,
  ...DATA_FILTERS,
]);
