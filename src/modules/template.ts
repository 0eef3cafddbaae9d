// template: renders a Handlebars file from templates/ with the host's variables
// and puts the result at `dest`.
import type { ModuleDef } from './contract.js';
import { modeSchema, parseMode } from './mode.js';
import { planFileWrite } from './write-file.js';

interface Args {
  src: string;
  dest: string;
  mode?: string;
}

export const template: ModuleDef<Args> = {
  name: 'template',
  summary: 'render a Handlebars template from templates/ onto the host',
  checkMode: 'full',
  schema: {
    type: 'object',
    properties: {
      src: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      mode: modeSchema,
    },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const text = ctx.renderFile(ctx.findFile('templates', args.src));
    const mode = args.mode === undefined ? undefined : parseMode(args.mode);
    const changes = await planFileWrite(ctx.conn, { path: args.dest, content: Buffer.from(text, 'utf8'), mode });
    return { changes, data: { dest: args.dest } };
  },
};
