// `a.b`, `a['b']`, `a[0]`, `a[-1]`: own keys of mappings and items of lists and
// strings. Anything missing is an Undef carrying the reason, so that
// `a.b is defined` can be false and `a.b == 1` can say why it failed.
import { didYouMean } from './defs.js';
import { Fault } from './fault.js';
import { isMapping, own, typeName, Undef, type Mapping } from './values.js';

/** `obj[key]`; `objLabel`/`label` are the source texts of `obj` and of the whole access. */
export function member(obj: unknown, key: unknown, objLabel: string, label: string, at: number): unknown {
  const missing = (why: string, hint = guard(label)) => new Undef(`undefined variable "${label}": ${why}`, at, hint);
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new Fault(`a key must be a string or a number, got ${typeName(key)}`, { at });
  }
  if (isMapping(obj)) {
    const found = own(obj, String(key));
    if (found) return found.value;
    const keys = hintKeys(obj);
    const some = `${keys.slice(0, 12).join(', ')}${keys.length > 12 ? ', ...' : ''}`;
    const known = keys.length === 0 ? 'it is empty' : `its keys: ${some}`;
    return missing(`"${objLabel}" has no key "${key}"${didYouMean(String(key), keys)}`, `${known}; ${guard(label)}`);
  }
  if (Array.isArray(obj) || typeof obj === 'string') {
    const what = Array.isArray(obj) ? 'list' : 'string';
    if (typeof key === 'string') {
      const hint = key === 'length' ? `use "${objLabel} | length"` : `a ${what} has items [0], [1], ... and no keys`;
      return missing(`"${objLabel}" is a ${what}; it has no key "${key}"`, hint);
    }
    if (!Number.isInteger(key)) throw new Fault(`an index must be a whole number, got ${key}`, { at });
    const items = Array.isArray(obj) ? obj : [...obj];
    const item = items[key < 0 ? items.length + key : key];
    if (item !== undefined) return item;
    const n = items.length;
    return missing(`"${objLabel}" has no item [${key}] (it has ${n} item${n === 1 ? '' : 's'})`);
  }
  return missing(`"${objLabel}" is ${typeName(obj)}, not a mapping`);
}

/** The usual ways to make a possibly missing value safe. */
export function guard(label: string): string {
  return `guard it with "${label} is defined" or "${label} | default(...)"`;
}

// The keys a hint lists: a value that cannot be read yet (validate's run-time names) still names its key.
function hintKeys(obj: Mapping): string[] {
  return Object.keys(obj).filter((k) => {
    try {
      return own(obj, k) !== undefined;
    } catch {
      return true;
    }
  });
}
