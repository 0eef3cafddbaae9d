// template: renders a file from templates/ with the host's variables and puts
// the result at `dest` (same options as copy). A .hbs file is Handlebars; any
// other (.j2) is Jinja, as Ansible's template module renders it (vars/jinja-file.ts).
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import { parseTomlText } from './files/toml-text.js';
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
  controllerSource: { kind: 'templates' },
  summary: 'render a Jinja (.j2) or Handlebars (.hbs) template from templates/ onto the host',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const text = ctx.renderFile(ctx.findFile('templates', args.src));
    // A .toml file that does not parse (containerd's config) stops its service at the next restart: refuse it here.
    const toml = args.dest.endsWith('.toml') ? parseTomlText(text) : undefined;
    if (toml && 'error' in toml) {
      const failed = `template ${args.src} renders invalid TOML for ${args.dest} (rendered line ${toml.line}, column ${toml.col}): ${toml.error}`;
      return { changes: [], failed, data: { dest: args.dest } };
    }
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data: { dest: args.dest } };
    const changes = await planFileWrite(ctx, { path: args.dest, content: Buffer.from(text, 'utf8'), ...options });
    return { changes, data: { dest: args.dest } };
  },
};
