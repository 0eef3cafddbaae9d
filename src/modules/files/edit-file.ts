// lineinfile, env_file, toml, blockinfile, replace and ini_file edit a text file where it is: read it once,
// compute the new text with a pure function, and plan the write from that.
import { readFileFact, type FileFact } from '../../facts/file.js';
import type { ModuleContext, ModulePlan } from '../contract.js';
import { resolveFileOptions, type FileOptionArgs, type FileOptions } from './file-options.js';
import { planWriteFrom } from './write-file.js';
import { attributesDiffer } from './attributes-message.js';
import type { FileStat } from '../../transport/connection.js';

export interface EditTarget {
  path: string;
  state: 'present' | 'absent';
  /** Whether a missing file may be created (from empty text) when state is present. */
  create: boolean;
}

/** New text from the current one ('' for a file being created), or why the task fails. */
export type TextEdit = (old: string) => string | { failed: string };

export async function planTextEdit(
  ctx: ModuleContext,
  target: EditTarget,
  args: FileOptionArgs,
  edit: TextEdit,
): Promise<ModulePlan> {
  return (await planTextEditNoting(ctx, target, args, edit)).plan;
}

/**
 * As planTextEdit, also saying whether mode or owner change, as Ansible's
 * check_file_attrs does (a new file is compared with what it would be made as:
 * 0644, owned by the login).
 */
export async function planTextEditNoting(
  ctx: ModuleContext,
  target: EditTarget,
  args: FileOptionArgs,
  edit: TextEdit,
): Promise<{ plan: ModulePlan; attributes: boolean }> {
  const read = await readForEdit(ctx, target.path, args);
  const plan = await planFromRead(ctx, target, read, edit);
  if ('failed' in read || plan.failed) return { plan, attributes: false };
  const { fact, options } = read;
  return { plan, attributes: attributesDiffer(options, fact.stat ?? (await newFileStat(ctx, options))) };
}

async function newFileStat(ctx: ModuleContext, options: FileOptions): Promise<FileStat> {
  const ids =
    options.uid === undefined && options.gid === undefined
      ? ['0', '0']
      : (await ctx.conn.exec('id -u; id -g')).stdout.split('\n');
  return { type: 'file', mode: 0o644, uid: Number(ids[0]), gid: Number(ids[1]), size: 0, mtimeMs: 0 };
}

async function planFromRead(
  ctx: ModuleContext,
  target: EditTarget,
  read: Awaited<ReturnType<typeof readForEdit>>,
  edit: TextEdit,
): Promise<ModulePlan> {
  const { path } = target;
  const data = { path };
  const failed = (why: string): ModulePlan => ({ changes: [], failed: why, data });
  if ('failed' in read) return failed(read.failed);
  const { fact, options } = read;
  if (!fact.stat) {
    if (target.state === 'absent') return { changes: [], data, msg: `${path} does not exist` };
    if (!target.create) return failed(`${path} does not exist (set create: true to create it)`);
  }
  const old = textOf(path, fact);
  if (typeof old !== 'string') return failed(old.failed);
  const next = edit(old);
  if (typeof next !== 'string') return failed(next.failed);
  return { changes: planWriteFrom(ctx, { path, content: Buffer.from(next, 'utf8'), ...options }, fact), data };
}

/** Owner and group resolved on the host, and the file read (it may be missing). */
export async function readForEdit(
  ctx: ModuleContext,
  path: string,
  args: FileOptionArgs,
): Promise<{ options: FileOptions; fact: FileFact } | { failed: string }> {
  const options = await resolveFileOptions(args, ctx);
  if ('failed' in options) return options;
  return { options, fact: await readFileFact(ctx.conn, path) };
}

/** The file's text ('' when missing); a directory or other non-regular file, or bytes that are not UTF-8, fail. */
export function textOf(path: string, fact: FileFact): string | { failed: string } {
  if (fact.stat && fact.stat.type !== 'file') return { failed: `${path} is a ${fact.stat.type}, not a regular file` };
  const old = fact.content?.toString('utf8') ?? '';
  // Decoding must round-trip, or lines we never touched would change bytes.
  if (fact.content && !Buffer.from(old, 'utf8').equals(fact.content))
    return { failed: `${path} is not UTF-8 text; refusing to edit it` };
  return old;
}
