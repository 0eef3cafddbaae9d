// The controller itself as a host (`ansible_connection: local`, and the
// implicit `localhost`): commands through /bin/sh, files through node's fs,
// with the same contract as the SSH connection (atomic writes, null for a
// missing path, stopped commands leave nothing running).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';
import {
  abortReason,
  CommandTimeoutError,
  RemoteFileError,
  type Connection,
  type ExecOptions,
  type ExecResult,
  type FileStat,
  type WriteOptions,
} from './connection.js';
import { killSessionScript } from './ssh-exec.js';
import { isIdleTemp, madeOrThere, staleTemps, tempPathFor, untilTempKept } from './stale-temps.js';

export function connectLocal(host: string): Connection {
  return new LocalConnection(host);
}

class LocalConnection implements Connection {
  /** Temp files of writes under way on this connection: not stale. */
  private readonly writing = new Set<string>();

  constructor(readonly host: string) {}

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      // detached: the shell leads its own session, so stopping it reaches all it started.
      const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let stopped: Error | undefined;
      const stop = (why: Error): void => {
        if (stopped || child.pid === undefined) return;
        stopped = why;
        const script = killSessionScript(child.pid);
        void (opts.stopWith ? opts.stopWith(script) : runQuietly(script));
      };
      const timer =
        opts.timeoutMs === undefined
          ? undefined
          : setTimeout(
              () => stop(new CommandTimeoutError(this.host, command, opts.timeoutMs as number)),
              opts.timeoutMs,
            );
      const onAbort = (): void => stop(abortReason(opts.signal as AbortSignal));
      if (opts.signal?.aborted) onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.stdin.on('error', () => undefined); // a command that does not read its stdin
      child.stdin.end(opts.stdin ?? '');
      child.on('error', (e) => reject(new RemoteFileError(this.host, 'exec', '/bin/sh', 'EFAILURE', e.message)));
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (stopped) return reject(stopped);
        resolve({
          rc: code ?? 128,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          signal: signal ?? undefined,
        });
      });
    });
  }

  async stat(path: string): Promise<FileStat | null> {
    return this.statWith('stat', path, fs.stat);
  }

  async lstat(path: string): Promise<FileStat | null> {
    return this.statWith('lstat', path, fs.lstat);
  }

  async readFile(path: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(path);
    } catch (e) {
      if (missing(e)) return null;
      throw this.fileError('read', path, e);
    }
  }

  async writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    await untilTempKept(() => this.writeOnce(path, data, opts));
  }

  private async writeOnce(path: string, data: Buffer | string, opts: WriteOptions): Promise<void> {
    const existing = await this.stat(path);
    if (existing?.type === 'directory')
      throw new RemoteFileError(this.host, 'write', path, 'EFAILURE', 'is a directory');
    const mode = opts.mode ?? existing?.mode ?? 0o644;
    const tmp = tempPathFor(path);
    this.writing.add(tmp);
    try {
      // A controller killed mid-write (SIGKILL) left a temp of this target: it goes now, as over SSH.
      const names = await fs.readdir(dirname(path)).catch(() => []);
      const idle = async (t: string) =>
        isIdleTemp(((await fs.stat(t).catch(() => undefined))?.mtimeMs ?? Infinity) / 1000, Date.now() / 1000);
      await Promise.all(
        staleTemps(names, path, this.writing).map(
          async (stale) => (await idle(stale)) && fs.unlink(stale).catch(() => undefined),
        ),
      );
      await fs.writeFile(tmp, data, { mode: 0o600, flag: 'wx' });
      const uid = opts.uid ?? existing?.uid;
      const gid = opts.gid ?? existing?.gid;
      // Owner before mode: chown clears setuid/setgid bits.
      if (uid !== undefined || gid !== undefined) await fs.chown(tmp, uid ?? -1, gid ?? -1);
      await fs.chmod(tmp, mode);
      await fs.rename(tmp, path);
    } catch (e) {
      await fs.unlink(tmp).catch(() => undefined);
      throw this.fileError('write', path, e);
    } finally {
      this.writing.delete(tmp);
    }
  }

  async mkdir(path: string, mode: number): Promise<void> {
    await madeOrThere(
      this.call('mkdir', path, () => fs.mkdir(path, { mode })),
      () => this.stat(path),
    );
    // The umask applied to the mode above; callers ask for an exact mode.
    await this.chmod(path, mode);
  }

  chmod(path: string, mode: number): Promise<void> {
    return this.call('chmod', path, () => fs.chmod(path, mode));
  }

  chown(path: string, uid: number, gid: number): Promise<void> {
    return this.call('chown', path, () => fs.chown(path, uid, gid));
  }

  unlink(path: string): Promise<void> {
    return this.call('unlink', path, () => fs.unlink(path));
  }

  rmdir(path: string): Promise<void> {
    return this.call('rmdir', path, () => fs.rmdir(path));
  }

  async close(): Promise<void> {
    // Nothing to release: local calls hold no connection.
  }

  private async statWith(op: string, path: string, fn: (p: string) => Promise<Stats>): Promise<FileStat | null> {
    try {
      const st = await fn(path);
      const type = st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : 'other';
      return { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      if (missing(e)) return null;
      throw this.fileError(op, path, e);
    }
  }

  private async call(op: string, path: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      throw this.fileError(op, path, e);
    }
  }

  private fileError(op: string, path: string, e: unknown): RemoteFileError {
    const code = (e as NodeJS.ErrnoException).code;
    const known = code === 'ENOENT' || code === 'EACCES' || code === 'EROFS' || code === 'ENOSPC' ? code : 'EFAILURE';
    return new RemoteFileError(this.host, op, path, known, (e as Error).message);
  }
}

function missing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function runQuietly(script: string): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn('/bin/sh', ['-c', script], { stdio: 'ignore' });
    p.on('close', () => resolve());
    p.on('error', () => resolve());
  });
}
