// assert: fail the host unless every condition in `that` holds.
import { conditionHolds } from '../vars/condition/index.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    that: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    fail_msg: { type: 'string' },
    success_msg: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  required: ['that'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const assert: ModuleDef<Args> = {
  name: 'assert',
  summary: 'fail unless every condition holds',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    for (const c of conditions) {
      if (!conditionHolds(c, ctx.vars, ctx.source)) {
        return { changes: [], failed: args.fail_msg ?? `assertion failed: ${c}`, data: { assertion: c } };
      }
    }
    return { changes: [], msg: args.success_msg ?? 'all assertions passed' };
  },
};
