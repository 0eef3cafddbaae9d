// systemd: whether a unit runs (state), starts at boot (enabled), and daemon-reload.
// One `systemctl show` reads the unit; the plan holds only the systemctl commands still
// needed, in Ansible's order: daemon-reload, enable/disable, then the run state.
// Ansible's semantics: restarted and reloaded always change (a unit that is not
// running is started instead), and so does daemon_reload.
// A unit that does not exist fails the task, unless the task only wants it stopped
// and/or disabled: a missing unit is neither running nor enabled, so that is "ok".
import { readUnitState, type UnitState } from '../facts/units.js';
import { shellQuoteValue as q } from '../quote.js';
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';

type Action = 'daemon-reload' | 'enable' | 'disable' | 'start' | 'stop' | 'restart' | 'reload';

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
    daemon_reload: { type: 'boolean', description: 'run `systemctl daemon-reload` first (always a change)' },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const systemd: ModuleDef<Args> = {
  name: 'systemd',
  summary: 'start, stop, restart, reload, enable or disable a systemd unit; daemon-reload',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const unit = await readUnitState(ctx.conn, args.name);
    const data = { name: args.name, status: unit };
    const changes: Change[] = args.daemon_reload ? [change(ctx, args.name, 'daemon-reload')] : [];
    // Wants the unit to exist: running it, or enabling it.
    const needsUnit = args.enabled === true || (args.state !== undefined && args.state !== 'stopped');
    if (unit.LoadState === 'not-found') {
      if (!needsUnit) return { changes, data, msg: `unit ${args.name} not found on ${ctx.host}: nothing to stop or disable` };
      if (!args.daemon_reload) return { changes: [], data, failed: notFound(args.name, ctx) };
      // A unit file written just before: systemd may only see it after the reload.
      changes.push(afterReload(ctx, args));
      return { changes, data };
    }
    const { actions, failed } = needed(args, unit, ctx.host);
    if (failed) return { changes: [], data, failed };
    changes.push(...actions.map((a) => change(ctx, args.name, a, unit)));
    return { changes, data };
  },
};

/** The enable/disable and run-state commands that take `unit` to what `args` asks. */
function needed(args: Args, unit: UnitState, host: string): { actions: Action[]; failed?: string } {
  const actions: Action[] = [];
  const file = unit.UnitFileState;
  if (args.enabled === true && !ENABLED.has(file) && !FIXED.has(file)) actions.push('enable');
  if (args.enabled === false && !DISABLED.has(file)) {
    // `systemctl disable` would succeed and change nothing, on every run.
    if (FIXED.has(file)) return { actions, failed: `unit ${args.name} is ${file} on ${host}: systemctl cannot disable it` };
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
  if (action === 'daemon-reload') return 'daemon-reload';
  const was = action === 'enable' || action === 'disable' ? unit?.UnitFileState : unit?.ActiveState;
  return `${action} ${name}${was ? ` (was ${was})` : ''}`;
}

/** Runs one systemctl command; after start/restart the unit must be active. */
async function run(ctx: ModuleContext, name: string, action: Action): Promise<ApplyResult | void> {
  const n = q(name);
  const line =
    action === 'daemon-reload'
      ? 'systemctl daemon-reload'
      : action === 'start' || action === 'restart'
        ? `systemctl ${action} -- ${n} && systemctl is-active --quiet -- ${n} || { systemctl status --no-pager --full --lines=10 -- ${n}; exit 1; }`
        : `systemctl ${action} -- ${n}`;
  const r = await ctx.conn.exec(line);
  if (r.rc === 0) return;
  const why = r.stderr.trim() || (action === 'start' || action === 'restart' ? 'the unit is not active afterwards' : `exit code ${r.rc}`);
  const status = r.stdout.trim().split('\n').slice(-20).join('\n');
  const what = action === 'daemon-reload' ? 'daemon-reload' : `${action} ${name}`;
  return { failed: true, msg: `${what} failed on ${ctx.host}: ${why}${status ? `\n${status}` : ''}` };
}

/** After daemon-reload: read the unit again and do what is still needed. */
function afterReload(ctx: ModuleContext, args: Args): Change {
  const assumed = needed(args, { LoadState: 'loaded', ActiveState: 'inactive', UnitFileState: 'disabled' }, ctx.host).actions;
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
