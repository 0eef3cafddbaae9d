// meta: engine directives. Only flush_handlers for now: run the handlers
// notified so far, here, instead of at the end of the section. The engine acts
// on it; plan() is never called.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: { action: { enum: ['flush_handlers'] } },
  required: ['action'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

export const meta: ModuleDef<ArgsOf<typeof schema>> = {
  name: 'meta',
  summary: 'engine directive: flush_handlers',
  checkMode: 'full',
  freeForm: 'action',
  schema,
  async plan() {
    throw new Error('meta is handled by the engine');
  },
};
