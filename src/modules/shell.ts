// shell: runs a command line through /bin/sh on the host. Quote values built
// from variables with {{ x | quote }}.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { runCommandPlan, commandArgsSchema } from './command/run-command.js';
import { shellQuoteValue } from '../quote.js';

const schema = {
  type: 'object',
  properties: {
    cmd: { type: 'string', minLength: 1 },
    executable: { type: 'string' },
    ...commandArgsSchema,
  },
  required: ['cmd'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const shell: ModuleDef<Args> = {
  name: 'shell',
  summary: 'run a command line through the shell',
  freeForm: 'cmd',
  checkMode: 'skip',
  schema,
  async plan(args, ctx) {
    const sh = args.executable ?? '/bin/sh';
    return runCommandPlan(ctx, `${shellQuoteValue(sh)} -c ${shellQuoteValue(args.cmd)}`, args);
  },
};
