// ping: answer `ping: <data>` (default "pong") once the host is reached, as
// ansible.builtin.ping; `data: crash` fails the task as Ansible's module raises.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: { data: { type: 'string' } },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const ping: ModuleDef<Args> = {
  name: 'ping',
  summary: 'check the host answers: returns ping (data, default "pong")',
  checkMode: 'full',
  schema,
  async plan(args) {
    const data = args.data ?? 'pong';
    // Ansible 2.14's ping raises Exception("boom"); its task fails with MODULE FAILURE and rc 1.
    if (data === 'crash') {
      return {
        changes: [],
        failed: 'MODULE FAILURE\nSee stdout/stderr for the exact error',
        data: { rc: 1, module_stdout: '', module_stderr: 'Exception: boom\n' },
      };
    }
    return { changes: [], data: { ping: data } };
  },
};
