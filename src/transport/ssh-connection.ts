// A logged-in ssh2 client as a Connection: each command an exec channel on it (many at once, down to
// what the server allows), files over one lazily opened SFTP session; a lost link fails every call.
import { dirname } from 'node:path/posix';
import type { FileEntry, SFTPWrapper, Stats } from 'ssh2';
import {
  abortReason,
  RemoteFileError,
  TransportError,
  addressPort,
  type ConnectParams,
  type Connection,
  type ExecOptions,
  type ExecResult,
  type FileStat,
  type ReadOptions,
  type WriteOptions,
} from './connection.js';
import { ChannelSlots } from './ssh-channel-slots.js';
import { collect, isStoppable, type ChannelRun, killSessionScript, stoppableCommand } from './ssh-exec.js';
import { failureCause, keepaliveLost, sftpFailure, type FsSpace } from './ssh-failures.js';
import type { SshClient, Tunnel } from './ssh-jump.js';
import { readWhole, writeNew } from './sftp-pipelined.js';
import { isIdleTemp, madeOrThere, staleTemps, tempPathFor, untilTempKept } from './stale-temps.js';

/** The server did not open the exec channel (as opposed to the command failing). */
class OpenFailed extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

export class SshConnection implements Connection {
  readonly host: string;
  /** Why the link is gone; set once, then every call rejects with a TransportError. */
  private closedReason: string | undefined;
  private readonly failPending = new Set<(err: Error) => void>();
  /** Temp files of writes under way on this connection: not stale. */
  private readonly writing = new Set<string>();
  private sftpSession: Promise<SFTPWrapper> | undefined;
  /** The session, once open (until it closes). */
  private sftpOpen: SFTPWrapper | undefined;
  private readonly slots = new ChannelSlots(() => (this.closedReason === undefined ? undefined : this.lost()));
  private closed: Promise<void>;

  constructor(
    private readonly client: SshClient,
    private readonly params: ConnectParams,
    /** The channel through a jump host this connection runs on. */
    tunnel?: Tunnel,
  ) {
    this.host = params.host;
    let lastError: string | undefined;
    client.on(
      'error',
      (err) => (lastError = err.message === 'Keepalive timeout' ? keepaliveLost(params) : err.message),
    );
    this.closed = new Promise((resolve) => {
      client.once('close', () => {
        // When the jump host went away, that is the reason, not the closed channel.
        this.markClosed(tunnel?.lostReason() ?? lastError ?? 'the server closed the connection');
        tunnel?.release();
        resolve();
      });
    });
  }

  private markClosed(reason: string): void {
    this.closedReason ??= reason;
    const err = this.lost();
    for (const fail of this.failPending) fail(err);
    this.failPending.clear();
    this.slots.wakeAll();
  }

  private lost(): TransportError {
    const target = `${this.params.user}@${addressPort(this.params.address, this.params.port)}`;
    return new TransportError(this.host, `connection to ${target} lost: ${this.closedReason}`);
  }

