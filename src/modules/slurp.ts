// slurp: a remote file's content, base64-encoded, as Ansible's slurp returns it
// (content, encoding, source); read with `b64decode`. It reads only.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { absolutePathSchema } from './files/file-options.js';

const schema = {
  type: 'object',
  properties: { src: absolutePathSchema },
  required: ['src'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const slurp: ModuleDef<Args> = {
  name: 'slurp',
  summary: "read a file from the host into content (base64), as Ansible's slurp",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const st = await ctx.conn.stat(args.src);
    // Ansible 2.14's messages, word for word.
    if (!st) return { changes: [], failed: `file not found: ${args.src}` };
    if (st.type === 'directory')
      return { changes: [], failed: `source is a directory and must be a file: ${args.src}` };
    const content = await ctx.conn.readFile(args.src, st.type === 'file' ? { statSize: st.size } : undefined);
    if (content === null) return { changes: [], failed: `file not found: ${args.src}` };
    return { changes: [], data: { content: content.toString('base64'), encoding: 'base64', source: args.src } };
  },
};
