// dnf: RPM packages as Ansible 2.14's dnf module manages them: name (a list, or
// name-version specs), state present/latest/absent, update_cache,
// disable_gpg_check, enablerepo/disablerepo, allow_downgrade. Results carry Ansible's `rc`,
// `results` ("Installed: NEVRA", "Removed: NEVRA") and `msg` ("Nothing to do",
// and under --check "Check mode: No changes made, …"). It reads rpm and
// `dnf repoquery` first and runs one dnf transaction only when something changes.
import { shellJoin } from '../quote.js';
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleDef } from './contract.js';
import { installedBySpec, nevra, offeredBySpec, type Rpm } from './dnf/rpm-query.js';
import { evrCmp, pinnedVersion } from './dnf/rpm-version.js';
import { lastLines } from './package/manager.js';
import type { Connection } from '../transport/connection.js';

// A package spec as dnf reads it: name, name-version[-release][.arch], with an
// optional epoch; nothing a shell or dnf's option parser would read as more.
const SPEC = '^[A-Za-z0-9_][A-Za-z0-9_.+:~^-]*$';
const SPEC_TEXT = 'a package name, or name-version (rbtest-hello, containerd.io-1.6.20)';
const REPO = '^[A-Za-z0-9_.:*-]+$';

const repoList = (what: 'enable' | 'disable') =>
  ({
    type: ['string', 'array'],
    pattern: '^[A-Za-z0-9_.:*,-]+$',
    items: { type: 'string', pattern: REPO },
    description: `repository ids to ${what} for this task (a list or comma-separated)`,
  }) as const;

