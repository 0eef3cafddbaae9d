// set_fact: variables for this host for the rest of the run (above play vars).
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, minProperties: 1 } as const satisfies ArgsSchema;

export const setFact: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'set_fact',
  summary: 'set variables on the host for the rest of the run',
  checkMode: 'full',
  schema,
  async plan(args) {
    return { changes: [], facts: args, data: { facts: args } };
  },
};
