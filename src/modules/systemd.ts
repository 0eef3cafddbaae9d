// systemd (ansible.builtin.systemd / service): whether a unit runs (state), starts at
// boot (enabled), is masked, and daemon-reload. One `systemctl show` reads the unit; the
// plan holds only the systemctl commands still needed, in Ansible's order: mask/unmask,
// enable/disable, then the run state. Ansible's semantics: restarted and reloaded always
// change (a unit that is not running is started instead); daemon_reload runs first,
// before the unit is read (so a unit file written just before is seen), and is no change
// by itself: ansible-playbook 2.14 reports `ok` for a task with only daemon_reload.
// A unit that does not exist fails the task, unless the task only wants it stopped
// and/or disabled: a missing unit is neither running nor enabled, so that is "ok".
import { readUnitState, readUnitStates, type UnitState } from '../facts/units.js';
import { shellQuoteValue as q } from '../quote.js';
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';

type Action = 'mask' | 'unmask' | 'enable' | 'disable' | 'start' | 'stop' | 'restart' | 'reload';

// ActiveState values meaning a process is up or coming up (Ansible's "running").
const RUNNING = new Set(['active', 'activating', 'reloading']);
const ENABLED = new Set(['enabled', 'enabled-runtime', 'alias']);
const DISABLED = new Set(['disabled', 'masked', 'masked-runtime']);
// Enablement systemctl cannot change: no [Install] section, or made by a generator.
const FIXED = new Set(['static', 'indirect', 'generated', 'transient']);

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, description: 'unit name; ".service" may be left out' },
    state: { enum: ['started', 'stopped', 'restarted', 'reloaded'] },
    enabled: { type: 'boolean', description: 'whether the unit starts at boot' },
    masked: { type: 'boolean', description: 'whether the unit is masked (linked to /dev/null: it cannot be started)' },
    daemon_reload: {
      type: 'boolean',
      description: 'run `systemctl daemon-reload` first (not a change by itself, as Ansible)',
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const systemd: ModuleDef<Args> = {
  name: 'systemd',
  summary: 'start, stop, restart, reload, enable, disable or mask a systemd unit; daemon-reload',
  checkMode: 'full',
  readsLoopAhead: true,
  schema,
  async plan(args, ctx) {
    if (args.state === undefined && args.enabled === undefined && args.masked === undefined && !args.daemon_reload) {
      return { changes: [], failed: 'one of the following is required: state, enabled, masked, daemon_reload' };
    }
    if (args.daemon_reload && !ctx.check) {
      // Run now, as Ansible does, so the unit read next is the one on disk.
      const r = await ctx.conn.exec('systemctl daemon-reload', { signal: ctx.signal });
      if (r.rc !== 0) return { changes: [], failed: `failure ${r.rc} during daemon-reload: ${r.stderr.trim()}` };
    }
    if (args.name === undefined) {
      const needs = ['state', 'enabled', 'masked'].find((k) => k in args);
      return needs
        ? { changes: [], failed: `missing parameter(s) required by '${needs}': name` }
        : { changes: [], data: { name: null, status: {} } };
    }
    const name = args.name;
    const unit = (await unitReadAhead(ctx, args))?.get(name) ?? (await readUnitState(ctx.conn, name));
    const data = resultData(args, unit);
    const changes: Change[] = [];
    const masked = unit.UnitFileState === 'masked' || unit.LoadState === 'masked';
    if (args.masked !== undefined && args.masked !== masked)
      changes.push(change(ctx, name, args.masked ? 'mask' : 'unmask', unit));
    // What enable/disable and the run state see: the unit as it is after (un)masking.
    const seen =
      args.masked === true
        ? { ...unit, UnitFileState: 'masked' }
        : args.masked === false && masked
          ? { ...unit, LoadState: 'loaded', UnitFileState: 'disabled' }
          : unit;
    // Wants the unit to exist: running it, or enabling it.
    const needsUnit = args.enabled === true || (args.state !== undefined && args.state !== 'stopped');
    if (unit.LoadState === 'not-found') {
      if (!needsUnit)
        return { changes, data, msg: `unit ${name} not found on ${ctx.host}: nothing to stop or disable` };
      // Under --check daemon-reload did not run: a unit file written before may only be seen after it.
      if (!(args.daemon_reload && ctx.check)) return { changes: [], data, failed: notFound(name, ctx) };
      changes.push(afterReload(ctx, { ...args, name }));
      return { changes, data };
    }
    const { actions, failed } = needed({ ...args, name }, seen, ctx.host);
    if (failed) return { changes: [], data, failed };
    changes.push(...actions.map((a) => change(ctx, name, a, seen)));
    return { changes, data };
  },
};

/**
 * In a loop over units, every item's unit is read in one `systemctl show` at the first item (engine/loop-ahead.ts):
 * one round trip for the loop instead of one an item. Not after a daemon-reload, which must come first.
 */
function unitReadAhead(ctx: ModuleContext, args: Args): Promise<Map<string, UnitState> | undefined> | undefined {
  if (args.daemon_reload) return undefined;
  return ctx.loopAhead?.((items) =>
    readUnitStates(
      ctx.conn,
      items.flatMap((i) => (typeof i.name === 'string' && !i.daemon_reload ? [i.name] : [])),
    ),
  );
}

/** Ansible's result fields: name, status (the properties read), enabled and state when asked. */
function resultData(args: Args, unit: UnitState): Record<string, unknown> {
  const data: Record<string, unknown> = { name: args.name, status: unit };
  if (args.enabled !== undefined) data.enabled = args.enabled;
  if (args.state !== undefined) data.state = args.state === 'stopped' ? 'stopped' : 'started';
  return data;
}

/** The enable/disable and run-state commands that take `unit` to what `args` asks. */
function needed(args: Args & { name: string }, unit: UnitState, host: string): { actions: Action[]; failed?: string } {
  const actions: Action[] = [];
  const file = unit.UnitFileState;
  if (args.enabled === true && !ENABLED.has(file) && !FIXED.has(file)) actions.push('enable');
  if (args.enabled === false && !DISABLED.has(file)) {
    // `systemctl disable` would succeed and change nothing, on every run.
    if (FIXED.has(file))
      return { actions, failed: `unit ${args.name} is ${file} on ${host}: systemctl cannot disable it` };
    actions.push('disable');
  }
  const running = RUNNING.has(unit.ActiveState);
  if (args.state === 'started' && !running) actions.push('start');
  if (args.state === 'stopped' && (running || unit.ActiveState === 'deactivating')) actions.push('stop');
  if (args.state === 'restarted') actions.push(running ? 'restart' : 'start');
  if (args.state === 'reloaded') actions.push(running ? 'reload' : 'start');
  return { actions };
}

function change(ctx: ModuleContext, name: string, action: Action, unit?: UnitState): Change {
  return { summary: describe(name, action, unit), apply: () => run(ctx, name, action) };
}

function describe(name: string, action: Action, unit?: UnitState): string {
  const was =
    action === 'start' || action === 'stop' || action === 'restart' || action === 'reload'
      ? unit?.ActiveState
      : unit?.UnitFileState;
  return `${action} ${name}${was ? ` (was ${was})` : ''}`;
}

/** Runs one systemctl command; after start/restart the unit must be active. */
async function run(ctx: ModuleContext, name: string, action: Action): Promise<ApplyResult | void> {
  const n = q(name);
  const line =
    action === 'start' || action === 'restart'
      ? `systemctl ${action} -- ${n} && systemctl is-active --quiet -- ${n} || { systemctl status --no-pager --full --lines=10 -- ${n}; exit 1; }`
      : `systemctl ${action} -- ${n}`;
  const r = await ctx.conn.exec(line);
  if (r.rc === 0) return;
  const why =
    r.stderr.trim() ||
    (action === 'start' || action === 'restart' ? 'the unit is not active afterwards' : `exit code ${r.rc}`);
  const status = r.stdout.trim().split('\n').slice(-20).join('\n');
  const what = `${action} ${name}`;
  return { failed: true, msg: `${what} failed on ${ctx.host}: ${why}${status ? `\n${status}` : ''}` };
}

/** After daemon-reload: read the unit again and do what is still needed. */
function afterReload(ctx: ModuleContext, args: Args & { name: string }): Change {
  const assumed = needed(
    args,
    { LoadState: 'loaded', ActiveState: 'inactive', UnitFileState: 'disabled' },
    ctx.host,
  ).actions;
  return {
    summary: `${assumed.map((a) => describe(args.name, a)).join(', ')} (once daemon-reload has loaded it)`,
    async apply() {
      const unit = await readUnitState(ctx.conn, args.name);
      if (unit.LoadState === 'not-found') return { failed: true, msg: notFound(args.name, ctx) };
      const { actions, failed } = needed(args, unit, ctx.host);
      if (failed) return { failed: true, msg: failed };
      for (const a of actions) {
        const r = await run(ctx, args.name, a);
        if (r?.failed) return r;
      }
    },
  };
}

function notFound(name: string, ctx: ModuleContext): string {
  return `unit ${name} not found on ${ctx.host}`;
}