const schema = {
  type: 'object',
  properties: {
    name: {
      type: ['string', 'array'],
      pattern: '^[A-Za-z0-9_][A-Za-z0-9_.+:~^, -]*$',
      items: { type: 'string', pattern: SPEC, description: SPEC_TEXT },
      description: `${SPEC_TEXT}, a comma-separated list, or a list of them`,
    },
    state: { enum: ['present', 'installed', 'latest', 'absent', 'removed'], description: 'default present' },
    update_cache: {
      type: 'boolean',
      description: 'refresh the metadata first (dnf makecache); not a change by itself',
    },
    disable_gpg_check: { type: 'boolean', description: 'install without checking signatures (--nogpgcheck)' },
    allow_downgrade: {
      type: 'boolean',
      description: 'install a pinned name-version-release older than the one installed (default false: nothing to do)',
    },
    enablerepo: repoList('enable'),
    disablerepo: repoList('disable'),
    // yum's argument (yum is this module): dnf is yum 4; yum 3 (EL7) is not driven.
    use_backend: {
      enum: ['auto', 'dnf', 'yum4'],
      description: "yum's backend: auto, dnf or yum4 (all run dnf); yum 3 is not supported",
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const list = (v: string | readonly string[] | undefined) =>
  (typeof v === 'string' ? v.split(',') : [...(v ?? [])]).map((s) => s.trim()).filter(Boolean);

const CHECK_MSG = 'Check mode: No changes made, but would have if not in check mode';

export const dnf: ModuleDef<Args> = {
  name: 'dnf',
  summary: "manage RPM packages with dnf (Ansible's dnf module: state, update_cache, enablerepo, …)",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const { conn } = ctx;
    // EL8 and later ship yum as dnf under another name; a host with neither gets told.
    const found = await conn.exec('command -v dnf || command -v yum; command -v rpm');
    const [tool, rpm] = found.stdout.trim().split('\n');
    if (!tool?.startsWith('/') || !rpm?.startsWith('/'))
      return { changes: [], failed: `no dnf on ${ctx.host}: the dnf module needs dnf (or yum 4) and rpm on the host` };
    const options = [
      ...list(args.disablerepo).map((r) => `--disablerepo=${r}`),
      ...list(args.enablerepo).map((r) => `--enablerepo=${r}`),
      ...(args.disable_gpg_check ? ['--nogpgcheck'] : []),
    ];
    const dnf = shellJoin([tool]);
    if (args.update_cache && !ctx.check) {
      const r = await conn.exec(`LC_ALL=C ${dnf} -q ${shellJoin(options)} makecache`);
      if (r.rc !== 0) return failure(`dnf makecache failed:\n${lastLines(r.stdout, r.stderr)}`, r.rc);
    }
    const specs = list(args.name);
    if (specs.length === 0)
      return { changes: [], msg: args.update_cache ? 'Cache updated' : 'Nothing to do', data: { rc: 0, results: [] } };
    const state = args.state === 'absent' || args.state === 'removed' ? 'absent' : (args.state ?? 'present');
    const installed = await installedBySpec(conn, specs);
    let steps: Step[];
    if (state === 'absent') steps = specs.flatMap((s) => (installed.get(s) ?? []).map((p) => ({ remove: p })));
    else {
      const wanted = specs.filter((s) => state === 'latest' || !installed.get(s)?.length);
      const ask = args.allow_downgrade ? wanted : await withoutDowngrades(conn, wanted);
      const offered = ask.length > 0 ? await offeredBySpec(conn, dnf, options, ask) : new Map<string, Rpm>();
      if ('error' in offered) return failure(`dnf repoquery failed:\n${lastLines(offered.error, '')}`, 1);
      const missing = ask.filter((s) => !offered.get(s) && !installed.get(s)?.length);
      if (missing.length > 0)
        return {
          changes: [],
          failed: 'Failed to install some of the specified packages',
          data: { rc: 1, results: [], failures: missing.map((s) => `No package ${s} available.`) },
        };
      // What an offer replaces is found by its name: a pin (name-1.0) matches no other installed version.
      const names = [...new Set(ask.flatMap((s) => offered.get(s)?.name ?? []))];
      const byName = names.length > 0 ? await installedBySpec(conn, names) : new Map<string, Rpm[]>();
      steps = ask.flatMap((s) => {
        const offer = offered.get(s);
        return install(offer, [...(installed.get(s) ?? []), ...(byName.get(offer?.name ?? '') ?? [])]);
      });
    }
    if (steps.length === 0) return { changes: [], msg: 'Nothing to do', data: { rc: 0, results: [] } };
    const results = [
      ...steps.flatMap((s) => ('install' in s ? [`Installed: ${nevra(s.install)}`] : [])),
      ...steps.flatMap((s) => ('remove' in s ? [`Removed: ${nevra(s.remove)}`] : [])),
      ...steps.flatMap((s) => ('install' in s && s.replaces ? [`Removed: ${nevra(s.replaces)}`] : [])),
    ];
    const data = { rc: 0, results };
    const line = `LC_ALL=C ${dnf} -y -q ${shellJoin(options)} ${state === 'absent' ? 'remove' : 'install'} ${shellJoin(
      steps.map((s) => ('install' in s ? nevra(s.install) : nevra(s.remove))),
    )}`;
    // Under --check the changes are not applied: the plan's data is the result, with Ansible's check-mode msg.
    return { changes: transaction(conn, line, steps, data), data: ctx.check ? { ...data, msg: CHECK_MSG } : data };
  },
};

/**
 * The specs left once those pinning a full version older than the one installed are dropped:
 * Ansible's dnf does nothing for them unless allow_downgrade (name-version specs it leaves to dnf).
 */
async function withoutDowngrades(conn: Connection, specs: string[]): Promise<string[]> {
  const pins = new Map(specs.flatMap((s) => ((p) => (p ? [[s, p] as const] : []))(pinnedVersion(s))));
  if (pins.size === 0) return specs;
  const byName = await installedBySpec(conn, [...new Set([...pins.values()].map((p) => p.name))]);
  return specs.filter((s) => {
    const pin = pins.get(s);
    return !pin || !(byName.get(pin.name) ?? []).some((have) => evrCmp(have, pin) > 0);
  });
}

type Step = { install: Rpm; replaces?: Rpm } | { remove: Rpm };

/** The offered package when it is not what is installed (a missing one, or a newer one for latest). */
function install(offer: Rpm | undefined, have: Rpm[]): Step[] {
  if (!offer || have.some((p) => nevra(p) === nevra(offer))) return [];
  return [{ install: offer, replaces: have.find((p) => p.name === offer.name && p.arch === offer.arch) }];
}

function failure(msg: string, rc: number) {
  return { changes: [], failed: msg, data: { rc, results: [] } };
}

/** One change per package for the report and --check; applying any runs the one dnf transaction. */
function transaction(conn: Connection, line: string, steps: Step[], data: Record<string, unknown>): Change[] {
  let run: Promise<ApplyResult> | undefined;
  const apply = async (): Promise<ApplyResult> => {
    const r = await conn.exec(line);
    if (r.rc !== 0)
      return { failed: true, msg: `'${line}' failed:\n${lastLines(r.stdout, r.stderr)}`, data: { ...data, rc: r.rc } };
    // As Ansible's: msg is empty once the transaction ran.
    return { data: { ...data, msg: '' } };
  };
  return steps.map((s) => ({
    summary:
      'remove' in s
        ? `remove ${nevra(s.remove)}`
        : `install ${nevra(s.install)}${s.replaces ? ` (was ${nevra(s.replaces)})` : ''}`,
    apply: () => (run ??= apply()),
  }));
}
