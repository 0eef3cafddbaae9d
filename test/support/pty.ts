// Runs the real CLI on a pseudo-terminal (util-linux `script`), so the live
// view is drawn as an operator sees it. Tests wait on conditions (text on the
// screen, the process ending), each with a deadline: at the deadline the child
// is killed and the test fails with what was on the screen, so a hang fails a
// test instead of hanging the suite.
import { spawn, type ChildProcess } from 'node:child_process';
import { quote } from 'shell-quote';
import { cliMain } from './cli-bin.js';

const main = cliMain();

/**
 * For a whole run, from spawn to exit (every wait of a run shares it). Only a
 * hang may reach it: at load 40+ on two cores one CLI run on a pty, or three
 * side by side, took over a minute, which failed at the former 60 s.
 */
export const PTY_DEADLINE_MS = 300_000;

export interface PtyOptions {
  /** Extra environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  deadlineMs?: number;
  /** The terminal's width (default 120); 0 is what `script` gives when started outside a terminal. */
  cols?: number;
}

export interface PtyRun {
  /** Everything written to the terminal so far, escapes included. */
  readonly raw: string;
  /** Resolves once the screen matches; fails if the process ends first or at the deadline. */
  waitFor(what: string | RegExp): Promise<void>;
  /** The exit code (script -e passes on the program's); fails at the deadline. */
  exit(): Promise<number | null>;
  /** Types on the terminal's keyboard (e.g. "\x03" for Ctrl-C). */
  type(keys: string): void;
  /** Kills the run if it is still going (for afterEach). */
  stop(): void;
}

/** The screen's text without escapes, last lines only: for failure messages. */
export function visible(raw: string, lines = 30): string {
  const text = raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  return text.split('\n').slice(-lines).join('\n');
}

export function runbookInPty(args: string[], o: PtyOptions = {}): PtyRun {
  const deadline = Date.now() + (o.deadlineMs ?? PTY_DEADLINE_MS);
  // A fixed size: a pty made by script from a pipe has none, and listr wraps to it.
  const command = `stty cols ${o.cols ?? 120} rows 40 && exec ${quote([process.execPath, main, ...args])}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    TERM: 'xterm-256color',
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    ...o.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  let raw = '';
  let code: number | null | undefined;
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    changed();
  });
  child.stderr?.on('data', (d: Buffer) => {
    raw += d.toString('utf8');
    changed();
  });
  child.on('close', (c) => {
    code = c;
    changed();
  });

  const stop = () => {
    if (code === undefined) child.kill('SIGKILL');
  };

  // Settles when check() returns a value (or throws); at the deadline kills the child and fails.
  const until = <T>(what: string, check: () => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        listeners.delete(poll);
        fn();
      };
      const poll = () => {
        try {
          const v = check();
          if (v !== undefined) done(() => resolve(v));
        } catch (err) {
          done(() => reject(err));
        }
      };
      const timer = setTimeout(
        () => {
          stop();
          done(() =>
            reject(
              new Error(
                `no ${what} within ${o.deadlineMs ?? PTY_DEADLINE_MS} ms (killed); the screen:\n${visible(raw)}`,
              ),
            ),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
      listeners.add(poll);
      poll();
    });

  return {
    get raw() {
      return raw;
    },
    waitFor: (what) =>
      until(`"${String(what)}" on the screen`, () => {
        if (typeof what === 'string' ? raw.includes(what) : what.test(raw)) return true;
        if (code !== undefined)
          throw new Error(
            `the program ended (exit ${code}) before "${String(what)}" showed; the screen:\n${visible(raw)}`,
          );
        return undefined;
      }).then(() => undefined),
    exit: () => until('exit', () => (code === undefined ? undefined : { code })).then((r) => r.code),
    type: (keys) => void child.stdin?.write(keys),
    stop,
  };
}
