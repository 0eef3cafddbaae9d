// meta: engine directives, as Ansible's: flush_handlers (run the handlers
// notified so far, here), noop, end_play, end_batch, end_host,
// clear_host_errors, reset_connection. This definition gives the actions'
// schema (validation, the editor schema); the parser makes each a MetaTask,
// which engine/run-meta.ts runs, so plan() is never called.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    action: {
      enum: ['flush_handlers', 'noop', 'end_play', 'end_batch', 'end_host', 'clear_host_errors', 'reset_connection'],
    },
  },
  required: ['action'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

export const meta: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'meta',
  summary: 'engine directive: flush_handlers, noop, end_play, end_batch, end_host, clear_host_errors, reset_connection',
  checkMode: 'full',
  freeForm: 'action',
  schema,
  async plan() {
    throw new Error('meta is handled by the engine');
  },
};
