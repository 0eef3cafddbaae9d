// Filters over mappings: keys, dict2items and items2dict, combine.
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';
import { isMapping, keysOf, own, truthy, typeName, type Mapping } from './values.js';

function mapping(name: string, v: unknown): Mapping {
  if (isMapping(v)) return v;
  throw new Fault(`"${name}" needs a mapping, got ${typeName(v)}`);
}

/** A plain mapping with `key` set as data (never a prototype), whatever the key's text. */
function put(out: Mapping, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function merge(a: Mapping, b: Mapping, recursive: boolean): Mapping {
  const out: Mapping = {};
  for (const k of keysOf(a)) put(out, k, a[k]);
  for (const k of keysOf(b)) {
    const [old, next] = [own(out, k)?.value, b[k]];
    put(out, k, recursive && isMapping(old) && isMapping(next) ? merge(old, next, true) : next);
  }
  return out;
}

export const DICT_FILTERS: [string, FilterDef][] = [
  [
    'keys',
    { args: [0, 0], doc: '`x | keys`: the keys of a mapping, as a list', run: (v) => keysOf(mapping('keys', v)) },
  ],
  [
    'values',
    {
      args: [0, 0],
      doc: '`x | values`: the values of a mapping, as a list',
      run: (v) => keysOf(mapping('values', v)).map((k) => (v as Mapping)[k]),
    },
  ],
  [
    'dict2items',
    {
      args: [0, 0],
      named: ['key_name', 'value_name'],
      doc: '`x | dict2items`: a mapping as a list of `{key: …, value: …}` (names from `key_name=`, `value_name=`)',
      run: (v, _args, named) => {
        const m = mapping('dict2items', v);
        const [kn, vn] = [String(named.key_name ?? 'key'), String(named.value_name ?? 'value')];
        return keysOf(m).map((k) => {
          const item: Mapping = {};
          put(item, kn, k);
          put(item, vn, m[k]);
          return item;
        });
      },
    },
  ],
  [
    'items2dict',
    {
      args: [0, 0],
      named: ['key_name', 'value_name'],
      doc: '`x | items2dict`: a list of `{key: …, value: …}` back into a mapping',
      run: (v, _args, named) => {
        if (!Array.isArray(v)) throw new Fault(`"items2dict" needs a list, got ${typeName(v)}`);
        const [kn, vn] = [String(named.key_name ?? 'key'), String(named.value_name ?? 'value')];
        const out: Mapping = {};
        for (const item of v) {
          const key = isMapping(item) ? own(item, kn)?.value : undefined;
          if (typeof key !== 'string' && typeof key !== 'number')
            throw new Fault(`"items2dict": an item has no "${kn}" string`, {
              hint: `each item must be a mapping with "${kn}" and "${vn}"`,
            });
          put(out, String(key), own(item as Mapping, vn)?.value ?? null);
        }
        return out;
      },
    },
  ],
  [
    'combine',
    {
      args: [0, 10],
      named: ['recursive'],
      doc: "`x | combine(y)`: x with y's keys set over it (later mappings win); `combine(y, recursive=true)` merges nested mappings too",
      run: (v, args, named) =>
        args.reduce<Mapping>(
          (acc, m) => merge(acc, mapping('combine', m), truthy(named.recursive ?? false)),
          mapping('combine', v),
        ),
    },
  ],
];
