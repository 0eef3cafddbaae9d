// Running kubectl on a host: one argv, every word quoted, never a shell
// pipeline; a hard time limit so a stuck API server cannot hold a task forever;
// and, with `patience`, riding through an API server that is away for a while
// (a kubeadm control plane's API runs as static pods on the node's container
// runtime, so it goes away while that node switches runtimes).
import { setTimeout as sleep } from 'node:timers/promises';
import { shellJoin } from '../quote.js';
import { CommandTimeoutError, type Connection, type ExecResult } from '../transport/connection.js';

/** Which cluster kubectl talks to. */
export interface KubectlTarget {
  /** Path of a kubeconfig on the host; kubectl's default ($KUBECONFIG, ~/.kube/config) otherwise. */
  kubeconfig?: string;
  context?: string;
  /** Set: an unreachable API server is retried until `patience.until`. */
  patience?: ApiPatience;
}

export interface ApiPatience {
  /** Epoch ms: past it, an unreachable API server fails the step. */
  until: number;
  /** How long the API server was seen unreachable so far (ms), for the result. */
  unreachableMs: number;
  /** The task's signal: a timed-out task stops waiting at once. */
  signal?: AbortSignal;
}

/** Pause between tries while the API server is unreachable. */
export const RETRY_MS = 2000;

/**
 * kubectl's words for "the API server did not answer" (it exits 1 for every
 * error, so its message is the only signal): refused or reset connections,
 * dial and TLS timeouts, an API server still starting (ServiceUnavailable,
 * etcd not ready), a request that timed out.
 */
const UNREACHABLE = [
  /The connection to the server .* was refused/,
  /Unable to connect to the server/,
  /connection refused|connection reset by peer|no route to host|i\/o timeout|TLS handshake timeout/,
  /Client\.Timeout exceeded|context deadline exceeded|http2: client connection lost|unexpected EOF/,
  /Error from server \((ServiceUnavailable|Timeout|InternalError)\)|etcdserver: (request timed out|leader changed)/,
];

export function apiUnreachable(stderr: string): boolean {
  return UNREACHABLE.some((re) => re.test(stderr));
}

/** How long a read may take before kubectl itself gives up (kubectl's --request-timeout). */
export const READ_TIMEOUT_S = 30;

/** The command line: global options first, then `args`, all quoted. */
export function kubectlLine(target: KubectlTarget, args: readonly string[]): string {
  const global = [
    ...(target.kubeconfig ? [`--kubeconfig=${target.kubeconfig}`] : []),
    ...(target.context ? [`--context=${target.context}`] : []),
  ];
  return shellJoin(['kubectl', ...global, ...args]);
}

export class KubectlError extends Error {
  constructor(
    message: string,
    readonly result: ExecResult,
  ) {
    super(message);
    this.name = 'KubectlError';
  }
}

/**
 * Runs kubectl; rejects with CommandTimeoutError after `hardLimitS` seconds
 * (with `target.patience`: tries again, and a KubectlError once it runs out).
 * coreutils `timeout` ends kubectl on the host even if the link to the
 * controller drops (a drain must not go on evicting pods after the task
 * failed); the channel's own limit, which kills the command's session on the
 * host, is the backstop, and the task's `timeout:` stops it the same way.
 * A missing kubectl (rc 127) becomes a KubectlError.
 */
export async function runKubectl(
  conn: Connection,
  target: KubectlTarget,
  args: readonly string[],
  hardLimitS: number,
): Promise<ExecResult> {
  for (;;) {
    const started = Date.now();
    let r: ExecResult | undefined;
    let timeout: CommandTimeoutError | undefined;
    try {
      r = await runKubectlOnce(conn, target, args, hardLimitS);
    } catch (e) {
      if (!(e instanceof CommandTimeoutError)) throw e;
      timeout = e;
    }
    const p = target.patience;
    const away = timeout !== undefined || (r!.rc !== 0 && apiUnreachable(r!.stderr));
    if (!p || !away) {
      if (timeout) throw timeout;
      return r!;
    }
    const why = timeout ? `kubectl got no answer within ${hardLimitS} s` : lastLines(r!.stderr, 1);
    const left = p.until - Date.now();
    if (left <= 0) {
      p.unreachableMs += Date.now() - started;
      throw new KubectlError(
        `the API server did not answer for ${Math.round(p.unreachableMs / 1000)} s, until this step's deadline: ${why}`,
        r ?? { rc: 124, stdout: '', stderr: why },
      );
    }
    await sleep(Math.min(RETRY_MS, left), undefined, { signal: p.signal });
    p.unreachableMs += Date.now() - started;
  }
}

async function runKubectlOnce(
  conn: Connection,
  target: KubectlTarget,
  args: readonly string[],
  hardLimitS: number,
): Promise<ExecResult> {
  const line = `${shellJoin(['timeout', '--kill-after=5', String(hardLimitS)])} ${kubectlLine(target, args)}`;
  const r = await conn.exec(line, { timeoutMs: (hardLimitS + 10) * 1000 });
  if (r.rc === 124 || r.rc === 137) throw new CommandTimeoutError(conn.host, line, hardLimitS * 1000);
  if (r.rc === 127)
    throw new KubectlError(
      `kubectl (or coreutils timeout) is not installed on ${conn.host}: ${lastLines(r.stderr, 1)}`,
      r,
    );
  return r;
}

/** A read (`get … -o json`): parsed JSON, or null when the object does not exist. */
export async function kubectlGetJson(
  conn: Connection,
  target: KubectlTarget,
  args: readonly string[],
): Promise<unknown> {
  // Options before `args`, which may end with `--` and a name.
  const r = await runKubectl(
    conn,
    target,
    ['get', '--output=json', `--request-timeout=${READ_TIMEOUT_S}s`, ...args],
    READ_TIMEOUT_S * 2,
  );
  if (r.rc !== 0) {
    if (/\(NotFound\)/.test(r.stderr)) return null;
    throw new KubectlError(`kubectl get ${args.join(' ')} failed: ${lastLines(r.stderr || r.stdout)}`, r);
  }
  try {
    return JSON.parse(r.stdout) as unknown;
  } catch {
    throw new KubectlError(`kubectl get ${args.join(' ')} did not print JSON: ${lastLines(r.stdout)}`, r);
  }
}

/** The end of kubectl's output, which is where it says what went wrong. */
export function lastLines(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
