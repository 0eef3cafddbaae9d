// restore_backups: puts files back as they were before a mark (a file touched
// when a change began): each path gets the OLDEST of its backups made after the
// mark (`PATH.<pid>.<YYYY-MM-DD@HH:MM:SS>~`, as `backup: true` writes them, by
// when each was made: its ctime, since the copy keeps the old file's mtime), which holds the file
// as it was before the first change; a path with no such backup that was
// created after the mark is removed. The rollback of a change that wrote its
// files with `backup: true`.
//
//   - command: touch /run/runbook-containerd-migration      # the mark
//   ...
//   - restore_backups:
//       since: /run/runbook-containerd-migration
//       paths: [/etc/containerd/config.toml, /var/lib/kubelet/kubeadm-flags.env]
//
// since           the mark: only backups (and files) newer than it count
// paths           the files to put back
// remove_created  remove a path created after the mark, with no backup (default true)
// A file already equal to its backup (content, mode, owner) is ok, so a second
// run changes nothing. Returned: restored [{path, from}], removed [paths].
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import type { ArgsOf, ArgsSchema, Change, FileDiff, ModuleDef } from './contract.js';
import { backupAtMark, type Dated } from './runtime/backups-after-mark.js';

const schema = {
  type: 'object',
  properties: {
    since: {
      type: 'string',
      pattern: '^/',
      description: 'the mark: a file touched before the change began; backups newer than it are restored',
    },
    paths: {
      type: 'array',
      items: { type: 'string', pattern: '^/' },
      description: 'absolute paths of the files to put back',
    },
    remove_created: {
      type: 'boolean',
      description: 'remove a path created after the mark that has no backup (default true)',
    },
  },
  required: ['since', 'paths'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const restoreBackups: ModuleDef<Args> = {
  name: 'restore_backups',
  summary:
    'restore files from the oldest backup made after a mark file, and remove files created after it (a rollback)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    if (!(await ctx.conn.stat(args.since)))
      return {
        changes: [],
        failed: `the mark ${args.since} is not on ${ctx.host}: nothing says which backups this change made, so nothing is restored`,
      };
    const restored: { path: string; from: string }[] = [];
    const removed: string[] = [];
    const changes: Change[] = [];
    for (const path of [...new Set(args.paths)]) {
      const { backup, fileIsNewer } = backupAtMark(path, await datedAfterMark(ctx.conn, path, args.since));
      if (backup) {
        const change = await restoreChange(ctx.conn, path, backup);
        if (change) {
          changes.push(change);
          restored.push({ path, from: backup });
        }
      } else if (fileIsNewer && args.remove_created !== false) {
        removed.push(path);
        changes.push({ summary: `remove ${path} (created after ${args.since})`, apply: () => ctx.conn.unlink(path) });
      }
    }
    return { changes, data: { restored, removed } };
  },
};

/**
 * The path itself where modified after the mark (find -newer), and its backups
 * made after it (-cnewer: a backup keeps the old file's mtime), each with its ctime.
 */
async function datedAfterMark(conn: Connection, path: string, mark: string): Promise<Dated[]> {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash) || '/';
  const base = path.slice(slash + 1).replace(/[[\]*?\\]/g, '\\$&');
  const since = shellJoin([mark]);
  const find =
    `find ${shellJoin([dir])} -maxdepth 1 \\( \\( -name ${shellJoin([base])} -newer ${since} \\) -o ` +
    `\\( -name ${shellJoin([`${base}.*~`])} -cnewer ${since} \\) \\) -printf '%C@ %p\\n' 2>/dev/null`;
  const r = await conn.exec(find);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ ctime: Number(l.slice(0, l.indexOf(' '))), path: l.slice(l.indexOf(' ') + 1) }));
}

/** The change that puts `backup` over `path` (content, mode, owner), or none when they are the same already. */
async function restoreChange(conn: Connection, path: string, backup: string): Promise<Change | undefined> {
  const [saved, savedStat, now, nowStat] = [
    await conn.readFile(backup),
    await conn.stat(backup),
    await conn.readFile(path),
    await conn.stat(path),
  ];
  if (!saved || !savedStat) return undefined;
  const same =
    now !== null &&
    nowStat !== null &&
    now.equals(saved) &&
    nowStat.mode === savedStat.mode &&
    nowStat.uid === savedStat.uid &&
    nowStat.gid === savedStat.gid;
  if (same) return undefined;
  const diff: FileDiff | undefined =
    now === null || (isText(now) && isText(saved))
      ? { path, before: now?.toString('utf8') ?? '', after: saved.toString('utf8') }
      : undefined;
  return {
    summary: `restore ${path} from ${backup}`,
    diff,
    apply: () => conn.writeFile(path, saved, { mode: savedStat.mode, uid: savedStat.uid, gid: savedStat.gid }),
  };
}

const isText = (b: Buffer) => !b.includes(0);
