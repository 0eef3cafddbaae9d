// synchronize: ansible.posix.synchronize, rsync between the controller (or the delegate)
// and the task's host (synchronize/ends.ts says which end is where). rsync first runs with
// --dry-run: its itemized lines tell whether anything would change (the module's `changed`),
// and are the result under --check, as Ansible's check mode runs rsync --dry-run. Only when
// something would change does rsync run for real. With --diff the result's `diff` is
// `{prepared: <rsync's lines>}`, as the module's.
// Not done: become's `sudo rsync` on the far end (rsync_path says it), link_dest, passwords.
import { connectLocal } from '../transport/local.js';
import type { ArgsOf, ArgsSchema, ModuleContext, ModuleDef } from './contract.js';
import { rsyncEnds } from './synchronize/ends.js';
import { rsyncArgv, rsyncResult } from './synchronize/rsync-command.js';
import { shellJoin } from '../quote.js';

const flag = (description: string) => ({ type: 'boolean', description }) as const;

const schema = {
  type: 'object',
  properties: {
    src: { type: 'string', minLength: 1, description: 'the source path (a trailing / copies the contents)' },
    dest: { type: 'string', minLength: 1, description: 'the destination path' },
    mode: { enum: ['push', 'pull'], description: 'push: to the host (default); pull: from the host' },
    archive: flag('rsync --archive: recursive, links, perms, times, owner, group (default true)'),
    checksum: flag('compare checksums, not times and sizes (default false)'),
    compress: flag('compress the transfer (default true)'),
    existing_only: flag('only update files already at dest (default false)'),
    delete: flag('delete files at dest that src lacks, after the transfer (default false)'),
    dirs: flag('transfer directories without recursing (default false)'),
    recursive: flag('recurse (default: archive)'),
    links: flag('copy symlinks as symlinks (default: archive)'),
    copy_links: flag('copy what symlinks point to (default false)'),
    perms: flag('keep permissions (default: archive)'),
    times: flag('keep modification times (default: archive)'),
    owner: flag('keep the owner (default: archive)'),
    group: flag('keep the group (default: archive)'),
    partial: flag('keep partially transferred files (default false)'),
    delay_updates: flag('put all updated files in place at the end (default true)'),
    verify_host: flag("check the far end's host key (default false)"),
    set_remote_user: flag("put the host's ansible_user in the remote path (default true)"),
    use_ssh_args: flag("pass the host's ansible_ssh_common_args and _extra_args to ssh (default false)"),
    dest_port: { type: 'integer', minimum: 1, description: "the far end's ssh port (default: ansible_port)" },
    private_key: { type: 'string', minLength: 1, description: 'the ssh key (default: ansible_ssh_private_key_file)' },
    rsync_path: { type: 'string', minLength: 1, description: 'the rsync command on the far end' },
    rsync_timeout: { type: 'integer', minimum: 0, description: 'rsync --timeout in seconds (default 0: none)' },
    rsync_opts: { type: 'array', items: { type: 'string' }, description: 'more rsync options, as they are' },
  },
  required: ['src', 'dest'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

async function runRsync(ctx: ModuleContext, onController: boolean, argv: string[]) {
  const conn = onController ? connectLocal('localhost') : ctx.conn;
  try {
    return await conn.exec(shellJoin(argv), { signal: ctx.signal });
  } finally {
    if (onController) await conn.close();
  }
}

export const synchronize: ModuleDef<Args> = {
  name: 'synchronize',
  summary: 'rsync files between the controller (or the delegate) and the host',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const ends = rsyncEnds(args, ctx);
    const argvFor = (dryRun: boolean) => rsyncArgv(args, ends.src, ends.dest, ends.ssh, dryRun);
    const withDiff = (data: Record<string, unknown>) =>
      ctx.vars.ansible_diff_mode === true ? { ...data, diff: { prepared: data.msg } } : data;
    const dry = argvFor(true);
    const r = await runRsync(ctx, ends.onController, dry);
    if (r.rc !== 0)
      return {
        changes: [],
        failed: r.stderr.trim() || `rsync exited ${r.rc}`,
        data: { rc: r.rc, cmd: shellJoin(dry) },
      };
    const seen = rsyncResult(dry, r.stdout);
    if (!seen.changed) return { changes: [], data: withDiff(seen) };
    const real = argvFor(false);
    return {
      changes: [
        {
          summary: `rsync ${ends.src} to ${ends.dest}`,
          async apply() {
            const done = await runRsync(ctx, ends.onController, real);
            if (done.rc !== 0)
              return { failed: true, msg: done.stderr.trim(), data: { rc: done.rc, cmd: shellJoin(real) } };
            return { data: withDiff(rsyncResult(real, done.stdout)) };
          },
        },
      ],
      data: withDiff(seen),
    };
  },
};
