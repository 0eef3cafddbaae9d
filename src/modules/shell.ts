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
    const sh = shellQuoteValue(args.executable ?? '/bin/sh');
    // The script travels in an environment variable, which the shell drops before it
    // runs it: in `sh -c SCRIPT` it would be on the host's process list (`ps`), with
    // whatever secret a template put in it.
    const run = `RUNBOOK_SHELL_CMD=${shellQuoteValue(args.cmd)} ${sh} -c '__rb_cmd=$RUNBOOK_SHELL_CMD; unset RUNBOOK_SHELL_CMD; eval "$__rb_cmd"'`;
    return runCommandPlan(ctx, `${sh} -c ${shellQuoteValue(args.cmd)}`, args, run);
  },
};
