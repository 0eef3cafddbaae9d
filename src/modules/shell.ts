// shell: runs a command line through /bin/sh on the host. Quote values built
// from variables with {{ x | quote }}.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { runCommandPlan, commandArgsSchema } from './command/run-command.js';
import { shellQuoteValue } from '../quote.js';
import { newMarker, readAndRun, scriptInput } from '../transport/stdin-script.js';

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
  // runCommandPlan answers --check itself, as Ansible's command module.
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const sh = shellQuoteValue(args.executable ?? '/bin/sh');
    // The script reaches that shell on its stdin, ahead of the task's own input:
    // on its command line (`sh -c SCRIPT`) or in its environment it would be
    // readable in /proc/PID/cmdline or /proc/PID/environ for as long as it runs,
    // with whatever secret a template put in it.
    const marker = newMarker();
    const run = `${sh} -c ${shellQuoteValue(readAndRun(marker))}`;
    return runCommandPlan(ctx, `${sh} -c ${shellQuoteValue(args.cmd)}`, args, run, (stdin) =>
      scriptInput(args.cmd, marker, stdin),
    );
  },
};
