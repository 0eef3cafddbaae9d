// apt: Debian packages as Ansible's apt module manages them (ansible-core 2.14):
// name (name=version, version patterns), state present/latest/absent,
// update_cache with cache_valid_time, allow_downgrade, force, install_recommends,
// purge, autoremove, default_release, dpkg_options. Results carry Ansible's
// fields (cache_updated, cache_update_time, stdout, stderr). As Ansible does,
// every named package that is installed ends marked manual (`apt-mark manual`),
// which is not counted as a change.
import { shellJoin } from '../quote.js';
import type { ApplyResult, ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { refreshCache, type CacheOutcome } from './apt/cache.js';
import { decide, namesToAsk, type AptAction, type AptState } from './apt/decide.js';
import { markManual, readDpkg } from './apt/dpkg-state.js';
import { parseSpec, SPEC_PATTERN, specList } from './apt/spec.js';
import { planDeb, planUpgrade } from './apt/whole-task.js';
import { apt as aptManager } from './package/apt.js';
import type { Available } from './package/manager.js';

const SPEC_TEXT = 'a Debian package name, optionally =VERSION (a version pattern may use *)';

const schema = {
  type: 'object',
  properties: {
    name: {
      type: ['string', 'array'],
      items: { type: 'string', pattern: SPEC_PATTERN, description: SPEC_TEXT },
      pattern: '^[A-Za-z0-9_][A-Za-z0-9_.+:=*?~, -]*$',
      description: `${SPEC_TEXT}, a comma-separated list, or a list of them`,
    },
    state: { enum: ['present', 'latest', 'absent'], description: 'default present' },
    update_cache: { type: 'boolean', description: 'run apt-get update first (default false)' },
    cache_valid_time: {
      type: 'integer',
      minimum: 0,
      description: 'update only when the lists are older than this many seconds; implies update_cache',
    },
    allow_downgrade: {
      type: 'boolean',
      description: 'let a version spec move an installed package down (--allow-downgrades; default false)',
    },
    force: { type: 'boolean', description: 'apt-get --force-yes (default false)' },
    install_recommends: { type: 'boolean', description: "install recommended packages too; unset: apt's own default" },
    purge: { type: 'boolean', description: 'with state absent, also remove configuration files (default false)' },
    autoremove: { type: 'boolean', description: 'remove dependencies no longer needed (default false)' },
    default_release: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.~+-]+$',
      description: 'apt-get -t: the release to install from',
    },
    dpkg_options: {
      type: 'string',
      pattern: '^[a-z-]+(,[a-z-]+)*$',
      description: 'dpkg options, comma-separated (default force-confdef,force-confold)',
    },
    allow_unauthenticated: { type: 'boolean', description: 'install from unsigned repositories (default false)' },
    lock_timeout: { type: 'integer', minimum: 0, description: 'seconds to wait for the dpkg lock (default 60)' },
    deb: {
      type: 'string',
      minLength: 1,
      description:
        'a .deb file on the host, or an http(s):// URL of one, to install (its dependencies from the repositories)',
    },
    upgrade: {
      enum: ['dist', 'full', 'yes', 'safe', 'no', true, false],
      description:
        'upgrade every package: yes/safe (apt-get upgrade --with-new-pkgs), full/dist (apt-get dist-upgrade)',
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const aptModule: ModuleDef<Args> = {
  name: 'apt',
  summary: "manage Debian packages with apt (Ansible's apt module: state, update_cache, name=version, …)",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const texts = specList(args.name);
    const bad = texts.find((t) => !new RegExp(SPEC_PATTERN).test(t));
    if (bad !== undefined) return { changes: [], failed: `not a package name: "${bad}" (${SPEC_TEXT})` };
    const specs = texts.map(parseSpec);
    const state: AptState = args.state ?? 'present';
    let cache: CacheOutcome | undefined;
    if (args.update_cache || args.cache_valid_time !== undefined) {
      const r = await refreshCache(ctx.conn, args.cache_valid_time ?? 0, ctx.check);
      if ('failed' in r) return { changes: [], failed: r.failed };
      cache = r;
    }
    const data: Record<string, unknown> = cache ? { ...cache } : { cache_updated: false, cache_update_time: 0 };
    // As Ansible: an upgrade, or else a .deb file, is the whole task.
    const upgrade = args.upgrade === true ? 'yes' : args.upgrade === false ? 'no' : (args.upgrade ?? 'no');
    if (upgrade !== 'no') return planUpgrade(ctx, upgrade, baseWords(args), data);
    if (args.deb !== undefined) return planDeb(ctx, args.deb, baseWords(args), data);
    // Only the cache: changed when it was updated, as Ansible reports it.
    if (specs.length === 0)
      return {
        changes: cache?.cache_updated ? [{ summary: 'update the apt cache', apply: async () => ({ data }) }] : [],
        data,
      };

    const names = specs.map((s) => s.name);
    const dpkg = await readDpkg(ctx.conn, names);
    const ask = namesToAsk(state, specs, dpkg);
    const offered = ask.length > 0 ? await aptManager.available(ctx.conn, ask, true) : new Map<string, Available>();
    const { actions, failed } = decide(state, specs, dpkg, offered, args.purge ?? false);
    if (failed) return { changes: [], data, failed };
    if (state !== 'absent' && !ctx.check)
      await markManual(
        ctx.conn,
        names.filter((n) => dpkg.get(n)?.state === 'installed'),
      );
    return { changes: transaction(ctx, args, state, actions, names, data), data };
  },
};

/**
 * apt-get and the options every run of it takes: -y, the dpkg lock wait, dpkg's options, and
 * `force` as --force-yes (install, remove and upgrade alike, as ansible-core 2.14 passes it).
 */
function baseWords(args: Args): string[] {
  const opts = (args.dpkg_options ?? 'force-confdef,force-confold')
    .split(',')
    .flatMap((o) => ['-o', `Dpkg::Options::=--${o}`]);
  const force = args.force ? ['--force-yes'] : [];
  return ['apt-get', '-y', '-q', '-o', `DPkg::Lock::Timeout=${args.lock_timeout ?? 60}`, ...opts, ...force];
}

function aptGetLine(args: Args, state: AptState, actions: AptAction[]): string {
  const words = baseWords(args);
  if (state === 'absent') {
    if (args.purge) words.push('--purge');
    if (args.autoremove) words.push('--auto-remove');
    return `DEBIAN_FRONTEND=noninteractive LC_ALL=C ${shellJoin([...words, 'remove', ...actions.map((a) => a.arg)])}`;
  }
  if (args.default_release) words.push('-t', args.default_release);
  if (args.install_recommends !== undefined)
    words.push('-o', `APT::Install-Recommends=${args.install_recommends ? 'yes' : 'no'}`);
  if (args.allow_unauthenticated) words.push('--allow-unauthenticated');
  if (args.allow_downgrade) words.push('--allow-downgrades');
  if (args.autoremove) words.push('--auto-remove');
  return `DEBIAN_FRONTEND=noninteractive LC_ALL=C ${shellJoin([...words, 'install', ...actions.map((a) => a.arg)])}`;
}

/**
 * One change per package, for the report and --check; applying any of them runs
 * the one apt-get for all (as Ansible runs one command for the task).
 */
function transaction(
  ctx: ModuleContext,
  args: Args,
  state: AptState,
  actions: AptAction[],
  names: string[],
  data: Record<string, unknown>,
): Change[] {
  let run: Promise<ApplyResult> | undefined;
  const apply = async (): Promise<ApplyResult> => {
    const line = aptGetLine(args, state, actions);
    const r = await ctx.conn.exec(line);
    const out = { ...data, stdout: r.stdout, stderr: r.stderr };
    if (r.rc !== 0) return { failed: true, data: { ...out, rc: r.rc }, msg: `'${line}' failed: ${r.stderr.trim()}` };
    if (state !== 'absent') {
      const failed = await markManual(ctx.conn, names);
      if (failed) return { failed: true, data: out, msg: failed };
    }
    return { data: out };
  };
  const before = actions.map((a) => `${a.name} ${a.before ?? '(not installed)'}`).join('\n');
  const after = actions.map((a) => `${a.name} ${a.after ?? '(removed)'}`).join('\n');
  return actions.map((a, i) => ({
    summary: a.summary,
    diff: i === 0 ? { path: 'apt packages', before: `${before}\n`, after: `${after}\n` } : undefined,
    apply: () => (run ??= apply()),
  }));
}
