// user (ansible.builtin.user): a local account present (useradd, or one usermod with only
// the options whose value differs) or absent (userdel). The decisions are Ansible's
// (user.py, Linux useradd/usermod): groups are compared with the groups that list the
// user; `append` only adds; a password is a hash, compared with shadow's (update_password:
// always); a missing home is made when create_home. Result fields as Ansible's: name,
// state, uid, group (its gid), comment, home, shell, groups (as given, comma-joined),
// system and create_home on creation, append and move_home on change, force and remove on
// removal, stdout/stderr of the command that ran.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import {
  accountCommand,
  readGroups,
  readShadow,
  readPasswordHash,
  readUser,
  type GroupEntry,
  type PasswdEntry,
} from './system/accounts.js';
import { planSshKey, sshKeySchema } from './system/ssh-key.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^[^:,\\s]+$', description: 'the account' },
    state: { enum: ['present', 'absent'], description: 'present (default) or absent' },
    uid: { type: 'integer', minimum: 0 },
    non_unique: { type: 'boolean', description: 'allow a uid another user has (default false)' },
    group: { type: 'string', minLength: 1, description: 'primary group (name or gid); it must exist' },
    groups: {
      anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }],
      description: 'supplementary groups, a list or "a,b"; [] or "" with append false removes all',
    },
    append: { type: 'boolean', description: 'add to groups instead of setting them (default false)' },
    comment: { type: 'string', description: 'the GECOS field' },
    home: { type: 'string', pattern: '^/', description: 'home directory' },
    shell: { type: 'string' },
    password: { type: 'string', description: 'the crypt(3) hash, as in /etc/shadow' },
    update_password: {
      enum: ['always', 'on_create'],
      description: 'change a differing password (always, default) or only set it on creation',
    },
    password_lock: { type: 'boolean', description: 'lock (usermod -L) or unlock (-U) the password' },
    create_home: { type: 'boolean', description: 'make the home directory (default true)' },
    system: { type: 'boolean', description: 'a system account (useradd -r); only on creation (default false)' },
    move_home: { type: 'boolean', description: 'move the contents when home changes (usermod -m; default false)' },
    remove: {
      type: 'boolean',
      description: 'with state absent: remove home and mail spool too (userdel -r; default false)',
    },
    force: {
      type: 'boolean',
      description: 'with state absent: userdel -f; with generate_ssh_key: replace the key (default false)',
    },
    skeleton: { type: 'string', description: 'skeleton directory for a new home (useradd -k)' },
    password_expire_min: { type: 'integer', description: 'minimum days between password changes (chage -m)' },
    password_expire_max: { type: 'integer', description: 'maximum days a password stays valid (chage -M)' },
    expires: {
      type: 'number',
      description: 'the account expiry, seconds since the epoch (its UTC day counts); a negative number removes it',
    },
    ...sshKeySchema,
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const user: ModuleDef<Args> = {
  name: 'user',
  summary: 'add, change or remove a local user account',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const base: Record<string, unknown> = { name: args.name, state };
    const found = await readUser(ctx, args.name);
    const exists = found?.name === args.name ? found : undefined;
    const groupsArg =
      args.groups === undefined
        ? undefined
        : (typeof args.groups === 'string' ? args.groups.split(',') : args.groups).map((g) => g.trim()).filter(Boolean);
    if (args.password !== undefined) base.password = 'NOT_LOGGING_PASSWORD';
    if (groupsArg !== undefined) base.groups = groupsArg.join(',');
    const after = (extra: Record<string, unknown>) => async () => ({
      ...extra,
      ...(await accountFields(ctx, args.name)),
    });

    if (state === 'absent') {
      if (!exists) return { changes: [], data: base };
      const argv = ['userdel', ...(args.force ? ['-f'] : []), ...(args.remove ? ['-r'] : []), args.name];
      return {
        changes: [
          accountCommand(ctx, argv, argv.join(' '), async () => ({
            force: args.force ?? false,
            remove: args.remove ?? false,
          })),
        ],
        data: base,
      };
    }
    const groups = await readGroups(ctx);
    const missing = [args.group, ...(groupsArg ?? [])].find((g) => g !== undefined && !findGroup(groups, g));
    if (missing) return { changes: [], data: base, failed: `Group ${missing} does not exist` };
    const createHome = args.create_home ?? true;

    if (!exists) {
      const argv = useraddArgs(args, groups, groupsArg, createHome);
      const key = args.generate_ssh_key ? await planSshKey(ctx, args, undefined) : { changes: [] };
      return {
        changes: [
          accountCommand(ctx, argv, shown(argv), after({ system: args.system ?? false, create_home: createHome })),
          ...(await passwordAgeChange(ctx, args, false)),
          ...key.changes,
        ],
        data: base,
      };
    }
    const opts = await usermodOptions(ctx, args, exists, groups, groupsArg);
    const changes: Change[] = [];
    const data = { ...base, ...fieldsOf(exists) };
    if (opts.length > 0) {
      const argv = ['usermod', ...opts, args.name];
      changes.push(
        accountCommand(
          ctx,
          argv,
          shown(argv),
          after({ append: args.append ?? false, move_home: args.move_home ?? false }),
        ),
      );
    }
    changes.push(...(await passwordAgeChange(ctx, args, true)));
    const home = args.home ?? exists.home;
    if (createHome && home && !(await ctx.conn.stat(home)) && !opts.includes('-m'))
      changes.push(makeHome(ctx, home, exists, args.skeleton));
    if (!args.generate_ssh_key) return { changes, data };
    const key = await planSshKey(ctx, args, home);
    return { changes: [...changes, ...key.changes], data: { ...data, ...key.data } };
  },
};

