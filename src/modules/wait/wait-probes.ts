// The things wait_for can wait for, each a goal (for messages) and one check.
import { shellJoin } from '../../quote.js';
import { CommandTimeoutError, type Connection } from '../../transport/connection.js';
import type { WaitArgs } from './wait-args.js';

export interface CheckResult {
  done: boolean;
  /** Waiting longer cannot help (the command ran out of time, a tool is missing). */
  final?: boolean;
  /** The deadline stopped this check before it could tell anything. */
  cutShort?: boolean;
  detail?: string;
  /** What a search_regex matched: Ansible's match_groups and match_groupdict. */
  found?: Record<string, unknown>;
}

export interface Probe {
  /** What is awaited, e.g. `path "/run/x.sock" to exist`. */
  goal: string;
  check(remainingMs: number): Promise<CheckResult>;
}

/** The probe for the arguments, or why they do not fit together. */
export function probeFor(args: WaitArgs, conn: Connection): Probe | string {
  const { state } = args;
  const things = (['path', 'port', 'command'] as const).filter((k) => args[k] !== undefined);
  if (things.length > 1) return `wait for one thing: ${things.join(' and ')} given`;
  if (args.search_regex !== undefined && args.path === undefined) return 'search_regex is only used with path';
  if (args.host !== undefined && args.port === undefined) return 'host is only used with port';
  if (args.path !== undefined) {
    if (state !== undefined && state !== 'present' && state !== 'absent')
      return `state for path is present or absent, not ${state}`;
    const path = args.path;
    const gone = state === 'absent';
    if (args.search_regex !== undefined && !gone) return regexProbe(conn, path, args.search_regex);
    return {
      goal: `path ${JSON.stringify(path)} to ${gone ? 'be absent' : 'exist'} on ${conn.host}`,
      check: async () => ({ done: ((await conn.stat(path)) === null) === gone }),
    };
  }
  if (args.port !== undefined) {
    if (state !== undefined && state !== 'started' && state !== 'stopped')
      return `state for port is started or stopped, not ${state}`;
    return portProbe(conn, args.host ?? '127.0.0.1', args.port, state !== 'stopped');
  }
  if (state !== undefined) return 'state is not used with command';
  return commandProbe(conn, args.command ?? []);
}

// bash's /dev/tcp (nc when bash is missing), bounded by `timeout` so that a
// filtered port cannot hold one check for minutes.
function portProbe(conn: Connection, host: string, port: number, open: boolean): Probe {
  return {
    goal: `port ${port} on ${host} to ${open ? 'accept connections' : 'be closed'} (seen from ${conn.host})`,
    async check(remainingMs) {
      const limit = String(Math.max(1, Math.min(5, Math.ceil(remainingMs / 1000))));
      const bash = shellJoin([
        'timeout',
        limit,
        'bash',
        '-c',
        'exec 3<>"/dev/tcp/$1/$2"',
        'wait_for',
        host,
        String(port),
      ]);
      const nc = shellJoin(['nc', '-z', '-w', limit, host, String(port)]);
      const r = await conn.exec(`if command -v bash >/dev/null 2>&1; then ${bash}; else ${nc}; fi`);
      if (r.rc === 127)
        return { done: false, final: true, detail: `cannot test ports on ${conn.host}: ${r.stderr.trim()}` };
      const isOpen = r.rc === 0;
      return {
        done: isOpen === open,
        detail: isOpen ? 'open' : r.rc === 124 ? 'no answer' : r.stderr.trim().split('\n').pop() || 'closed',
      };
    },
  };
}

function commandProbe(conn: Connection, argv: string[]): Probe {
  const line = shellJoin(argv);
  return {
    goal: `command ${line} to succeed on ${conn.host}`,
    async check(remainingMs) {
      try {
        const r = await conn.exec(line, { timeoutMs: remainingMs });
        const out = (r.stderr.trim() || r.stdout.trim()).split('\n').pop();
        return { done: r.rc === 0, detail: `exit code ${r.rc}${out ? `: ${out}` : ''}` };
      } catch (err) {
        // The deadline stops the command on the host (exec kills it), not only the wait.
        if (err instanceof CommandTimeoutError)
          return { done: false, final: true, cutShort: true, detail: 'the command was still running' };
        throw err;
      }
    },
  };
}

/** A file's text matching a Python regular expression (named groups as (?P<name>…)), searched in multiline mode. */
function regexProbe(conn: Connection, path: string, pattern: string): Probe | string {
  let re: RegExp;
  try {
    re = new RegExp(pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>'), 'm');
  } catch (err) {
    return `search_regex ${JSON.stringify(pattern)} is not a regular expression: ${(err as Error).message}`;
  }
  return {
    goal: `${JSON.stringify(pattern)} in ${JSON.stringify(path)} on ${conn.host}`,
    async check() {
      const text = await conn.readFile(path);
      const m = text === null ? null : re.exec(text.toString('utf8'));
      if (!m) return { done: false, detail: text === null ? 'no such file' : 'no match' };
      const groups = m.slice(1).map((g) => g ?? null);
      return { done: true, found: { match_groups: groups, match_groupdict: { ...(m.groups ?? {}) } } };
    },
  };
}
