// set_fact: variables for this host for the rest of the run (above play vars).
import type { ModuleDef } from './contract.js';

export const setFact: ModuleDef<Record<string, unknown>> = {
  name: 'set_fact',
  summary: 'set variables on the host for the rest of the run',
  checkMode: 'full',
  schema: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, minProperties: 1 },
  async plan(args) {
    return { changes: [], facts: args, data: { facts: args } };
  },
};
