// `become:` runs a task as another user through sudo. SFTP always works as the
// login user, so as the become user every operation is a command: files are
// read with base64, and written by sending the content on stdin to a temp file
// beside the target, which is checked and then moved into place (atomic).
//
// The password travels only on sudo's stdin, followed by a marker line. The
// shell sudo starts reads up to the marker before it runs the command, so the
// command gets only its own input even when sudo asked for no password
// (NOPASSWD); then it writes the marker to stderr. No marker: sudo itself
// refused, and a BecomeError says why. The command itself follows on stdin too
// (stdin-script.ts), so neither it nor its environment is on sudo's command line.
import { createHash } from 'node:crypto';
import { shellJoin, shellQuoteValue as q } from '../quote.js';
import {
  CommandTimeoutError,
  RemoteFileError,
  type Connection,
  type ExecOptions,
  type ExecResult,
  type FileStat,
  type WriteOptions,
} from './connection.js';
import { DelegatingConnection } from './delegating.js';
import { newMarker, readAndRun, scriptInput } from './stdin-script.js';

export interface BecomeOptions {
  user: string;
  /** sudo password; without it sudo must not ask (-n). Never logged: it only travels on stdin. */
  password?: string;
}

/** sudo did not run the command (wrong or missing password, not allowed, unknown user). */
export class BecomeError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'BecomeError';
  }
}

class BecomeConnection extends DelegatingConnection {
  // Drawn at the first command (see stdin-script.ts): most tasks run none.
  private drawn: string | undefined;
  private get marker(): string {
    this.drawn ??= newMarker();
    return this.drawn;
  }

  constructor(
    inner: Connection,
    private readonly o: BecomeOptions,
  ) {
    super(inner);
  }

