// set_fact: variables for this host for the rest of the run (above play vars).
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  // A name may be a template ("{{ item }}", "{{ name }}_x"): it is checked again once rendered.
  propertyNames: { pattern: '^([A-Za-z_][A-Za-z0-9_]*|.*\\{\\{.*)$' },
  minProperties: 1,
} as const satisfies ArgsSchema;

export const setFact: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'set_fact',
  // A templated name is known only once rendered.
  setsVariables: (args) => Object.keys(args).filter((k) => !k.includes('{{')),
  templatedKeys: true,
  summary: 'set variables on the host for the rest of the run',
  checkMode: 'full',
  schema,
  async plan(args) {
    const facts = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, asAnsibleSets(v)]));
    return { changes: [], facts, data: { ansible_facts: facts } };
  },
};

// As ansible-core 2.14's set_fact: a (rendered) string true/false/yes/no, any
// case, becomes a boolean, whether written k=v, as YAML or from a template.
// Other strings ("on", "1") stay strings.
const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

export function asAnsibleSets(v: unknown): unknown {
  return typeof v === 'string' && v.toLowerCase() in BOOLEAN_WORDS ? BOOLEAN_WORDS[v.toLowerCase()] : v;
}
