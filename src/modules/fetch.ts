// fetch: brings a file from the host to the controller, as Ansible's fetch
// action (ansible-core 2.14): under dest/<inventory_hostname>/<src path>, or
// with flat at dest itself (dest/ + src's name for a dest ending in /). A
// relative dest is taken from the playbook's directory. The file is copied only
// when the controller's copy differs (SHA-1), and checked after the copy.
// Under --check the task is skipped, as Ansible does ("check mode not (yet)
// supported for this module").
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { expandHome } from './files/home-path.js';
import { fileDiff } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    src: { type: 'string', minLength: 1, description: 'the file on the host (not a directory)' },
    dest: {
      type: 'string',
      minLength: 1,
      description: 'a directory on the controller (relative to the playbook); with flat, the file itself',
    },
    flat: { type: 'boolean', description: 'put the file at dest itself, not under dest/<host>/<src> (default false)' },
    fail_on_missing: { type: 'boolean', description: 'fail when src is missing or a directory (default true)' },
    validate_checksum: {
      type: 'boolean',
      description: "check the SHA-1 of the copy against the host's (default true)",
    },
  },
  required: ['src', 'dest'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

// `dir`, `missing`, or the file's SHA-1, following links as fetch does.
const PROBE =
  'p=$1; if [ -d "$p" ]; then echo dir; elif [ ! -e "$p" ]; then echo missing; else sha1sum < "$p" | cut -c1-40; fi';

export const fetch: ModuleDef<Args> = {
  name: 'fetch',
  summary: 'copy a file from the host to the controller (dest/<host>/<path>, or dest itself with flat)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    if (ctx.check) return { changes: [], skipped: 'check mode not (yet) supported for this module' };
    const src = await expandHome(ctx.conn, args.src);
    const failOnMissing = args.fail_on_missing ?? true;
    const probe = await ctx.conn.exec(`sh -c ${shellJoin([PROBE])} fetch ${shellJoin([src])}`);
    const found = probe.stdout.trim();
    if (probe.rc !== 0)
      return {
        changes: [],
        failed: `cannot read ${src} on ${ctx.conn.host}: ${probe.stderr.trim()}`,
        data: { file: src },
      };
    if (found === 'missing') {
      const msg = 'the remote file does not exist, not transferring, ignored';
      return failOnMissing
        ? { changes: [], failed: msg, data: { file: src } }
        : { changes: [], msg, data: { file: src, msg } };
    }
    if (found === 'dir') {
      const msg = 'remote file is a directory, fetch cannot work on directories';
      return failOnMissing
        ? { changes: [], failed: msg, data: { file: src } }
        : {
            changes: [],
            msg: `${msg}, not transferring, ignored`,
            data: { file: src, msg: `${msg}, not transferring, ignored` },
          };
    }
    const base = ctx.playbookDir ?? '.';
    let dest = args.dest;
    if (args.flat) {
      if (!dest.endsWith('/') && existsSync(dest) && statSync(dest).isDirectory()) {
        return {
          changes: [],
          failed: 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory',
        };
      }
      if (dest.endsWith('/')) dest = join(dest, basename(src));
      if (!isAbsolute(dest)) dest = join(base, dest);
    } else {
      dest = `${isAbsolute(dest) ? dest : join(base, dest)}/${ctx.host}/${src}`;
    }
    dest = normalize(dest);
    const local = existsSync(dest) && statSync(dest).isFile() ? readFileSync(dest) : null;
    if (local && sha1(local) === found)
      return { changes: [], data: { md5sum: md5(local), file: src, dest, checksum: found } };
    // Read now: the copy is also the diff.
    const content = (await ctx.conn.readFile(src)) ?? Buffer.alloc(0);
    return {
      changes: [
        {
          summary: `fetch ${src} to ${dest} on the controller`,
          diff: fileDiff(dest, local, content),
          async apply() {
            mkdirSync(dirname(dest), { recursive: true });
            writeFileSync(dest, content);
            const written = readFileSync(dest);
            const data = {
              md5sum: md5(written),
              dest,
              remote_md5sum: null,
              checksum: sha1(written),
              remote_checksum: found,
            };
            if ((args.validate_checksum ?? true) && sha1(written) !== found)
              return { failed: true, msg: 'checksum mismatch', data: { ...data, file: src } };
            return { data };
          },
        },
      ],
      data: { file: src, dest },
    };
  },
};
