// debug: show a message or a variable's value in the output.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: { msg: {}, var: { type: 'string', minLength: 1 } },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const debug: ModuleDef<Args> = {
  name: 'debug',
  summary: 'print a message or a variable',
  checkMode: 'full',
  freeForm: 'msg',
  schema,
  async plan(args, ctx) {
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
