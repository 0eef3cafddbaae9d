// fail: stop this host with a message (usually under `when:`).
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: { msg: { type: 'string' } },
  additionalProperties: false,
} as const satisfies ArgsSchema;

export const fail: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'fail',
  summary: 'fail the host with a message',
  checkMode: 'full',
  freeForm: 'msg',
  schema,
  async plan(args) {
    return { changes: [], failed: args.msg ?? 'Failed as requested from task' };
  },
};
