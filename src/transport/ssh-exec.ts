// One command on an exec channel: its output and exit status, and how it is
// stopped. Closing a channel does not end the remote process, and OpenSSH
// ignores "signal" requests on these sessions, so a command that may be
// stopped (a signal or timeoutMs) first prints its shell's pid. sshd made that
// shell a session leader, so the pid is the session id of everything the
// command starts, and stopping it is a second command that signals the session.
import { constants as osConstants } from 'node:os';
import type { ClientChannel } from 'ssh2';
import { abortReason, CommandTimeoutError, type ExecOptions, type ExecResult } from './connection.js';

/** Seconds a stopped command has after SIGTERM (to run its traps) before SIGKILL. */
export const KILL_GRACE_S = 3;

/**
 * Seconds the stop command (killSessionScript) may take in all; past them (a
 * frozen host, a dead link) the command is reported as possibly still running
 * there, and the run goes on ending instead of waiting for the host.
 */
export const KILL_REACH_S = KILL_GRACE_S + 2;

export function isStoppable(opts: ExecOptions): boolean {
  return opts.signal !== undefined || opts.timeoutMs !== undefined;
}

/** The line sent for a stoppable command: the session id comes first, on its own line of stdout. */
export function stoppableCommand(command: string): string {
  return `echo "$$"; ${command}`;
}

/**
 * Stops session `sid`: SIGTERM, then SIGKILL for what is left after the grace.
 * pkill -s reaches the whole session (coreutils `timeout` moves to its own
 * process group); without procps, the leader's process group is what we reach.
 * It runs with the rights of the command's user (ExecOptions.stopWith).
 */
export function killSessionScript(sid: number): string {
  return [
    `s=${sid}`,
    'sig() { pkill -"$1" -s "$s" 2>/dev/null || kill -"$1" -- -"$s" 2>/dev/null; }',
    'alive() { if command -v pgrep >/dev/null 2>&1; then pgrep -s "$s" >/dev/null; else kill -0 -- -"$s" 2>/dev/null; fi; }',
    'sig TERM',
    `n=0; while alive && [ $n -lt ${KILL_GRACE_S * 10} ]; do sleep 0.1; n=$((n+1)); done`,
    'if alive; then sig KILL; fi',
    'exit 0',
  ].join('\n');
}

export interface ChannelRun {
  host: string;
  /** As the caller gave it, for messages. */
  command: string;
  opts: ExecOptions;
  /** Runs killSessionScript(sid) on a new channel. */
  kill(sid: number): Promise<unknown>;
  /** Why a channel closed without an exit status (e.g. the link is gone). */
  noStatus(): Error;
}

export function collect(
  stream: ClientChannel,
  run: ChannelRun,
  resolve: (r: ExecResult) => void,
  reject: (e: Error) => void,
): void {
  const { opts } = run;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let code: number | null | undefined;
  let signal: string | undefined;
  // Stoppable commands: stdout up to the end of the pid line, then the session id.
  let head: Buffer | undefined = isStoppable(opts) ? Buffer.alloc(0) : undefined;
  let sid: number | undefined;
  let stopping: Error | undefined;
  let closed = false;
  let deadline: NodeJS.Timeout | undefined;
  let noPid: NodeJS.Timeout | undefined;

  const stop = async (): Promise<void> => {
    // Close first: the kill needs a channel, and this one may hold the server's last.
    stream.close();
    const unreached = await reachKill(run.kill(sid!));
    reject(unreached === undefined ? stopping! : notStopped(run.host, stopping!, unreached));
  };
  const onStop = (why: Error): void => {
    if (stopping !== undefined || closed) return;
    stopping = why;
    if (sid !== undefined) return void stop();
    // The pid line is the first thing the command does; a server that never sends it is given up on.
    noPid = setTimeout(() => stream.close(), KILL_GRACE_S * 1000);
  };
  const onAbort = (): void => onStop(abortReason(opts.signal!));

  stream.on('data', (d: Buffer) => {
    if (head === undefined) return void stdout.push(d);
    head = Buffer.concat([head, d]);
    const nl = head.indexOf(10);
    if (nl < 0) return;
    const line = head.subarray(0, nl).toString('latin1');
    stdout.push(head.subarray(nl + 1));
    head = undefined;
    if (/^\d+$/.test(line)) sid = Number(line);
    if (stopping !== undefined && sid !== undefined) {
      clearTimeout(noPid);
      void stop();
    }
  });
  stream.stderr.on('data', (d: Buffer) => stderr.push(d));
  stream.on('exit', (c: number | null, sig?: string) => {
    code = c;
    signal = sig ?? undefined;
  });
  stream.once('close', () => {
    closed = true;
    clearTimeout(deadline);
    clearTimeout(noPid);
    opts.signal?.removeEventListener('abort', onAbort);
    if (stopping !== undefined) {
      // With a session id, stop() rejects once the kill is done.
      if (sid === undefined) reject(stopping);
      return;
    }
    if (code === undefined) return reject(run.noStatus());
    if (head !== undefined) stdout.unshift(head);
    const out = Buffer.concat(stdout).toString('utf8');
    const err = Buffer.concat(stderr).toString('utf8');
    if (signal === undefined && code !== null) return resolve({ rc: code, stdout: out, stderr: err });
    const sig = signal ?? 'SIGUNKNOWN';
    const num = (osConstants.signals as Record<string, number | undefined>)[sig];
    resolve({ rc: num === undefined ? 255 : 128 + num, stdout: out, stderr: err, signal: sig });
  });

  if (opts.timeoutMs !== undefined) {
    const ms = opts.timeoutMs;
    deadline = setTimeout(() => onStop(new CommandTimeoutError(run.host, run.command, ms)), ms);
  }
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  stream.end(opts.stdin);
}

/** undefined once the stop command has run, else why it could not reach the host in KILL_REACH_S. */
export async function reachKill(kill: Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>(
    (resolve) => (timer = setTimeout(() => resolve(`no answer in ${KILL_REACH_S} s`), KILL_REACH_S * 1000)),
  );
  try {
    return await Promise.race([
      kill.then(
        () => undefined,
        (err: unknown) => (err as Error).message,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The stop's own reason, and that the command may still run on `host`. */
export function notStopped(host: string, why: Error, unreached: string): Error {
  return new Error(
    `${why.message}; but ${host} could not be reached to stop the command (${unreached}): it may still be running there`,
  );
}