  override async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const m = this.marker;
    const shell = `while IFS= read -r l; do [ "$l" = ${m} ] && break; done; echo ${m} >&2; ${readAndRun(m)}`;
    const ask = this.o.password === undefined ? ['-n'] : ['-S', '-p', ''];
    const sudo = ['sudo', '-H', '-u', this.o.user, ...ask, '--', '/bin/sh', '-c', shell];
    const head = this.o.password === undefined ? `${m}\n` : `${this.o.password}\n${m}\n`;
    // sudo passes SIGTERM on to its child only, so what that child started is
    // stopped by a command with the become user's rights.
    const stopWith = opts.signal || opts.timeoutMs !== undefined ? (kill: string) => this.exec(kill) : undefined;
    const r = await this.inner
      .exec(shellJoin(sudo), {
        ...opts,
        stdin: Buffer.concat([Buffer.from(head), scriptInput(command, m, opts.stdin)]),
        stopWith,
      })
      .catch((err: unknown) => {
        // The message names the command that ran out of time, not sudo's reader.
        throw err instanceof CommandTimeoutError ? new CommandTimeoutError(err.host, command, err.timeoutMs) : err;
      });
    const at = r.stderr.indexOf(`${m}\n`);
    if (at < 0) throw await this.refused(r.stderr);
    // Before the marker: only sudo's own chatter (a lecture, host-name warnings).
    return { ...r, stderr: r.stderr.slice(at + m.length + 1) };
  }

  private async refused(stderr: string): Promise<BecomeError> {
    const login = (await this.inner.exec('id -un').catch(() => undefined))?.stdout.trim() || 'the login user';
    const said = stderr
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith(this.marker));
    const where = `for ${login} on ${this.host}`;
    // The wording only; that sudo refused is known from the missing marker.
    if (this.o.password !== undefined && said.some((l) => /incorrect password|try again/i.test(l))) {
      return new BecomeError(this.host, `sudo: incorrect password ${where} (to become ${this.o.user})`);
    }
    if (this.o.password === undefined && said.some((l) => /password is required/i.test(l))) {
      return new BecomeError(
        this.host,
        `sudo: a password is required ${where} to become ${this.o.user}; give it with -K, RUNBOOK_BECOME_PASSWORD or ansible_become_password`,
      );
    }
    return new BecomeError(
      this.host,
      `sudo could not become ${this.o.user} ${where}: ${said.join('; ') || 'no message'}`,
    );
  }

  private async run(op: string, path: string, command: string, stdin?: Buffer): Promise<ExecResult> {
    const r = await this.exec(command, stdin ? { stdin } : {});
    if (r.rc !== 0) {
      const reason = r.stderr.trim() || `exit code ${r.rc}`;
      throw new RemoteFileError(
        this.host,
        op,
        path,
        /No such file/.test(reason) ? 'ENOENT' : 'EFAILURE',
        `${reason} (as ${this.o.user} through sudo)`,
      );
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
    const r = await this.run(
      'stat',
      path,
      `if [ -e ${q(path)} ] || [ -L ${q(path)} ]; then stat ${follow} -c '%f %u %g %s %Y' -- ${q(path)}; fi`,
    );
    const out = r.stdout.trim();
    if (!out) return null;
    const [rawMode, uid, gid, size, mtime] = out.split(' ');
    const mode = parseInt(rawMode ?? '0', 16);
    const kind = mode & 0o170000;
    const type = kind === 0o100000 ? 'file' : kind === 0o040000 ? 'directory' : kind === 0o120000 ? 'symlink' : 'other';
    return {
      type,
      mode: mode & 0o7777,
      uid: Number(uid),
      gid: Number(gid),
      size: Number(size),
      mtimeMs: Number(mtime) * 1000,
    };
  }

  override async readFile(path: string): Promise<Buffer | null> {
    const r = await this.run(
      'read',
      path,
      `if [ -e ${q(path)} ]; then base64 -w0 -- ${q(path)}; else echo MISSING; fi`,
    );
    return r.stdout.trim() === 'MISSING' ? null : Buffer.from(r.stdout.trim(), 'base64');
  }

  override async writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    const content = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    const base = path.slice(path.lastIndexOf('/') + 1);
    const owner =
      opts.uid !== undefined
        ? `chown ${opts.uid}:${opts.gid ?? opts.uid} "$t"`
        : `[ -e ${q(path)} ] && chown --reference=${q(path)} "$t"`;
    const mode =
      opts.mode !== undefined
        ? `chmod ${opts.mode.toString(8)} "$t"`
        : `if [ -e ${q(path)} ]; then chmod --reference=${q(path)} "$t"; else chmod 644 "$t"; fi`;
    const digest = createHash('sha256').update(content).digest('hex');
    // The content comes on stdin, into a temp beside the target, so nothing is
    // left elsewhere. A cut connection ends the input early: the digest check
    // keeps a partial file from being installed. A shell killed outright leaves
    // its temp, which the next write of this file removes (the glob: runbook's
    // temps of this file, 12 characters after the prefix).
    const script = [
      `pre=${q(`${dir}/.${base}.runbook-`)}`,
      'for s in "$pre"????????????; do if [ -f "$s" ]; then rm -f -- "$s"; fi; done',
      't=$(mktemp "${pre}XXXXXXXXXXXX") || exit 1',
      `trap 'rm -f "$t"' EXIT`,
      `trap 'exit 1' HUP INT TERM PIPE`,
      'cat > "$t" || exit 1',
      `[ "$(sha256sum < "$t")" = "${digest}  -" ] || { echo "the upload of ${content.length} bytes was cut short" >&2; exit 1; }`,
      `${owner}; ${mode} || exit 1`,
      `mv -f "$t" ${q(path)}`,
    ].join('\n');
    // One write of a file at a time from this run: another's stale-temp sweep must not take this one's temp.
    await oneAtATime(`${this.host}\0${path}`, () => this.run('write', path, script, content));
  }

  override async mkdir(path: string, mode: number): Promise<void> {
    // A directory made meanwhile by another connection is success, as over SFTP.
    await this.run(
      'mkdir',
      path,
      `mkdir -m ${mode.toString(8)} -- ${q(path)} || { [ -d ${q(path)} ] && chmod ${mode.toString(8)} -- ${q(path)}; }`,
    );
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

const writing = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier one with the same key has settled. */
async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = writing.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  writing.set(key, mine);
  try {
    return await mine;
  } finally {
    if (writing.get(key) === mine) writing.delete(key);
  }
}

export function withBecome(conn: Connection, o: BecomeOptions): Connection {
  return new BecomeConnection(conn, o);
}
