// lookup('vars', NAME...), lookup('varnames', REGEX...) and lookup('dict', MAPPING):
// lookups of the play's own data, as ansible-core 2.14's plugins answer them.
import { Fault } from './fault.js';
import { compileRegex } from './regex.js';
import { isMapping, keysOf, typeName } from './values.js';

/** A variable the vars lookup cannot find: an error errors= never hides (Ansible's AnsibleUndefinedVariable). */
export class LookupUndefined extends Fault {}

/** A term naming a variable (or a regex of names): text, as Ansible's plugins check it. */
function identifier(t: unknown): string {
  if (typeof t === 'string') return t;
  throw new Fault(`Invalid setting identifier, "${String(t)}" is not a string (${typeName(t)})`);
}

/** Each named variable's value; `default=` for one that is not defined. */
export function varsLookup(
  vars: object,
  terms: readonly unknown[],
  named: Readonly<Record<string, unknown>>,
): unknown[] {
  return terms.map((t) => {
    const name = identifier(t);
    if (name in vars) return (vars as Record<string, unknown>)[name];
    if (named.default !== undefined && named.default !== null) return named.default;
    throw new LookupUndefined(`No variable found with this name: ${name}`, {
      hint: `define it, or give lookup('vars', '${name}', default=...)`,
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

/** The names of the variables a regex finds (Python's re.search), for each regex in turn. */
export function varnamesLookup(vars: object, terms: readonly unknown[]): string[] {
  const names = Object.keys(vars);
  return terms.flatMap((t) => {
    const pattern = identifier(t);
    let re: RegExp;
    try {
      re = compileRegex(pattern, false);
    } catch (err) {
      // Ansible's words, with the reason in lower case as Python's re gives it ("nothing to repeat").
      const why =
        err instanceof Error ? err.message.replace(/^invalid regular expression "[\s\S]*?": /, '') : String(err);
      throw new Fault(`Unable to use "${pattern}" as a search parameter: ${why.toLowerCase()}`);
    }
    return names.filter((n) => re.test(n));
  });
}