function useraddArgs(args: Args, groups: GroupEntry[], groupsArg: string[] | undefined, createHome: boolean): string[] {
  const argv = ['useradd'];
  if (args.uid !== undefined) argv.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (args.group !== undefined) argv.push('-g', args.group);
  // A group named as the user exists: do not try to make it (useradd would fail).
  else if (findGroup(groups, args.name)) argv.push('-N');
  const primary = args.group === undefined ? undefined : findGroup(groups, args.group)?.name;
  const supplementary = (groupsArg ?? []).map((g) => findGroup(groups, g)!.name).filter((g) => g !== primary);
  if (supplementary.length > 0) argv.push('-G', supplementary.join(','));
  if (args.comment !== undefined) argv.push('-c', args.comment);
  if (args.home !== undefined) argv.push('-d', args.home);
  if (args.shell !== undefined) argv.push('-s', args.shell);
  if (args.password !== undefined) argv.push('-p', args.password_lock ? `!${args.password}` : args.password);
  if (createHome) argv.push('-m', ...(args.skeleton !== undefined ? ['-k', args.skeleton] : []));
  else argv.push('-M');
  if (args.system) argv.push('-r');
  if (args.expires !== undefined) argv.push('-e', expiryDate(args.expires));
  argv.push(args.name);
  return argv;
}

