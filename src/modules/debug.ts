// debug: show a message or a variable's value in the output.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    msg: {},
    var: { type: 'string', minLength: 1 },
    // A number, or text of one (a template renders to either): Ansible reads it with int().
    verbosity: { type: ['integer', 'string'], errorHint: 'a whole number: the -v count the message needs' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

/** The -v count of the run: the magic variable `ansible_verbosity` (0 when absent). */
function runVerbosity(vars: Readonly<Record<string, unknown>>): number {
  const v = vars.ansible_verbosity;
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

export const debug: ModuleDef<Args> = {
  name: 'debug',
  summary: 'print a message or a variable',
  checkMode: 'full',
  freeForm: 'msg',
  schema,
  async plan(args, ctx) {
    // `debug: var=x` leaves an empty free-form msg beside var: only a message of its own conflicts.
    if (args.msg !== undefined && args.msg !== '' && args.var !== undefined) {
      return { changes: [], failed: "'msg' and 'var' are incompatible options" };
    }
    const needed = args.verbosity === undefined ? 0 : Number(String(args.verbosity).trim());
    if (!Number.isInteger(needed)) {
      return { changes: [], failed: `verbosity must be a whole number, got ${JSON.stringify(args.verbosity)}` };
    }
    // As Ansible's debug action: skipped, with this reason, unless the run has -v at least that many times.
    if (needed > runVerbosity(ctx.vars)) {
      const reason = 'Verbosity threshold not met.';
      return { changes: [], skipped: reason, data: { skipped_reason: reason } };
    }
    if (args.var !== undefined) {
      const value = args.var
        .split('.')
        .reduce<unknown>(
          (cur, k) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined),
          ctx.vars,
        );
      const shown = value === undefined ? 'VARIABLE IS NOT DEFINED!' : JSON.stringify(value);
      // As Ansible, the result holds the value under the variable's name.
      return {
        changes: [],
        data: { debug: `${args.var} = ${shown}`, [args.var]: value ?? 'VARIABLE IS NOT DEFINED!' },
      };
    }
    const msg = args.msg ?? 'Hello world!';
    return { changes: [], data: { debug: typeof msg === 'string' ? msg : JSON.stringify(msg), msg } };
  },
};
