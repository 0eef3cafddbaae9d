// stat: Ansible's facts about one path (`stat.exists`, `stat.checksum`, `stat.isdir`,
// …), registered for later tasks. It reads only, so it never changes anything.
// Defaults as ansible-doc stat (2.14) gives them: follow false, get_checksum true
// with sha1, get_mime true, get_attributes true.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { hostPath, hostPathSchema } from './files/home-path.js';
import { CHECKSUM_ALGORITHMS, statPath } from './stat/path-facts.js';

const schema = {
  type: 'object',
  properties: {
    path: hostPathSchema,
    follow: { type: 'boolean', description: 'follow a symlink and describe what it points to (default false)' },
    get_checksum: { type: 'boolean', description: 'return the checksum of a regular file (default true)' },
    checksum_algorithm: { enum: CHECKSUM_ALGORITHMS, description: 'the checksum algorithm (default sha1)' },
    get_mime: { type: 'boolean', description: 'return mimetype and charset, from the `file` command (default true)' },
    get_attributes: {
      type: 'boolean',
      description: 'return attributes, attr_flags and version, from lsattr (default true)',
    },
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const stat: ModuleDef<Args> = {
  name: 'stat',
  summary: "read a path's facts (exists, mode, owner, checksum, …) into stat, as Ansible's stat",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const facts = await statPath(
      ctx.conn,
      {
        path: await hostPath(ctx.conn, args.path),
        follow: args.follow ?? false,
        checksum: args.get_checksum === false ? undefined : (args.checksum_algorithm ?? 'sha1'),
        mime: args.get_mime ?? true,
        attributes: args.get_attributes ?? true,
      },
      ctx.signal,
    );
    if ('error' in facts) return { changes: [], failed: String(facts.error) };
    return { changes: [], data: { stat: facts } };
  },
};
