// Running kubectl on a host: one argv, every word quoted, never a shell
// pipeline; a hard time limit on the channel so a stuck API server cannot
// hold a task forever.
import { shellJoin } from '../quote.js';
import type { Connection, ExecResult } from '../transport/connection.js';

/** Which cluster kubectl talks to. */
export interface KubectlTarget {
  /** Path of a kubeconfig on the host; kubectl's default ($KUBECONFIG, ~/.kube/config) otherwise. */
  kubeconfig?: string;
  context?: string;
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
 * Runs kubectl; rejects with CommandTimeoutError after `hardLimitS` seconds.
 * A missing kubectl (rc 127) becomes a KubectlError that says so.
 */
export async function runKubectl(conn: Connection, target: KubectlTarget, args: readonly string[], hardLimitS: number): Promise<ExecResult> {
  const r = await conn.exec(kubectlLine(target, args), { timeoutMs: hardLimitS * 1000 });
  if (r.rc === 127) throw new KubectlError(`kubectl is not installed (or not on PATH) on ${conn.host}`, r);
  return r;
}

/** A read (`get … -o json`): parsed JSON, or null when the object does not exist. */
export async function kubectlGetJson(conn: Connection, target: KubectlTarget, args: readonly string[]): Promise<unknown> {
  // Options before `args`, which may end with `--` and a name.
  const r = await runKubectl(conn, target, ['get', '--output=json', `--request-timeout=${READ_TIMEOUT_S}s`, ...args], READ_TIMEOUT_S * 2);
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
