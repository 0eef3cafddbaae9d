// template: renders a Handlebars file from templates/ with the host's variables
// and puts the result at `dest` (same options as copy).
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import { planFileWrite } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    src: { type: 'string', minLength: 1 },
    dest: { type: 'string', minLength: 1 },
    ...fileOptionSchemas,
  },
  required: ['src', 'dest'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const template: ModuleDef<Args> = {
  name: 'template',
  summary: 'render a Handlebars template from templates/ onto the host',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const text = ctx.renderFile(ctx.findFile('templates', args.src));
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data: { dest: args.dest } };
    const changes = await planFileWrite(ctx, { path: args.dest, content: Buffer.from(text, 'utf8'), ...options });
    return { changes, data: { dest: args.dest } };
  },
};
