// fail: stop this host with a message (usually under `when:`).
import type { ModuleDef } from './contract.js';

export const fail: ModuleDef<{ msg?: string }> = {
  name: 'fail',
  summary: 'fail the host with a message',
  checkMode: 'full',
  freeForm: 'msg',
  schema: { type: 'object', properties: { msg: { type: 'string' } }, additionalProperties: false },
  async plan(args) {
    return { changes: [], failed: args.msg ?? 'Failed as requested from task' };
  },
};
