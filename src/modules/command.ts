// command: runs a program with arguments, no shell. `argv:` is the safe form for
// values built from variables; `cmd:` is split like a shell would but any shell
// operator (| ; && > $(…)) is refused, so nothing is interpreted.
import shellQuote from 'shell-quote';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { shellJoin } from '../quote.js';
import { runCommandPlan, commandArgsSchema } from './command/run-command.js';

export function splitCommand(cmd: string): string[] {
  const words: string[] = [];
  // Keep $VAR literal: command does not expand variables.
  for (const token of shellQuote.parse(cmd, (name) => `$${name}`)) {
    if (typeof token === 'string') words.push(token);
    else if ('op' in token && token.op === 'glob') words.push(token.pattern);
    else if ('comment' in token) break;
    else throw new Error(`"${cmd}" uses the shell operator ${JSON.stringify(token.op)}: use the shell module, or argv:`);
  }
  return words;
}

const schema = {
  type: 'object',
  properties: {
    cmd: { type: 'string', minLength: 1 },
    argv: { type: 'array', items: { type: 'string' }, minItems: 1 },
    ...commandArgsSchema,
  },
  oneOf: [{ required: ['cmd'] }, { required: ['argv'] }],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const command: ModuleDef<Args> = {
  name: 'command',
  summary: 'run a program with arguments, without a shell',
  freeForm: 'cmd',
  checkMode: 'skip',
  schema,
  async plan(args, ctx) {
    const argv = args.argv ?? splitCommand(args.cmd ?? '');
    return runCommandPlan(ctx, shellJoin(argv), args);
  },
};
