// Base for Connection decorators (environment, become): forwards every call to
// the wrapped connection; subclasses override what they change.
import type { Connection, ExecOptions, ExecResult, FileStat, ReadOptions, WriteOptions } from './connection.js';

export class DelegatingConnection implements Connection {
  constructor(protected readonly inner: Connection) {}

  get host(): string {
    return this.inner.host;
  }
  exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    return this.inner.exec(command, opts);
  }
  stat(path: string): Promise<FileStat | null> {
    return this.inner.stat(path);
  }
  lstat(path: string): Promise<FileStat | null> {
    return this.inner.lstat(path);
  }
  readFile(path: string, opts?: ReadOptions): Promise<Buffer | null> {
    return this.inner.readFile(path, opts);
  }
  writeFile(path: string, data: Buffer | string, opts?: WriteOptions): Promise<void> {
    return this.inner.writeFile(path, data, opts);
  }
  mkdir(path: string, mode: number): Promise<void> {
    return this.inner.mkdir(path, mode);
  }
  chmod(path: string, mode: number): Promise<void> {
    return this.inner.chmod(path, mode);
  }
  chown(path: string, uid: number, gid: number): Promise<void> {
    return this.inner.chown(path, uid, gid);
  }
  unlink(path: string): Promise<void> {
    return this.inner.unlink(path);
  }
  rmdir(path: string): Promise<void> {
    return this.inner.rmdir(path);
  }
  /** A decorator does not own the link: closing is the pool's job. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
