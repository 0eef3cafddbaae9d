// package: packages present, at their newest, or absent, through the host's own
// manager (apt, dnf or yum, see package/manager.ts). It reads what is installed
// first and plans only what is missing; what the repositories offer is asked
// only when it matters (an install, `latest`, a pin). One transaction runs all
// of a task's changes. A local repository or mirror is the manager's own
// configuration (sources.list.d / yum.repos.d), set up before this task.
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { markManual } from './apt/dpkg-state.js';
import { apt } from './package/apt.js';
import { dnf, yum } from './package/dnf.js';
import { detectManager, lastLines, type Available, type ManagerName, type PackageManager } from './package/manager.js';

// Names and versions as Debian and RPM allow them; nothing a shell or the
// manager's option parser would read as more than one package (no leading -).
const NAME = '^[A-Za-z0-9_][A-Za-z0-9_.+-]*(:[A-Za-z0-9_-]+)?$';
const NAME_TEXT = 'a package name such as containerd.io: letters, digits, . + - _ and an optional :arch';
// An empty version is no pin, so a playbook can pass a variable that may be unset ("").
const VERSION = '^([A-Za-z0-9_.+~^][A-Za-z0-9_.+~^:-]*)?$';

const PIN_HINT = 'version pins one package: give name as one string, with state present (the default)';

const MANAGERS: Record<ManagerName, PackageManager> = { apt, dnf, yum };

interface Action {
  name: string;
  summary: string;
  /** The install argument (name, or name at a version); unused for removals. */
  spec: string;
}

