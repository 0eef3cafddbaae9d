// The only door from runbook to a host. Modules and facts see this interface, never ssh2.

export interface ExecOptions {
  /** Written to the command's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /** Stops the command (as `signal` does) and rejects with a CommandTimeoutError after this many ms. */
  timeoutMs?: number;
  /**
   * When it aborts, the command is stopped on the host (SIGTERM to everything it
   * started, SIGKILL after a grace) and exec rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * Runs the command that stops this one. Decorators that change who runs
   * commands set it (become: through sudo, or the login user could not signal
   * what sudo started); by default it runs as the login user.
   */
  stopWith?: (command: string) => Promise<unknown>;
}

export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** Set when the remote process died from a signal. */
  signal?: string;
}

export interface FileStat {
  type: 'file' | 'directory' | 'symlink' | 'other';
  /** Permission bits only (e.g. 0o644). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
}

export interface WriteOptions {
  /** Permission bits; when absent an existing file keeps its mode, a new file gets 0o644. */
  mode?: number;
  /** Owner; when absent an existing file keeps its owner. */
  uid?: number;
  gid?: number;
}

export interface ReadOptions {
  /**
   * The size a stat of this regular file just gave, when the caller has one: a
   * transport that would ask the size again to know when it has read all may use
   * it instead. A hint only: the content read is the file's as it is.
   */
  statSize?: number;
}

export interface Connection {
  /** Inventory name of the host this connection reaches. */
  readonly host: string;
  /** Runs a shell command line (callers quote arguments with the shell quoting helpers). */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** stat(2), following symlinks; null when the path does not exist. */
  stat(path: string): Promise<FileStat | null>;
  /** lstat(2); null when the path does not exist. */
  lstat(path: string): Promise<FileStat | null>;
  /** Whole file content; null when the path does not exist. */
  readFile(path: string, opts?: ReadOptions): Promise<Buffer | null>;
  /**
   * Atomic replace: writes a temp file in the same directory, sets mode and owner,
   * then renames it over `path`. Readers see the old or the new file, never a part.
   */
  writeFile(path: string, data: Buffer | string, opts?: WriteOptions): Promise<void>;
  /**
   * mkdir(2) of one level, with exactly `mode`. A directory already there is
   * success (another connection to the host may make it at the same moment);
   * anything else there, or a missing parent, fails.
   */
  mkdir(path: string, mode: number): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  chown(path: string, uid: number, gid: number): Promise<void>;
  /** Removes a file or an empty directory. */
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The host cannot be reached or the link broke: the engine reports the host as
 * unreachable (not failed) and goes on with the others.
 */
export class TransportError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Host key checking, as OpenSSH's StrictHostKeyChecking. */
export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

/** A private key file to offer; a `required` one (named by the inventory or the CLI) must be usable. */
export interface Identity {
  path: string;
  required: boolean;
}

/** How to reach one host, resolved from inventory variables, ssh_config and the CLI. */
export interface ConnectParams {
  host: string;
  address: string;
  port: number;
  user: string;
  /** Tried in order, after the agent's keys. */
  identities: Identity[];
  /** ssh-agent's socket (SSH_AUTH_SOCK); unused when identitiesOnly. */
  agentSocket?: string;
  identitiesOnly?: boolean;
  /** Password login, tried after the keys. */
  password?: string;
  /** The passphrase of an encrypted key file; undefined when none can be had. */
  passphrase?: (keyFile: string) => Promise<string | undefined>;
  knownHostsFile: string;
  hostKeyPolicy: HostKeyPolicy;
  connectTimeoutMs: number;
  /** ServerAliveInterval/CountMax: the link is declared lost after interval × (countMax + 1) of silence. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** The jump host this one is reached through (itself possibly behind another). */
  via?: ConnectParams;
}

export type Connector = (params: ConnectParams) => Promise<Connection>;

/** address:port as people and OpenSSH write it: an IPv6 address in brackets ([::1]:2222). */
export function addressPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** A command ran longer than its timeoutMs: a task failure, not an unreachable host. */
export class CommandTimeoutError extends Error {
  constructor(
    readonly host: string,
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(
      `command timed out after ${timeoutMs} ms on ${host}: ${command.length > 200 ? `${command.slice(0, 200)}…` : command}`,
    );
    this.name = 'CommandTimeoutError';
  }
}

/** What an operation rejects with when `signal` aborted: its reason, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** An SFTP operation failed on a reachable host (missing path, permissions, …). */
export class RemoteFileError extends Error {
  constructor(
    readonly host: string,
    readonly op: string,
    readonly path: string,
    /** Node-style code: ENOENT, EACCES, EROFS, ENOSPC, EUNSUPPORTED, or EFAILURE (SFTP's generic failure, no cause known). */
    readonly code: string,
    reason: string,
  ) {
    super(`${op} ${path} on ${host}: ${reason}`);
    this.name = 'RemoteFileError';
  }
}
