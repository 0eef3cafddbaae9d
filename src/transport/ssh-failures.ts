// Why a connection could not be made or was lost, or a file operation failed, in
// words an operator can act on.
import { addressPort, RemoteFileError, type ConnectParams } from './connection.js';

export function connectFailure(
  p: ConnectParams,
  err: (Error & { level?: string; code?: unknown }) | undefined,
  tried: string[],
): string {
  const target = `${p.user}@${addressPort(p.address, p.port)}`;
  if (!err) return `${addressPort(p.address, p.port)} closed the connection before SSH was ready`;
  switch (err.level) {
    case 'client-timeout':
      return `connecting to ${target} timed out after ${p.connectTimeoutMs} ms`;
    case 'client-authentication':
      return `authentication failed for ${target} (tried: ${tried.join(', ') || 'nothing: no private key file, ssh-agent or password'})`;
    case 'client-dns':
      return `cannot resolve ${p.address}: ${err.message}`;
    case 'client-socket':
      if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
        return `cannot resolve host name ${p.address} (${err.code})`;
      return err.message; // e.g. "connect ECONNREFUSED 127.0.1.9:22"
    default:
      return `${target}: ${err.message}`;
  }
}

/** ssh2 says only "Keepalive timeout". */
export function keepaliveLost(p: ConnectParams): string {
  const silent = (p.keepaliveIntervalMs * (p.keepaliveCountMax + 1)) / 1000;
  return `no answer to keepalives for ${silent} s (ServerAliveInterval ${p.keepaliveIntervalMs / 1000} s, ServerAliveCountMax ${p.keepaliveCountMax})`;
}

/** An SFTP status as the RemoteFileError modules see (codes of draft-ietf-secsh-filexfer-02). */
export function sftpFailure(host: string, op: string, path: string, err: Error & { code?: unknown }): RemoteFileError {
  switch (err.code) {
    case 2:
      return new RemoteFileError(host, op, path, 'ENOENT', 'no such file or directory');
    case 3:
      return new RemoteFileError(host, op, path, 'EACCES', 'permission denied');
    case 8:
      return new RemoteFileError(host, op, path, 'EUNSUPPORTED', `not supported by the SFTP server (${err.message})`);
    default:
      return new RemoteFileError(host, op, path, 'EFAILURE', `failed (SFTP: ${err.message})`);
  }
}

/** What statvfs@openssh.com tells of a file system (the fields used here). */
export interface FsSpace {
  f_flag: number;
  f_bfree: number;
  f_bavail: number;
  f_favail: number;
}

const ST_RDONLY = 1;

/**
 * Why a write or mkdir failed where OpenSSH's sftp-server says only "Failure"
 * (it maps EROFS and ENOSPC to that): what the file system tells, if anything.
 */
export function failureCause(fs: FsSpace | undefined): { code: string; reason: string } | undefined {
  if (!fs) return undefined;
  if (fs.f_flag & ST_RDONLY) return { code: 'EROFS', reason: 'read-only file system' };
  if (fs.f_bavail === 0 || fs.f_bfree === 0) return { code: 'ENOSPC', reason: 'no space left on device' };
  if (fs.f_favail === 0) return { code: 'ENOSPC', reason: 'no inodes left on the file system' };
  return undefined;
}