const schema = {
  type: 'object',
  properties: {
    // One schema for both forms (pattern holds for a string, items for a list): an
    // anyOf would report a templated list item as "expected a string".
    name: {
      type: ['string', 'array'],
      pattern: NAME,
      items: { type: 'string', pattern: NAME, description: NAME_TEXT },
      minItems: 1,
      description: `${NAME_TEXT}, or a list of them`,
    },
    state: { enum: ['present', 'latest', 'absent'] },
    version: {
      type: 'string',
      pattern: VERSION,
      description:
        'pin: the version as the manager lists it (apt: 1.6.20-1; dnf/yum: 1.6.20, 1.6.20-1.el9 or 1:1.6.20-1.el9); "" is no pin',
    },
    update_cache: {
      type: 'boolean',
      description: 'refresh the repository metadata first (apt-get update / dnf makecache)',
    },
    // Ansible's package hands it to apt or dnf (geerlingguy.docker sets it); a pin here moves down either way.
    allow_downgrade: {
      type: 'boolean',
      description: "the backend's allow_downgrade; accepted: a version pin already moves a package down as well as up",
    },
  },
  required: ['name'],
  // type: string keeps ajv's strict mode from warning on every run (minLength without a type).
  if: { required: ['version'], properties: { version: { type: 'string', minLength: 1 } } },
  then: {
    properties: { name: { type: 'string', errorHint: PIN_HINT }, state: { const: 'present', errorHint: PIN_HINT } },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const packageModule: ModuleDef<Args> = {
  name: 'package',
  summary: 'install, upgrade or remove packages with apt, dnf or yum, optionally at a pinned version',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const names = [...new Set(typeof args.name === 'string' ? [args.name] : args.name)];
    const which = await detectManager(ctx.conn);
    if (!which)
      return {
        changes: [],
        failed: `no package manager found on ${ctx.host}: the package module needs apt-get and dpkg-query, or dnf or yum with rpm`,
      };
    const mgr = MANAGERS[which];
    // Refreshing metadata is preparation, not a change: a task whose packages are
    // all in place stays ok. `cache_updated` says whether it ran (never under --check).
    const cache = args.update_cache ? { cache_updated: !ctx.check } : {};
    if (args.update_cache && !ctx.check) {
      const r = await ctx.conn.exec(mgr.updateCache);
      if (r.rc !== 0)
        return {
          changes: [],
          data: { manager: which },
          failed: `${mgr.updateCache} failed on ${ctx.host} (exit code ${r.rc}):\n${lastLines(r.stdout, r.stderr)}`,
        };
    }
    const before = await mgr.installed(ctx.conn, names);
    // Ansible's package module is its apt module on Debian: named packages end marked manual.
    if (which === 'apt' && args.state !== 'absent' && !ctx.check) await markManual(ctx.conn, [...before.keys()]);
    const data = { manager: which, ...cache, installed: Object.fromEntries(before) };
    try {
      const { actions, missing } = await needed(mgr, ctx, args, names, before);
      if (missing.length > 0)
        return {
          changes: [],
          data,
          failed: `not available from the repositories of ${ctx.host} (${which}): ${missing.join('; ')}`,
        };
      return { changes: transaction(mgr, ctx, args.state === 'absent', actions, names), data };
    } catch (err) {
      return { changes: [], data, failed: (err as Error).message };
    }
  },
};

/** What must happen to each package, and which cannot be installed as asked. */
async function needed(
  mgr: PackageManager,
  ctx: ModuleContext,
  args: Args,
  names: string[],
  installed: Map<string, string>,
): Promise<{ actions: Action[]; missing: string[] }> {
  const state = args.state ?? 'present';
  const pin = args.version === '' ? undefined : args.version;
  if (state === 'absent') {
    const actions = names.flatMap((n) =>
      installed.has(n) ? [{ name: n, spec: n, summary: `remove ${n} ${installed.get(n)}` }] : [],
    );
    return { actions, missing: [] };
  }
  const ask =
    state === 'latest'
      ? names
      : names.filter((n) => !installed.has(n) || (pin !== undefined && !mgr.matches(pin, installed.get(n)!)));
  if (ask.length === 0) return { actions: [], missing: [] };
  const offered = await mgr.available(ctx.conn, ask, pin !== undefined);
  const actions: Action[] = [];
  const missing: string[] = [];
  for (const n of ask) {
    const was = installed.get(n);
    const step = pin !== undefined ? pinned(mgr, n, pin, offered.get(n), was) : newest(mgr, n, offered.get(n), was);
    if (typeof step === 'string') missing.push(step);
    else if (step) actions.push(step);
  }
  return { actions, missing };
}

/** Install or move `name` to the pinned version; a string says why it cannot be. */
function pinned(
  mgr: PackageManager,
  name: string,
  pin: string,
  offer: Available | undefined,
  was?: string,
): Action | string {
  const version = offer?.versions.find((v) => mgr.matches(pin, v));
  if (!version)
    return `${name} version ${pin}${offer?.versions.length ? ` (offered: ${offer.versions.join(', ')})` : ' (no version of it is offered)'}`;
  return { name, spec: mgr.spec(name, pin), summary: `install ${name} ${version}${was ? ` (was ${was})` : ''}` };
}

/** Install a missing package, or move an installed one to the candidate (state: latest). */
function newest(
  mgr: PackageManager,
  name: string,
  offer: Available | undefined,
  was?: string,
): Action | string | undefined {
  const candidate = offer?.candidate;
  // Installed from elsewhere (a local .deb/.rpm) and offered by no repository: nothing newer exists.
  if (!candidate) return was ? undefined : name;
  if (!was) return { name, spec: mgr.spec(name, candidate), summary: `install ${name} ${candidate}` };
  if (was === candidate) return undefined;
  return { name, spec: mgr.spec(name, candidate), summary: `upgrade ${name} ${was} → ${candidate}` };
}

/**
 * One change per package, for the report and --check; applying any of them runs
 * the one transaction for all (a manager run per package would be slow and could
 * leave half a set installed).
 */
function transaction(
  mgr: PackageManager,
  ctx: ModuleContext,
  remove: boolean,
  actions: Action[],
  names: string[],
): Change[] {
  let run: Promise<ApplyResult> | undefined;
  const apply = async (): Promise<ApplyResult> => {
    const line = remove
      ? mgr.removeCommand(actions.map((a) => a.name))
      : mgr.installCommand(actions.map((a) => a.spec));
    const r = await ctx.conn.exec(line);
    const after = { manager: mgr.name, installed: Object.fromEntries(await mgr.installed(ctx.conn, names)) };
    if (r.rc === 0) return { data: after };
    const verb = remove ? 'remove' : 'install';
    const what = actions.map((a) => a.spec).join(' ');
    return {
      failed: true,
      data: after,
      msg: `${mgr.name} could not ${verb} ${what} on ${ctx.host} (exit code ${r.rc}):\n${lastLines(r.stdout, r.stderr)}`,
    };
  };
  return actions.map((a) => ({ summary: a.summary, apply: () => (run ??= apply()) }));
}