/** usermod's options for what differs, as Ansible's modify_user_usermod decides them. */
async function usermodOptions(
  ctx: ModuleContext,
  args: Args,
  cur: PasswdEntry,
  groups: GroupEntry[],
  groupsArg: string[] | undefined,
): Promise<string[]> {
  const opts: string[] = [];
  if (args.uid !== undefined && cur.uid !== args.uid)
    opts.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (args.group !== undefined) {
    const g = findGroup(groups, args.group)!;
    if (g.gid !== cur.gid) opts.push('-g', String(g.gid));
  }
  if (groupsArg !== undefined) {
    const current = groups.filter((g) => g.members.includes(cur.name)).map((g) => g.name);
    const wanted = groupsArg.map((g) => findGroup(groups, g)!.name);
    const diff = [...current.filter((g) => !wanted.includes(g)), ...wanted.filter((g) => !current.includes(g))];
    const needed =
      wanted.length === 0
        ? current.length > 0 && !args.append
        : args.append
          ? wanted.some((g) => diff.includes(g))
          : diff.length > 0;
    if (needed) opts.push(...(args.append ? ['-a'] : []), '-G', wanted.join(','));
  }
  if (args.comment !== undefined && cur.comment !== args.comment) opts.push('-c', args.comment);
  if (args.home !== undefined && cur.home !== args.home) opts.push('-d', args.home, ...(args.move_home ? ['-m'] : []));
  if (args.shell !== undefined && cur.shell !== args.shell) opts.push('-s', args.shell);
  if (args.expires !== undefined) {
    // As Ansible: compared by UTC day; a negative one clears an expiry that is set.
    const field = (await readShadow(ctx, cur.name))[7] ?? '';
    const days = field === '' ? -1 : Number(field);
    const differs = args.expires < 0 ? days >= 0 : days < 0 || days !== Math.floor(args.expires / 86400);
    if (differs) opts.push('-e', expiryDate(args.expires));
  }
  if (args.password_lock !== undefined || args.password !== undefined) {
    const hash = await readPasswordHash(ctx, cur.name);
    const lock =
      args.password_lock === true && !hash.startsWith('!')
        ? ['-L']
        : args.password_lock === false && hash.startsWith('!')
          ? ['-U']
          : [];
    const pw = args.password;
    if (
      (args.update_password ?? 'always') === 'always' &&
      pw !== undefined &&
      hash.replace(/^!+/, '') !== pw.replace(/^!+/, '')
    ) {
      opts.push('-p', args.password_lock ? `!${pw}` : pw);
    } else opts.push(...lock);
  }
  return opts;
}

/** chage -m/-M for the password ages that differ from shadow's, as Ansible's set_password_expire. */
async function passwordAgeChange(ctx: ModuleContext, args: Args, exists: boolean): Promise<Change[]> {
  const { password_expire_min: min, password_expire_max: max } = args;
  if (min === undefined && max === undefined) return [];
  const shadow = exists ? await readShadow(ctx, args.name) : [];
  const opts: string[] = [];
  if (min !== undefined && shadow[3] !== String(min)) opts.push('-m', String(min));
  if (max !== undefined && shadow[4] !== String(max)) opts.push('-M', String(max));
  if (opts.length === 0) return [];
  const argv = ['chage', ...opts, args.name];
  return [accountCommand(ctx, argv, argv.join(' '))];
}

function makeHome(ctx: ModuleContext, home: string, u: PasswdEntry, skeleton = '/etc/skel'): Change {
  const h = shellJoin([home]);
  const script = `mkdir -p ${h} && { [ ! -d ${shellJoin([skeleton])} ] || cp -a ${shellJoin([`${skeleton}/.`])} ${h}; } && chown -R ${u.uid}:${u.gid} ${h}`;
  return accountCommand(ctx, ['sh', '-c', script], `create home ${home} (from ${skeleton})`);
}

/** useradd/usermod -e's YYYY-MM-DD (UTC) for an epoch time; '' for none. */
const expiryDate = (epoch: number): string => (epoch < 0 ? '' : new Date(epoch * 1000).toISOString().slice(0, 10));

/** A group by name, or by gid when `key` is a number (as useradd -g takes either). */
function findGroup(groups: GroupEntry[], key: string): GroupEntry | undefined {
  return (
    groups.find((g) => g.name === key) ?? (/^\d+$/.test(key) ? groups.find((g) => g.gid === Number(key)) : undefined)
  );
}

function fieldsOf(u: PasswdEntry): Record<string, unknown> {
  return { uid: u.uid, group: u.gid, comment: u.comment, home: u.home, shell: u.shell };
}

async function accountFields(ctx: ModuleContext, name: string): Promise<Record<string, unknown>> {
  const u = await readUser(ctx, name);
  return u ? fieldsOf(u) : {};
}

/** The command for humans, with a password hash left out. */
function shown(argv: string[]): string {
  return argv.map((a, i) => (argv[i - 1] === '-p' ? '********' : a)).join(' ');
}
