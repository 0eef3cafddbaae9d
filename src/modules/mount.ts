// mount (ansible.posix.mount): a mount point in fstab (default /etc/fstab) and in the
// kernel's mount table. present / absent_from_fstab edit fstab only; mounted also mounts
// (remounting when fstab changed under a mounted path); unmounted unmounts; absent drops
// the fstab line, unmounts and removes the directory; remounted always remounts. As
// Ansible: an fstab other than /etc/fstab is passed to mount with -T; the result is the
// arguments Ansible returns (name, src, fstype, opts, dump, passno, fstab, boot,
// backup_file). The swap idiom of node roles (`swapoff -a`, then state absent for the
// fstab lines named "swap" / "none") works: a path that is no absolute path is only an
// fstab name, never mounted or removed.
import { readFileFact } from '../facts/file.js';
import { shellJoin } from '../quote.js';
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { planWriteFrom } from './files/write-file.js';
import { setFstabEntry, unsetFstabEntry } from './system/fstab-edit.js';

const schema = {
  type: 'object',
  properties: {
    path: { type: 'string', minLength: 1, description: 'the mount point (or an fstab name such as "none" for swap)' },
    src: { type: 'string', minLength: 1, description: 'device, label, UUID= or remote path to mount' },
    fstype: { type: 'string', minLength: 1 },
    opts: { type: 'string', minLength: 1, description: 'mount options (default "defaults")' },
    dump: { type: ['string', 'integer'], description: 'fstab dump field (default "0")' },
    passno: { type: ['string', 'integer'], description: 'fstab pass field (default "0")' },
    state: { enum: ['mounted', 'present', 'unmounted', 'absent', 'absent_from_fstab', 'remounted'] },
    fstab: { type: 'string', pattern: '^/', description: 'the fstab file (default /etc/fstab)' },
    boot: { type: 'boolean', description: 'mount at boot; false adds noauto unless opts has defaults (default true)' },
    backup: { type: 'boolean', description: 'accepted; runbook keeps no fstab backup (default false)' },
  },
  required: ['path', 'state'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const mount: ModuleDef<Args> = {
  name: 'mount',
  summary: 'a mount point in fstab and mounted, unmounted, remounted or removed (swap lines too)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const fstab = args.fstab ?? '/etc/fstab';
    let opts = args.opts ?? 'defaults';
    if (args.boot === false && !opts.split(',').includes('noauto') && !opts.split(',').includes('defaults'))
      opts += ',noauto';
    const entry = {
      src: args.src ?? '',
      name: args.path,
      fstype: args.fstype ?? '',
      opts,
      dump: String(args.dump ?? '0'),
      passno: String(args.passno ?? '0'),
    };
    const data: Record<string, unknown> = {
      ...entry,
      fstab,
      boot: args.boot === false ? 'no' : 'yes',
      backup_file: '',
    };
    for (const k of ['src', 'fstype'] as const) if (args[k] === undefined) delete data[k];
    const state = args.state;
    if ((state === 'mounted' || state === 'present') && (args.src === undefined || args.fstype === undefined)) {
      return {
        changes: [],
        data,
        failed: `state is ${state} but all of the following are missing: ${['src', 'fstype'].filter((k) => args[k as 'src'] === undefined).join(', ')}`,
      };
    }
    const fact = await readFileFact(ctx.conn, fstab);
    const text = fact.content?.toString('utf8') ?? '';
    const absolute = args.path.startsWith('/');
    const mounted = absolute && (await isMounted(ctx, args.path));
    const tArgs = fstab === '/etc/fstab' ? [] : ['-T', fstab];
    const write = (next: string) => planWriteFrom(ctx, { path: fstab, content: Buffer.from(next) }, fact);
    const changes: Change[] = [];

    if (state === 'present' || state === 'mounted') {
      const edit = setFstabEntry(text, entry);
      if (edit.changed) changes.push(...write(edit.text));
      if (state === 'mounted') {
        if (!mounted)
          changes.push(
            run(
              ctx,
              `mount ${args.path}`,
              `mkdir -p -- ${q(args.path)} && mount ${shellJoin(tArgs)} -- ${q(args.path)}`,
              'Error mounting',
            ),
          );
        else if (edit.changed) changes.push(remount(ctx, args.path, tArgs, undefined));
      }
    } else if (state === 'absent' || state === 'absent_from_fstab') {
      const edit = unsetFstabEntry(text, args.path, args.src);
      if (edit.changed) {
        changes.push(...write(edit.text));
        if (state === 'absent' && absolute) {
          const p = q(args.path);
          changes.push(
            run(
              ctx,
              `unmount and remove ${args.path}`,
              `{ ! mountpoint -q -- ${p} || umount -- ${p}; } && { [ ! -e ${p} ] || rmdir -- ${p}; }`,
              'Error unmounting',
            ),
          );
        }
      }
    } else if (state === 'unmounted') {
      if (mounted) changes.push(run(ctx, `umount ${args.path}`, `umount -- ${q(args.path)}`, 'Error unmounting'));
    } else {
      changes.push(remount(ctx, args.path, tArgs, opts === 'defaults' ? undefined : opts));
    }
    return { changes, data };
  },
};

const q = (s: string) => shellJoin([s]);

async function isMounted(ctx: ModuleContext, path: string): Promise<boolean> {
  const r = await ctx.conn.exec(`mountpoint -q -- ${q(path)}`, { signal: ctx.signal });
  return r.rc === 0;
}

/** `mount -o remount`, and if the file system refuses, umount and mount (as Ansible). */
function remount(ctx: ModuleContext, path: string, tArgs: string[], opts: string | undefined): Change {
  const p = q(path);
  const o = opts ? `remount,${opts}` : 'remount';
  const line = `mount -o ${q(o)} ${shellJoin(tArgs)} -- ${p} || { umount -- ${p} && mount ${shellJoin(tArgs)} -- ${p}; }`;
  return run(ctx, `remount ${path}`, line, 'Error remounting');
}

function run(ctx: ModuleContext, summary: string, line: string, failure: string): Change {
  return {
    summary,
    async apply(): Promise<ApplyResult | void> {
      const r = await ctx.conn.exec(line, { signal: ctx.signal });
      if (r.rc !== 0)
        return { failed: true, msg: `${failure} ${summary.split(' ').pop()}: ${(r.stdout + r.stderr).trim()}` };
    },
  };
}
