// copy: puts `content:` (text, or a mapping/list written as JSON as Ansible
// does), a controller file or directory `src:`, or with remote_src a file or
// directory already on the host, at `dest`, with owner/group/mode, a backup of
// the file it replaces, validation, and `force: false` (only when dest is missing).
// A directory src copies the directory itself into dest, or with a trailing
// slash only its contents, as Ansible's copy.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef, ModulePlan } from './contract.js';
import { controllerDir } from './files/controller-dir.js';
import { planTreeCopy, remoteTree, controllerTreeSource, type TreeSource } from './files/copy-tree.js';
import { fileOptionSchemas, resolveFileOptions, type FileOptions } from './files/file-options.js';
import { expandHome, hostPath, hostPathSchema } from './files/home-path.js';
import { modeSchema, parseMode } from './files/mode.js';
import { pythonJsonDumps } from './files/python-json.js';
import { pyStr } from '../vars/condition/python-text.js';
import { planFileWrite } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    dest: hostPathSchema,
    content: {
      type: ['string', 'object', 'array', 'number', 'boolean'],
      description: 'the text to write; a mapping or a list is written as JSON',
    },
    src: {
      type: 'string',
      minLength: 1,
      description:
        'a file or directory under files/ on the controller (with remote_src, on the host); a directory with a trailing slash copies its contents only',
    },
    remote_src: { type: 'boolean', description: 'src is on the host (default false)' },
    force: {
      type: 'boolean',
      description: 'replace a dest whose content differs; false only writes a missing dest (default true)',
    },
    directory_mode: { ...modeSchema, description: 'mode of the directories a directory copy creates (default 0755)' },
    ...fileOptionSchemas,
    // As Ansible's copy: `preserve` gives dest the mode of src (on the controller, or the host with remote_src).
    mode: {
      ...modeSchema,
      pattern: '^(0?[0-7]{3,4}|preserve)$',
      description: 'octal permission bits, e.g. 0644 or "0644", or preserve: the mode of src',
    },
  },
  required: ['dest'],
  oneOf: [{ required: ['content'] }, { required: ['src'] }],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const copy: ModuleDef<Args> = {
  name: 'copy',
  controllerSource: { kind: 'files', directory: true },
  summary: 'put a file (or a directory tree) with the given content on the host',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const dest = await hostPath(ctx.conn, args.dest);
    const src = args.src === undefined || !args.remote_src ? args.src : await expandHome(ctx.conn, args.src);
    const data: Record<string, unknown> = { dest, ...(src === undefined ? {} : { src }) };
    const preserve = args.mode === 'preserve';
    const options = await resolveFileOptions({ ...args, mode: preserve ? undefined : args.mode }, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data };
    const force = args.force ?? true;
    // Ansible puts `content:` in a 0600 temp file first, whose mode `preserve` then keeps (ansible-playbook 2.14).
    if (preserve && src === undefined) options.mode = 0o600;
    if (src === undefined) return planContent(ctx, dest, contentOf(args.content), options, force, data);
    const tree = args.remote_src ? await remoteTree(ctx.conn, src) : localTree(ctx, src);
    if (tree === 'missing') return { changes: [], failed: `Source ${src} not found`, data };
    if (tree) {
      const into = src.endsWith('/') ? dest : `${dest.replace(/\/+$/, '')}/${basename(src)}`;
      const dirMode = args.directory_mode === undefined ? undefined : parseMode(args.directory_mode);
      const o = { ...options, force, dirMode, preserveMode: preserve };
      return { changes: await planTreeCopy(ctx, tree, into, o), data };
    }
    const from = args.remote_src ? undefined : ctx.findFile('files', src);
    const content = from === undefined ? (await ctx.conn.readFile(src))! : readFileSync(from);
    if (preserve) options.mode = from === undefined ? (await ctx.conn.stat(src))!.mode : statSync(from).mode & 0o7777;
    // `dest: /etc/app/` or an existing directory receives the file under its own name.
    let path = dest;
    const st = dest.endsWith('/') ? null : await ctx.conn.stat(dest);
    if (dest.endsWith('/') || st?.type === 'directory') path = `${dest.replace(/\/+$/, '')}/${basename(src)}`;
    return planContent(ctx, path, content, options, force, { ...data, dest: path });
  },
};

/** `content:` as bytes: a mapping or list as Python's json.dumps writes it, anything else as its str() (True, 3). */
function contentOf(content: Args['content']): Buffer {
  return Buffer.from(typeof content === 'object' ? pythonJsonDumps(content) : pyStr(content), 'utf8');
}

function localTree(ctx: ModuleContext, src: string): TreeSource | undefined {
  const dir = controllerDir(src, ctx.playbookDir ?? '.', ctx.roleDir);
  return dir === undefined ? undefined : controllerTreeSource(dir);
}

async function planContent(
  ctx: ModuleContext,
  path: string,
  content: Buffer,
  options: FileOptions,
  force: boolean,
  data: Record<string, unknown>,
): Promise<ModulePlan> {
  // As Ansible's copy: the SHA-1 (and MD5) of what dest holds once copied.
  const sums = {
    checksum: createHash('sha1').update(content).digest('hex'),
    md5sum: createHash('md5').update(content).digest('hex'),
    size: content.length,
  };
  if (!force && (await ctx.conn.lstat(path)))
    return { changes: [], data: { ...data, dest: path }, msg: `${path} exists and force is false` };
  const changes: Change[] = await planFileWrite(ctx, { path, content, ...options });
  return { changes, data: { ...data, dest: path, ...sums } };
}