  /** Runs `work` with its rejection tied to the link: if the link drops first, it rejects with a TransportError. */
  private guarded<T>(work: (resolve: (v: T) => void, reject: (e: Error) => void) => void): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(this.lost());
    return new Promise<T>((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      this.failPending.add(fail);
      const done =
        <A extends unknown[]>(f: (...a: A) => void) =>
        (...a: A): void => {
          this.failPending.delete(fail);
          f(...a);
        };
      try {
        work(done(resolve), done(reject));
      } catch (err) {
        done(reject)(err as Error);
      }
    });
  }

  // ---- exec ----

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const line = isStoppable(opts) ? stoppableCommand(command) : command;
    for (;;) {
      await this.slots.take();
      // A signal that aborts while this waits for a channel is seen here, once one is free.
      if (opts.signal?.aborted) {
        this.slots.release();
        throw abortReason(opts.signal);
      }
      try {
        return await this.guarded<ExecResult>((resolve, reject) =>
          this.client.exec(line, (err, stream) => {
            if (err) return reject(new OpenFailed(err));
            // Synchronously: ssh2 may parse the output, exit status and close of a short
            // command from the same packet batch, before any promise continuation runs.
            stream.once('close', () => this.slots.release());
            collect(stream, this.channelRun(command, opts), resolve, reject);
          }),
        );
      } catch (err) {
        if (!(err instanceof OpenFailed)) throw err;
        this.slots.release();
        if (this.closedReason !== undefined) throw this.lost();
        if (!/Channel open failure/.test(err.cause.message) || this.slots.inUse === 0) {
          throw new TransportError(this.host, `cannot open a command channel on ${this.host}: ${err.cause.message}`);
        }
        // Refused while others are open: the server's session limit. Wait for a free one.
        this.slots.lowerTo(this.slots.inUse);
      }
    }
  }

  private channelRun(command: string, opts: ExecOptions): ChannelRun {
    return {
      host: this.host,
      command,
      opts,
      kill: (sid) => (opts.stopWith ?? ((line: string) => this.exec(line)))(killSessionScript(sid)),
      noStatus: () =>
        this.closedReason !== undefined
          ? this.lost()
          : new TransportError(
              this.host,
              `the command channel on ${this.host} closed without an exit status: ${command}`,
            ),
    };
  }

  // ---- SFTP ----

  private sftp(): Promise<SFTPWrapper> {
    if (this.closedReason !== undefined) return Promise.reject(this.lost());
    if (!this.sftpSession) {
      const session = this.openSftp();
      this.sftpSession = session;
      session.then(
        (sftp) => {
          if (this.sftpSession === session) this.sftpOpen = sftp;
          sftp.once('close', () => {
            if (this.sftpSession !== session) return;
            this.sftpSession = undefined;
            this.sftpOpen = undefined;
          });
        },
        () => {
          if (this.sftpSession === session) this.sftpSession = undefined;
        },
      );
    }
    return this.sftpSession;
  }

  private async openSftp(): Promise<SFTPWrapper> {
    for (;;) {
      try {
        return await this.guarded<SFTPWrapper>((resolve, reject) =>
          this.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))),
        );
      } catch (err) {
        if (err instanceof TransportError) throw err;
        // Exec channels hold every session the server allows: give one up for SFTP.
        if (/Channel open failure/.test((err as Error).message) && this.slots.inUse > 0) {
          this.slots.lowerTo(this.slots.inUse - 1);
          await this.slots.nextRelease();
          continue;
        }
        throw new TransportError(this.host, `cannot start SFTP on ${this.host}: ${(err as Error).message}`);
      }
    }
  }

  /** One SFTP request, with errors turned into RemoteFileError (or TransportError when the link is gone). */
  private sftpCall<T>(
    op: string,
    path: string,
    call: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, v?: T) => void) => void,
  ): Promise<T> {
    // Sent at once on a session already open: no wait for the session's promise (a re-run makes thousands of requests).
    if (this.sftpOpen && this.closedReason === undefined) return this.sftpRequest(op, path, this.sftpOpen, call);
    return this.sftp().then((sftp) => this.sftpRequest(op, path, sftp, call));
  }

  /** One request on an open session: several may be sent before the first answer comes. */
  private sftpRequest<T>(
    op: string,
    path: string,
    sftp: SFTPWrapper,
    call: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, v?: T) => void) => void,
  ): Promise<T> {
    return this.guarded<T>((resolve, reject) => {
      const fail = (err: Error): void => reject(this.fileError(op, path, err));
      try {
        call(sftp, (err, v) => (err ? fail(err) : resolve(v as T)));
      } catch (err) {
        fail(err as Error);
      }
    });
  }

  private fileError(op: string, path: string, err: Error & { code?: unknown }): Error {
    if (err instanceof TransportError || err instanceof RemoteFileError) return err;
    if (this.closedReason !== undefined) return this.lost();
    return sftpFailure(this.host, op, path, err);
  }

  private async statOrNull(op: 'stat' | 'lstat', path: string): Promise<FileStat | null> {
    // A missing path is an answer, not an error: no RemoteFileError (and its stack) is built for it.
    const missing = (err: unknown): boolean => (err as { code?: unknown } | undefined)?.code === 2;
    const st = await this.sftpCall<Stats | null>(op, path, (s, cb) =>
      s[op](path, (err, v) => (missing(err) ? cb(null, null) : cb(err, v))),
    );
    return st && toFileStat(st);
  }

  stat(path: string): Promise<FileStat | null> {
    return this.statOrNull('stat', path);
  }

  lstat(path: string): Promise<FileStat | null> {
    return this.statOrNull('lstat', path);
  }

  async readFile(path: string, opts: ReadOptions = {}): Promise<Buffer | null> {
    try {
      const sftp = await this.sftp();
      return await readWhole((fn) => this.sftpRequest('read', path, sftp, fn), path, opts.statSize);
    } catch (err) {
      if (err instanceof RemoteFileError && err.code === 'ENOENT') return null;
      throw err;
    }
  }

  async writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    await untilTempKept(() => this.writeOnce(path, buf, opts)).catch((err: unknown) => this.explained(err, path));
  }

  /** `err`, told more precisely when it is SFTP's bare "Failure" and the file system says why. */
  private async explained(err: unknown, path: string): Promise<never> {
    if (!(err instanceof RemoteFileError) || err.code !== 'EFAILURE') throw err;
    const dir = dirname(path);
    const fs = await this.sftpCall<FsSpace>('statvfs', dir, (s, cb) => s.ext_openssh_statvfs(dir, cb)).catch(
      () => undefined,
    );
    const cause = failureCause(fs);
    throw cause ? new RemoteFileError(this.host, err.op, err.path, cause.code, `failed: ${cause.reason}`) : err;
  }

  private async writeOnce(path: string, buf: Buffer, opts: WriteOptions): Promise<void> {
    // The old file's mode and owner are asked for together with the temp file's open.
    const attrs = this.stat(path).then((existing) => {
      if (existing?.type === 'directory')
        throw new RemoteFileError(this.host, 'write', path, 'EFAILURE', 'is a directory');
      return {
        mode: opts.mode ?? existing?.mode ?? 0o644,
        uid: opts.uid ?? existing?.uid,
        gid: opts.gid ?? existing?.gid,
      };
    });
    attrs.catch(() => undefined); // awaited in writeNew; this only keeps an early exit from leaving it unhandled
    const tmp = tempPathFor(path);
    const step = <T>(
      call: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, v?: T) => void) => void,
    ): Promise<T> => this.sftpCall<T>('write', path, call);
    // Temps an earlier, cut write of this file left (this connection's own writes in flight excepted),
    // removed alongside this write: their names never clash with its own temp. This write's own
    // complete temp tells the host's clock to judge an idle temp by: its stat is one request, sent
    // before the rename (a directory listing takes several round trips and would see it renamed).
    let sweep: Promise<unknown> = Promise.resolve();
    const listStale = () => {
      const now = step<Stats>((s, cb) => s.stat(tmp, cb)).then(
        (st) => st.mtime,
        () => undefined,
      );
      const idle = (es: FileEntry[], t: number) =>
        es.filter((e) => isIdleTemp(e.attrs.mtime, t)).map((e) => e.filename);
      sweep = now
        .then((t) =>
          t === undefined
            ? []
            : step<FileEntry[]>((s, cb) => s.readdir(dirname(path), cb)).then((es) =>
                staleTemps(idle(es, t), path, this.writing),
              ),
        )
        .catch(() => [] as string[])
        .then((stale) => Promise.all(stale.map((t) => step((s, cb) => s.unlink(t, cb)).catch(() => undefined))));
    };

    this.writing.add(tmp);
    try {
      const sftp = await this.sftp();
      await writeNew((fn) => this.sftpRequest('write', path, sftp, fn), tmp, buf, attrs);
      listStale(); // sent before the rename, so the listing holds this write's temp
      await step((s, cb) => {
        try {
          s.ext_openssh_rename(tmp, path, cb);
        } catch (err) {
          cb(
            new Error(
              `the server lacks posix-rename@openssh.com, so files cannot be replaced atomically (${(err as Error).message})`,
            ),
          );
        }
      });
    } catch (err) {
      await step((s, cb) => s.unlink(tmp, cb)).catch(() => undefined);
      throw err;
    } finally {
      await sweep;
      this.writing.delete(tmp);
    }
  }

  async mkdir(path: string, mode: number): Promise<void> {
    await madeOrThere(
      this.sftpCall('mkdir', path, (s, cb) => s.mkdir(path, { mode }, cb)),
      () => this.stat(path),
    ).catch((err: unknown) => this.explained(err, path));
    // The server's umask applied to the mode above; callers ask for an exact mode.
    await this.chmod(path, mode);
  }

  async chmod(path: string, mode: number): Promise<void> {
    await this.sftpCall('chmod', path, (s, cb) => s.chmod(path, mode, cb));
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    await this.sftpCall('chown', path, (s, cb) => s.chown(path, uid, gid, cb));
  }

  async unlink(path: string): Promise<void> {
    try {
      await this.sftpCall('unlink', path, (s, cb) => s.unlink(path, cb));
    } catch (err) {
      // SFTP's unlink cannot remove a directory; the interface promises empty ones go too.
      if (err instanceof RemoteFileError && err.code !== 'ENOENT' && (await this.lstat(path))?.type === 'directory') {
        return this.rmdir(path);
      }
      throw err;
    }
  }

  async rmdir(path: string): Promise<void> {
    await this.sftpCall('rmdir', path, (s, cb) => s.rmdir(path, cb));
  }

  close(): Promise<void> {
    if (this.closedReason === undefined) {
      this.markClosed('closed by runbook');
      this.client.end();
    }
    return this.closed;
  }
}

function toFileStat(s: Stats): FileStat {
  const format = s.mode & 0o170000;
  const type =
    format === 0o100000 ? 'file' : format === 0o040000 ? 'directory' : format === 0o120000 ? 'symlink' : 'other';
  return { type, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size, mtimeMs: s.mtime * 1000 };
}
