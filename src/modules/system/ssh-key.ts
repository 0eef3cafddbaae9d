// user's generate_ssh_key, as Ansible's user module (user.py ssh_key_gen): ssh-keygen makes
// <home>/.ssh/id_<type> (or ssh_key_file) when the private and the public file are both
// missing, or over them with force; the user owns the pair; the result says ssh_key_file,
// ssh_fingerprint (`ssh-keygen -l`) and ssh_public_key, whether or not a key was made.
import { shellJoin } from '../../quote.js';
import type { ApplyResult, Change, ModuleContext } from '../contract.js';

export const sshKeySchema = {
  generate_ssh_key: {
    type: 'boolean',
    description: 'make an SSH key pair for the user when there is none (default false)',
  },
  ssh_key_type: { type: 'string', minLength: 1, description: 'ssh-keygen -t (default rsa)' },
  ssh_key_bits: { type: 'integer', minimum: 0, description: "ssh-keygen -b (default 0: ssh-keygen's own)" },
  ssh_key_file: {
    type: 'string',
    minLength: 1,
    description: 'the private key file, relative to the home directory (default .ssh/id_<type>)',
  },
  ssh_key_comment: {
    type: 'string',
    description: 'ssh-keygen -C (default "ansible-generated on <the host\'s name>")',
  },
  ssh_key_passphrase: { type: 'string', description: 'the passphrase of the private key (default none)' },
} as const;

export interface SshKeyArgs {
  name: string;
  force?: boolean;
  ssh_key_type?: string;
  ssh_key_bits?: number;
  ssh_key_file?: string;
  ssh_key_comment?: string;
  ssh_key_passphrase?: string;
}

/** The key file's path: absolute as given, else under the home directory. */
export const sshKeyPath = (args: SshKeyArgs, home: string): string => {
  const file = args.ssh_key_file ?? `.ssh/id_${args.ssh_key_type ?? 'rsa'}`;
  return file.startsWith('/') ? file : `${home.replace(/\/+$/, '')}/${file}`;
};

/** ssh_key_file, ssh_fingerprint and ssh_public_key as Ansible reports them. */
export async function sshKeyFacts(ctx: ModuleContext, path: string): Promise<Record<string, unknown>> {
  const p = shellJoin([path]);
  const [print, pub] = await Promise.all([
    ctx.conn.exec(`[ -e ${p} ] && ssh-keygen -l -f ${p} || echo "SSH Key file ${path} does not exist"`),
    ctx.conn.readFile(`${path}.pub`),
  ]);
  return { ssh_key_file: path, ssh_fingerprint: print.stdout.trim(), ssh_public_key: pub?.toString().trim() };
}

/**
 * The key to make, or nothing when the user's key (private or public file) is there and
 * force is not set. `home` is undefined when the task creates the user: known once it is.
 */
export async function planSshKey(
  ctx: ModuleContext,
  args: SshKeyArgs,
  home: string | undefined,
): Promise<{ changes: Change[]; data: Record<string, unknown> }> {
  if (home !== undefined) {
    const path = sshKeyPath(args, home);
    const [key, pub] = await Promise.all([ctx.conn.lstat(path), ctx.conn.lstat(`${path}.pub`)]);
    if ((key || pub) && !args.force) return { changes: [], data: await sshKeyFacts(ctx, path) };
  }
  const shown = home === undefined ? `~${args.name}/${args.ssh_key_file ?? '.ssh/id_<type>'}` : sshKeyPath(args, home);
  return { changes: [keygen(ctx, args, shown)], data: {} };
}

function keygen(ctx: ModuleContext, args: SshKeyArgs, shown: string): Change {
  return {
    summary: `generate SSH key ${shown} (${args.ssh_key_type ?? 'rsa'})`,
    async apply(): Promise<ApplyResult> {
      const entry = (await ctx.conn.exec(`getent passwd ${shellJoin([args.name])}`)).stdout.trim().split(':');
      const [uid, gid, home] = [entry[2], entry[3], entry[5] ?? ''];
      const path = sshKeyPath(args, home);
      const dir = path.slice(0, path.lastIndexOf('/')) || '/';
      const q = (s: string) => shellJoin([s]);
      const options = [
        '-t',
        args.ssh_key_type ?? 'rsa',
        ...(args.ssh_key_bits ? ['-b', String(args.ssh_key_bits)] : []),
        '-f',
        path,
        '-N',
        args.ssh_key_passphrase ?? '',
      ];
      // As Ansible: a missing directory is made 0700 and the user's; force replaces both files.
      const comment =
        args.ssh_key_comment === undefined ? '"ansible-generated on $(hostname)"' : q(args.ssh_key_comment);
      const script = [
        `if [ ! -d ${q(dir)} ]; then mkdir -m 0700 ${q(dir)} && chown ${uid}:${gid} ${q(dir)} || exit 1; fi`,
        `rm -f ${q(path)} ${q(`${path}.pub`)}`,
        `ssh-keygen -q ${shellJoin(options)} -C ${comment} </dev/null || exit 1`,
        `chown ${uid}:${gid} ${q(path)} ${q(`${path}.pub`)}`,
      ].join('\n');
      const r = await ctx.conn.exec(script, { signal: ctx.signal });
      if (r.rc !== 0) return { failed: true, msg: r.stderr.trim() || `ssh-keygen exited ${r.rc}`, data: { rc: r.rc } };
      return { data: await sshKeyFacts(ctx, path) };
    },
  };
}
