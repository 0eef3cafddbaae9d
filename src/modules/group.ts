// group (ansible.builtin.group): a local group present (groupadd, or groupmod -g when its
// gid differs) or absent (groupdel). Result as Ansible's: name, state, and for a group
// that exists afterwards gid and system; stdout/stderr of the command that ran.
import type { ArgsOf, ArgsSchema, Change, ModuleDef } from './contract.js';
import { accountCommand, readGroup } from './system/accounts.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^[^:,\\s]+$', description: 'the group' },
    state: { enum: ['present', 'absent'], description: 'present (default) or absent' },
    gid: { type: 'integer', minimum: 0, description: 'its number' },
    system: { type: 'boolean', description: 'a system group (groupadd -r); only on creation (default false)' },
    non_unique: { type: 'boolean', description: 'allow a gid another group has (needs gid; default false)' },
    local: { type: 'boolean', description: 'accepted for Ansible; runbook always uses groupadd (default false)' },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const group: ModuleDef<Args> = {
  name: 'group',
  summary: 'add, change the gid of, or remove a local group',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const system = args.system ?? false;
    if (args.non_unique && args.gid === undefined)
      return { changes: [], failed: 'non_unique is True but all of the following are missing: gid' };
    const found = await readGroup(ctx, args.name);
    const base = { name: args.name, state };
    // readGroup looks a number up as a gid: the name must match too.
    const exists = found?.name === args.name ? found : undefined;
    const after = async () => {
      const g = await readGroup(ctx, args.name);
      return g ? { system, gid: g.gid } : {};
    };
    const changes: Change[] = [];
    if (state === 'absent') {
      if (exists) changes.push(accountCommand(ctx, ['groupdel', args.name], `groupdel ${args.name}`, after));
      return { changes, data: base };
    }
    const unique = args.non_unique ? ['-o'] : [];
    if (!exists) {
      const argv = [
        'groupadd',
        ...(args.gid !== undefined ? ['-g', String(args.gid), ...unique] : []),
        ...(system ? ['-r'] : []),
        args.name,
      ];
      changes.push(accountCommand(ctx, argv, argv.join(' '), after));
      return { changes, data: base };
    }
    if (args.gid !== undefined && exists.gid !== args.gid) {
      const argv = ['groupmod', '-g', String(args.gid), ...unique, args.name];
      changes.push(accountCommand(ctx, argv, `${argv.join(' ')} (was ${exists.gid})`, after));
    }
    return { changes, data: { ...base, system, gid: exists.gid } };
  },
};
