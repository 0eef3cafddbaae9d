// A task's `timeout:` as a decorator: every command run through the
// connection carries the task's signal, so when the time is up the commands
// are stopped on the host, not only abandoned. File operations are short and
// cannot be stopped halfway, but none starts once the signal has aborted.
import {
  abortReason,
  type Connection,
  type ExecOptions,
  type ExecResult,
  type FileStat,
  type ReadOptions,
  type WriteOptions,
} from './connection.js';
import { DelegatingConnection } from './delegating.js';

class AbortingConnection extends DelegatingConnection {
  constructor(
    inner: Connection,
    private readonly signal: AbortSignal,
  ) {
    super(inner);
  }

  override exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const signal = opts.signal ? AbortSignal.any([this.signal, opts.signal]) : this.signal;
    return this.inner.exec(command, { ...opts, signal });
  }

  private unlessAborted<T>(op: () => Promise<T>): Promise<T> {
    return this.signal.aborted ? Promise.reject(abortReason(this.signal)) : op();
  }

  override stat(path: string): Promise<FileStat | null> {
    return this.unlessAborted(() => this.inner.stat(path));
  }
  override lstat(path: string): Promise<FileStat | null> {
    return this.unlessAborted(() => this.inner.lstat(path));
  }
  override readFile(path: string, opts?: ReadOptions): Promise<Buffer | null> {
    return this.unlessAborted(() => this.inner.readFile(path, opts));
  }
  override writeFile(path: string, data: Buffer | string, opts?: WriteOptions): Promise<void> {
    return this.unlessAborted(() => this.inner.writeFile(path, data, opts));
  }
  override mkdir(path: string, mode: number): Promise<void> {
    return this.unlessAborted(() => this.inner.mkdir(path, mode));
  }
  override chmod(path: string, mode: number): Promise<void> {
    return this.unlessAborted(() => this.inner.chmod(path, mode));
  }
  override chown(path: string, uid: number, gid: number): Promise<void> {
    return this.unlessAborted(() => this.inner.chown(path, uid, gid));
  }
  override unlink(path: string): Promise<void> {
    return this.unlessAborted(() => this.inner.unlink(path));
  }
  override rmdir(path: string): Promise<void> {
    return this.unlessAborted(() => this.inner.rmdir(path));
  }
}

/** `conn` with every command stopped, and no new operation started, once `signal` aborts. */
export function withAbortSignal(conn: Connection, signal: AbortSignal): Connection {
  return new AbortingConnection(conn, signal);
}
