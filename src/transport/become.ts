// `become:` runs a task as another user through sudo. SFTP always works as the
// login user, so as the become user every operation is a command: files are
// read with base64, and written by uploading to a private temp file that sudo
// then installs atomically (temp name beside the target, then mv).
import { randomBytes } from 'node:crypto';
import { shellJoin, shellQuoteValue as q } from '../quote.js';
import { RemoteFileError, type Connection, type ExecOptions, type ExecResult, type FileStat, type WriteOptions } from './connection.js';
import { DelegatingConnection } from './delegating.js';

export interface BecomeOptions {
  user: string;
  /** sudo password; without it sudo must not ask (-n). Never logged: it only travels on stdin. */
  password?: string;
}

class BecomeConnection extends DelegatingConnection {
  constructor(
    inner: Connection,
    private readonly o: BecomeOptions,
  ) {
    super(inner);
  }

  override exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const sudo = ['sudo', '-H', '-u', this.o.user, ...(this.o.password === undefined ? ['-n'] : ['-S', '-p', '']), '--', '/bin/sh', '-c', command];
    const stdin = this.o.password === undefined ? opts.stdin : Buffer.concat([Buffer.from(`${this.o.password}\n`), Buffer.from(opts.stdin ?? '')]);
    // sudo passes SIGTERM on to its child only, so what that child started is
    // stopped by a command with the become user's rights.
    const stopWith = opts.signal || opts.timeoutMs !== undefined ? (kill: string) => this.exec(kill) : undefined;
    return this.inner.exec(shellJoin(sudo), { ...opts, stdin, stopWith });
  }

  private async run(op: string, path: string, command: string): Promise<ExecResult> {
    const r = await this.exec(command);
    if (r.rc !== 0) {
      const reason = r.stderr.trim() || `exit code ${r.rc}`;
      throw new RemoteFileError(this.host, op, path, /No such file/.test(reason) ? 'ENOENT' : 'EFAILURE', `${reason} (as ${this.o.user} through sudo)`);
    }
    return r;
  }

  override stat(path: string): Promise<FileStat | null> {
    return this.statWith(path, '-L');
  }
  override lstat(path: string): Promise<FileStat | null> {
    return this.statWith(path, '');
  }

  private async statWith(path: string, follow: string): Promise<FileStat | null> {
    const r = await this.run('stat', path, `if [ -e ${q(path)} ] || [ -L ${q(path)} ]; then stat ${follow} -c '%f %u %g %s %Y' -- ${q(path)}; fi`);
    const out = r.stdout.trim();
    if (!out) return null;
    const [rawMode, uid, gid, size, mtime] = out.split(' ');
    const mode = parseInt(rawMode ?? '0', 16);
    const kind = mode & 0o170000;
    const type = kind === 0o100000 ? 'file' : kind === 0o040000 ? 'directory' : kind === 0o120000 ? 'symlink' : 'other';
    return { type, mode: mode & 0o7777, uid: Number(uid), gid: Number(gid), size: Number(size), mtimeMs: Number(mtime) * 1000 };
  }

  override async readFile(path: string): Promise<Buffer | null> {
    const r = await this.run('read', path, `if [ -e ${q(path)} ]; then base64 -w0 -- ${q(path)}; else echo MISSING; fi`);
    return r.stdout.trim() === 'MISSING' ? null : Buffer.from(r.stdout.trim(), 'base64');
  }

  override async writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    const upload = `/tmp/.runbook-become-${randomBytes(8).toString('hex')}`;
    await this.inner.writeFile(upload, data, { mode: 0o600 });
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    const base = path.slice(path.lastIndexOf('/') + 1);
    const owner = opts.uid !== undefined ? `chown ${opts.uid}:${opts.gid ?? opts.uid} "$t"` : `[ -e ${q(path)} ] && chown --reference=${q(path)} "$t"`;
    const mode = opts.mode !== undefined ? `chmod ${opts.mode.toString(8)} "$t"` : `if [ -e ${q(path)} ]; then chmod --reference=${q(path)} "$t"; else chmod 644 "$t"; fi`;
    const script = [
      `t=$(mktemp ${q(`${dir}/.${base}.runbook-XXXXXX`)}) || exit 1`,
      `trap 'rm -f "$t" ${q(upload)}' EXIT`,
      `cat ${q(upload)} > "$t" || exit 1`,
      `${owner}; ${mode} || exit 1`,
      `mv -f "$t" ${q(path)}`,
    ].join('\n');
    // The script's trap removes the upload; if sudo never ran it (e.g. a wrong password), remove it here.
    await this.run('write', path, script).catch(async (err: unknown) => {
      await this.inner.unlink(upload).catch(() => undefined);
      throw err;
    });
  }

  override async mkdir(path: string, mode: number): Promise<void> {
    await this.run('mkdir', path, `mkdir -m ${mode.toString(8)} -- ${q(path)}`);
  }
  override async chmod(path: string, mode: number): Promise<void> {
    await this.run('chmod', path, `chmod ${mode.toString(8)} -- ${q(path)}`);
  }
  override async chown(path: string, uid: number, gid: number): Promise<void> {
    await this.run('chown', path, `chown ${uid}:${gid} -- ${q(path)}`);
  }
  override async unlink(path: string): Promise<void> {
    await this.run('unlink', path, `rm -- ${q(path)}`);
  }
  override async rmdir(path: string): Promise<void> {
    await this.run('rmdir', path, `rmdir -- ${q(path)}`);
  }
}

export function withBecome(conn: Connection, o: BecomeOptions): Connection {
  return new BecomeConnection(conn, o);
}
