// copy: puts `content:` or a controller file `src:` at `dest` on the host, with
// optional owner/group, a backup of the file it replaces, and validation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import { planFileWrite } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    dest: { type: 'string', minLength: 1 },
    content: { type: 'string' },
    src: { type: 'string', minLength: 1 },
    ...fileOptionSchemas,
  },
  required: ['dest'],
  oneOf: [{ required: ['content'] }, { required: ['src'] }],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const copy: ModuleDef<Args> = {
  name: 'copy',
  summary: 'put a file with the given content on the host',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    let content: Buffer;
    let dest = args.dest;
    if (args.src !== undefined) {
      content = readFileSync(ctx.findFile('files', args.src));
      // `dest: /etc/app/` or an existing directory receives the file under its own name.
      const st = dest.endsWith('/') ? null : await ctx.conn.stat(dest);
      if (dest.endsWith('/') || st?.type === 'directory') dest = `${dest.replace(/\/+$/, '')}/${basename(args.src)}`;
    } else {
      content = Buffer.from(args.content ?? '', 'utf8');
    }
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data: { dest } };
    // As Ansible's copy: the SHA-1 of what dest holds once copied.
    const checksum = createHash('sha1').update(content).digest('hex');
    return { changes: await planFileWrite(ctx, { path: dest, content, ...options }), data: { dest, checksum } };
  },
};
