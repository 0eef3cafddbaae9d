// package_facts: the host's installed packages as the fact `packages` (also
// under `ansible_facts.packages`), as Ansible's package_facts module lists them
// for apt (dpkg) and rpm: name → list of {name, version, arch, category, source}
// (rpm: release, epoch). Read only.
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { aptPackages, rpmPackages, type PackageTable } from './package/installed-list.js';

// Ansible's choices; runbook reads dpkg and rpm, the others are never found on a host (as on a Linux host without them).
const MANAGERS = ['auto', 'rpm', 'apt', 'portage', 'pkg', 'pacman', 'apk', 'pkg_info'] as const;

const schema = {
  type: 'object',
  properties: {
    manager: {
      type: ['array', 'string'],
      items: { enum: MANAGERS },
      enum: MANAGERS,
      description:
        "auto (default), apt or rpm (or another of Ansible's, which runbook does not read), or a list of them",
    },
    strategy: { enum: ['first', 'all'], description: 'first (default): the first manager found; all: every one' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const READERS = { apt: aptPackages, rpm: rpmPackages } as const;

export const packageFacts: ModuleDef<Args> = {
  name: 'package_facts',
  summary: 'the installed packages (dpkg or rpm) as the fact `packages` (ansible_facts.packages)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const asked = typeof args.manager === 'string' ? [args.manager] : (args.manager ?? ['auto']);
    const managers = asked.includes('auto') ? ['apt', 'rpm'] : asked;
    const packages: PackageTable = {};
    let found = 0;
    for (const m of managers) {
      const read = m === 'apt' || m === 'rpm' ? READERS[m] : undefined;
      const table = read && (await read(ctx.conn));
      if (!table) continue;
      found++;
      for (const [name, entries] of Object.entries(table)) {
        packages[name] ??= [];
        packages[name].push(...entries);
      }
      if ((args.strategy ?? 'first') === 'first') break;
    }
    if (found === 0)
      return {
        changes: [],
        // Ansible's words, the list as Python prints it.
        failed:
          `Could not detect a supported package manager from the following list: [${managers.map((m) => `'${m}'`).join(', ')}], ` +
          'or the required Python library is not installed. Check warnings for details.',
      };
    const ansibleFacts = { ...(asMapping(ctx.vars.ansible_facts) ?? {}), packages };
    return { changes: [], facts: { packages, ansible_facts: ansibleFacts }, data: { ansible_facts: { packages } } };
  },
};

const asMapping = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
