// Where synchronize's rsync runs and what its two ends are, as ansible.posix's action
// plugin decides it: rsync runs on the controller, or on the delegate under delegate_to;
// "push" copies from there to the task's host, "pull" from the task's host to there.
// Delegated to the task's host itself (its name or address), both ends are local paths
// on that host and no ssh is involved.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ModuleContext } from '../contract.js';
import { remoteEnd, type SshSide } from './rsync-command.js';

export interface EndArgs {
  src: string;
  dest: string;
  mode?: 'push' | 'pull';
  dest_port?: number;
  private_key?: string;
  set_remote_user?: boolean;
  use_ssh_args?: boolean;
}

export interface Ends {
  src: string;
  dest: string;
  /** Absent when both ends are on the host rsync runs on. */
  ssh?: SshSide;
  /** rsync runs on the controller itself (not delegated), not on `ctx.conn`. */
  onController: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const first = (vars: ModuleContext['vars'], names: string[]) => names.map((n) => text(vars[n])).find((v) => v);

export function rsyncEnds(a: EndArgs, ctx: ModuleContext): Ends {
  const v = ctx.vars;
  const address = first(v, ['ssh_host', 'ansible_host', 'ansible_ssh_host']) ?? ctx.host;
  const delegated = ctx.delegateTo !== undefined;
  const local = delegated
    ? [ctx.host, text(v.ansible_host), text(v.ansible_ssh_host)].includes(ctx.delegateTo)
    : v.ansible_connection === 'local';
  if (local) return { src: controllerPath(a.src, ctx), dest: controllerPath(a.dest, ctx), onController: false };
  const user = a.set_remote_user === false ? undefined : first(v, ['ssh_user', 'ansible_user', 'ansible_ssh_user']);
  const port = a.dest_port ?? portOf(v.ssh_port ?? v.ansible_port ?? v.ansible_ssh_port);
  const privateKey = a.private_key ?? first(v, ['ssh_key', 'ansible_ssh_private_key_file', 'ansible_private_key_file']);
  const sshArgs = a.use_ssh_args
    ? [text(v.ansible_ssh_common_args), text(v.ansible_ssh_extra_args)].filter((x) => x).join(' ')
    : '';
  const ssh: SshSide = { privateKey, port, sshArgs: sshArgs || undefined };
  const onController = !delegated;
  // The end on the host rsync runs on is found as a controller file when relative (role
  // files/ first), even on a delegate, as the action plugin does; the remote end is as written.
  return (a.mode ?? 'push') === 'pull'
    ? { src: remoteEnd(address, a.src, user), dest: controllerPath(a.dest, ctx), ssh, onController }
    : { src: controllerPath(a.src, ctx), dest: remoteEnd(address, a.dest, user), ssh, onController };
}

function portOf(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

/** A relative path found as Ansible's path_dwim_relative does for `files`; a trailing / kept. */
function controllerPath(path: string, ctx: ModuleContext): string {
  if (isAbsolute(path) || path.includes(':')) return path;
  const base = ctx.playbookDir ?? '.';
  const role = ctx.roleDir === undefined ? [] : [join(ctx.roleDir, 'files', path), join(ctx.roleDir, path)];
  const candidates = [...role, join(base, 'files', path), join(base, path)].map((p) => resolve(p));
  const found = candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
  return path.endsWith('/') && !found.endsWith('/') ? `${found}/` : found;
}
