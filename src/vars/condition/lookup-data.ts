// lookup('vars', NAME...) and lookup('dict', MAPPING): lookups of the play's own
// data, as ansible-core 2.14's vars and dict plugins answer them.
import { Fault } from './fault.js';
import { isMapping, keysOf, typeName } from './values.js';

/** A variable the vars lookup cannot find: an error errors= never hides (Ansible's AnsibleUndefinedVariable). */
export class LookupUndefined extends Fault {}

/** Each named variable's value; `default=` for one that is not defined. */
export function varsLookup(
  vars: object,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
): unknown[] {
  return terms.map((t) => {
    if (typeof t !== 'string')
      throw new Fault(`Invalid setting identifier, "${String(t)}" is not a string (${typeName(t)})`);
    if (t in vars) return (vars as Record<string, unknown>)[t];
    if (named.default !== undefined && named.default !== null) return named.default;
    throw new LookupUndefined(`No variable found with this name: ${t}`, {
      hint: `define it, or give lookup('vars', '${t}', default=...)`,
    });
  });
}

/** Each mapping's entries as {key, value}, in order (Ansible's with_dict). */
export function dictLookup(terms: readonly unknown[]): unknown[] {
  return terms.flatMap((t) => {
    if (!isMapping(t)) throw new Fault(`with_dict expects a dict, got ${typeName(t)}`);
    return keysOf(t).map((key) => ({ key, value: (t as Record<string, unknown>)[key] }));
  });
}
