// reboot (ansible.builtin.reboot), as Ansible 2.14's reboot action does it on Linux: read
// the boot id (`boot_time_command`), find `shutdown` in `search_paths`, run
// `shutdown -r <pre_reboot_delay // 60> "<msg>"` (or `reboot_command`), sleep
// `post_reboot_delay`, then reconnect until the boot id differs and `test_command`
// succeeds, each within `reboot_timeout`. Result: changed, rebooted, elapsed (seconds).
// Under --check nothing runs and the result is changed, rebooted, elapsed 0, as Ansible.
import { setTimeout as sleep } from 'node:timers/promises';
import { shellJoin, shellQuoteValue } from '../quote.js';
import { TransportError, type Connection } from '../transport/connection.js';
import type { ApplyResult, ArgsOf, ArgsSchema, ModuleContext, ModuleDef } from './contract.js';
import { TimedOut, untilSuccess } from './system/reboot-wait.js';

const seconds = (description: string) => ({ type: 'integer', description }) as const;

const schema = {
  type: 'object',
  properties: {
    msg: { type: 'string', description: 'the message to logged-in users (default "Reboot initiated by Ansible")' },
    pre_reboot_delay: seconds('seconds before the reboot; Linux shutdown takes whole minutes (default 0)'),
    post_reboot_delay: seconds('seconds to wait after the reboot command, before checking (default 0)'),
    reboot_timeout: seconds('seconds to wait for the host to come back, and again for test_command (default 600)'),
    connect_timeout: seconds('accepted for Ansible; runbook uses the connection timeout of the inventory'),
    test_command: { type: 'string', description: 'a command that must succeed once the host is back (default whoami)' },
    boot_time_command: {
      type: 'string',
      description: 'prints an id that changes with every boot (default cat /proc/sys/kernel/random/boot_id)',
    },
    reboot_command: {
      type: 'string',
      description: 'the command (and its arguments) that reboots, instead of shutdown',
    },
    search_paths: {
      type: ['array', 'string'],
      items: { type: 'string' },
      description: 'where to look for shutdown (default /sbin /bin /usr/sbin /usr/bin /usr/local/sbin)',
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const SEARCH_PATHS = ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'];

export const reboot: ModuleDef<Args> = {
  name: 'reboot',
  summary: 'reboot the host and wait until it is back (boot id changed, test_command succeeds)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    if (ctx.vars.ansible_connection === 'local')
      return {
        changes: [],
        failed: 'Running reboot with local connection would reboot the control node.',
        data: { rebooted: false, elapsed: 0 },
      };
    return {
      changes: [
        { summary: `reboot (${args.msg ?? 'Reboot initiated by Ansible'})`, apply: () => rebootAndWait(args, ctx) },
      ],
      data: { rebooted: true, elapsed: 0 },
    };
  },
};

async function rebootAndWait(args: Args, ctx: ModuleContext): Promise<ApplyResult> {
  const bootId = args.boot_time_command || 'cat /proc/sys/kernel/random/boot_id';
  const before = await readBootId(ctx.conn, bootId, ctx.signal);
  if ('failed' in before) return { failed: true, msg: before.failed, data: { rebooted: false } };
  const command = await rebootCommand(args, ctx);
  if ('failed' in command) return { failed: true, msg: command.failed, data: { rebooted: false } };
  const start = Date.now();
  const elapsed = () => Math.floor((Date.now() - start) / 1000);
  const r = await ctx.conn.exec(command.line, { signal: ctx.signal }).catch((err: unknown) => {
    // The host may go before the command answers: Ansible counts that as done.
    if (err instanceof TransportError) return { rc: 0, stdout: '', stderr: '' };
    throw err;
  });
  if (r.rc !== 0)
    return {
      failed: true,
      msg: `Reboot command failed. Error was: '${r.stdout.trim()}, ${r.stderr.trim()}'`,
      data: { rebooted: false, elapsed: elapsed() },
    };
  const post = Math.max(0, args.post_reboot_delay ?? 0);
  if (post > 0) await sleep(post * 1000, undefined, { signal: ctx.signal });
  const timeout = args.reboot_timeout ?? 600;
  try {
    await untilSuccess(ctx, 'last boot time check', timeout, async (conn) => {
      const now = await readBootId(conn, bootId, ctx.signal);
      if ('failed' in now) throw new Error(now.failed);
      if (now.id === '' || now.id === before.id) throw new Error('boot time has not changed');
    });
    await untilSuccess(ctx, 'post-reboot test command', timeout, async (conn) => {
      const t = await conn.exec(args.test_command ?? 'whoami', { signal: ctx.signal });
      if (t.rc !== 0) throw new Error(`Test command failed: ${t.stderr} ${t.stdout}`);
    });
  } catch (err) {
    if (!(err instanceof TimedOut)) throw err;
    return { failed: true, msg: err.message, data: { rebooted: true, elapsed: elapsed() } };
  }
  return { data: { rebooted: true, elapsed: elapsed() } };
}

async function readBootId(
  conn: Connection,
  command: string,
  signal: AbortSignal,
): Promise<{ id: string } | { failed: string }> {
  const r = await conn.exec(command, { signal });
  if (r.rc !== 0)
    return {
      failed: `reboot: failed to get host boot time info, rc: ${r.rc}, stdout: ${r.stdout}, stderr: ${r.stderr}`,
    };
  return { id: r.stdout.trim() };
}

/** `reboot_command` as given, or shutdown (found as Ansible finds it) with Linux's arguments. */
async function rebootCommand(args: Args, ctx: ModuleContext): Promise<{ line: string } | { failed: string }> {
  const given = args.reboot_command;
  const bin = given !== undefined ? given.split(' ')[0]! : 'shutdown';
  const rest =
    given !== undefined
      ? given.slice(bin.length + 1)
      : `-r ${Math.floor(Math.max(0, args.pre_reboot_delay ?? 0) / 60)} ${shellQuoteValue(args.msg ?? 'Reboot initiated by Ansible')}`;
  if (bin.startsWith('/')) return { line: `${bin} ${rest}` };
  const paths =
    typeof args.search_paths === 'string' ? args.search_paths.split(',') : (args.search_paths ?? SEARCH_PATHS);
  const found = await ctx.conn.exec(
    `for d in ${shellJoin(paths)}; do [ -e "$d"/${shellQuoteValue(bin)} ] && { echo "$d"/${shellQuoteValue(bin)}; break; }; done; true`,
    { signal: ctx.signal },
  );
  const path = found.stdout.trim();
  if (path === '')
    return { failed: `Unable to find command "${bin}" in search paths: [${paths.map((p) => `'${p}'`).join(', ')}]` };
  return { line: `${path} ${rest}` };
}
