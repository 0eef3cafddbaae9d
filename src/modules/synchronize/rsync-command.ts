// The rsync command line of ansible.posix.synchronize (1.5, under ansible-core 2.14), built
// from the same arguments in the same order, so that what rsync copies, and the itemized
// lines it prints (`changed` and `msg`), are Ansible's.
import { shellJoin } from '../../quote.js';

/** The flags of the module that map to rsync options; undefined = the module's default. */
export interface RsyncFlags {
  archive?: boolean;
  checksum?: boolean;
  compress?: boolean;
  existing_only?: boolean;
  delete?: boolean;
  dirs?: boolean;
  recursive?: boolean;
  links?: boolean;
  copy_links?: boolean;
  perms?: boolean;
  times?: boolean;
  owner?: boolean;
  group?: boolean;
  partial?: boolean;
  delay_updates?: boolean;
  verify_host?: boolean;
  rsync_timeout?: number;
  rsync_path?: string;
  rsync_opts?: string[];
}

/** How rsync's ssh reaches the other end, when one end is remote. */
export interface SshSide {
  privateKey?: string;
  port?: number;
  /** ansible_ssh_common_args and _extra_args, with use_ssh_args: appended as they are written. */
  sshArgs?: string;
}

/** Marks each line rsync itemizes: any such line means a change, as in the module. */
export const CHANGED_MARKER = '<<CHANGED>>';

// The boolean options that, under archive, only turn its parts off, and without it only on.
const PARTS = ['recursive', 'links', 'perms', 'times', 'owner', 'group'] as const;

/** rsync's arguments (argv, first the program) for src → dest; `dryRun` under --check. */
export function rsyncArgv(
  f: RsyncFlags,
  src: string,
  dest: string,
  ssh: SshSide | undefined,
  dryRun: boolean,
): string[] {
  const cmd = ['rsync'];
  if (f.delay_updates ?? true) cmd.push('--delay-updates');
  cmd.push('-F');
  if (f.compress ?? true) cmd.push('--compress');
  if (f.rsync_timeout) cmd.push(`--timeout=${f.rsync_timeout}`);
  if (dryRun) cmd.push('--dry-run');
  if (f.delete) cmd.push('--delete-after');
  if (f.existing_only) cmd.push('--existing');
  if (f.checksum) cmd.push('--checksum');
  if (f.copy_links) cmd.push('--copy-links');
  if (f.archive ?? true) {
    cmd.push('--archive');
    for (const p of PARTS) if (f[p] === false) cmd.push(`--no-${p}`);
  } else {
    for (const p of PARTS) if (f[p] === true) cmd.push(`--${p}`);
  }
  if (f.dirs) cmd.push('--dirs');
  if (ssh) cmd.push(`--rsh=${sshCommand(ssh, f.verify_host ?? false)}`);
  if (f.rsync_path) cmd.push(`--rsync-path=${f.rsync_path}`);
  cmd.push(...(f.rsync_opts ?? []).filter((o) => o !== ''));
  if (f.partial) cmd.push('--partial');
  cmd.push(`--out-format=${CHANGED_MARKER}%i %n%L`, src, dest);
  return cmd;
}

function sshCommand(s: SshSide, verifyHost: boolean): string {
  const argv = ['ssh', '-S', 'none'];
  if (s.privateKey) argv.push('-i', s.privateKey);
  if (s.port !== undefined) argv.push('-o', `Port=${s.port}`);
  if (!verifyHost) argv.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
  const line = argv.map(shlexQuote).join(' ');
  return s.sshArgs ? `${line} ${s.sshArgs}` : line;
}

// Python's shlex.quote, as the module quotes ssh's words: rsync splits --rsh itself and
// knows single quotes, not the backslashes a general shell quoting may write.
function shlexQuote(s: string): string {
  if (s !== '' && /^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

/** `[user@]host:path`, an IPv6 address in brackets, as the action plugin writes a remote end. */
export function remoteEnd(host: string, path: string, user: string | undefined): string {
  if (path.startsWith('rsync://')) return path;
  const who = user ? `${user}@` : '';
  return host.includes(':') ? `[${who}${host}]:${path}` : `${who}${host}:${path}`;
}

/** The module's result from rsync's output: changed when any line is itemized, msg without the markers. */
export function rsyncResult(argv: readonly string[], stdout: string): Record<string, unknown> {
  const clean = stdout.split(CHANGED_MARKER).join('');
  return {
    changed: stdout.includes(CHANGED_MARKER),
    msg: clean,
    rc: 0,
    cmd: shellJoin(argv),
    stdout_lines: clean.split('\n').filter((l) => l !== ''),
  };
}
