// Ansible's names for runbook's modules: `ansible.builtin.copy`,
// `ansible.posix.<name>`, and `service` for systemd with its argument aliases.
// A module runbook lacks is named as such, with the runbook module closest to it.

import { distance } from 'fastest-levenshtein';
import type { ModuleCatalog } from '../types/module-catalog.js';

const COLLECTIONS = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.'];

/** Collections that hold only some of runbook's modules: community.general.copy is no copy. */
const ONLY_IN: Readonly<Record<string, readonly string[]>> = {
  'community.general.': ['ini_file', 'modprobe', 'timezone'],
};

/** Ansible module names runbook answers with another of its modules. */
const SAME_AS: Readonly<Record<string, string>> = {
  service: 'systemd',
  systemd_service: 'systemd',
  yum: 'dnf',
  // gather_facts as a task runs the facts modules, setup alone on these hosts (its gather_subset, filter).
  gather_facts: 'setup',
};

/** Ansible argument aliases, by runbook module: the alias → runbook's argument. */
const ARG_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  systemd: { unit: 'name', service: 'name', 'daemon-reload': 'daemon_reload' },
  copy: { path: 'dest' },
  file: { dest: 'path', name: 'path' },
  lineinfile: { dest: 'path', destfile: 'path', name: 'path' },
  stat: {
    dest: 'path',
    name: 'path',
    mime: 'get_mime',
    mime_type: 'get_mime',
    'mime-type': 'get_mime',
    attr: 'get_attributes',
    attributes: 'get_attributes',
    checksum: 'checksum_algorithm',
    checksum_algo: 'checksum_algorithm',
  },
  slurp: { path: 'src' },
  replace: { dest: 'path', destfile: 'path', name: 'path' },
  ini_file: { dest: 'path' },
  blockinfile: { dest: 'path', destfile: 'path', name: 'path', content: 'block' },
  apt: {
    pkg: 'name',
    package: 'name',
    'update-cache': 'update_cache',
    'install-recommends': 'install_recommends',
    'allow-downgrade': 'allow_downgrade',
    allow_downgrades: 'allow_downgrade',
    'allow-downgrades': 'allow_downgrade',
    'default-release': 'default_release',
    'allow-unauthenticated': 'allow_unauthenticated',
  },
  find: { name: 'paths', path: 'paths', pattern: 'patterns', exclude: 'excludes' },
  sysctl: { key: 'name', val: 'value' },
  user: { user: 'name', createhome: 'create_home' },
  mount: { name: 'path' },
  selinux: { conf: 'configfile', file: 'configfile' },
  assert: { msg: 'fail_msg' },
};

/**
 * Ansible modules runbook lacks, and the runbook module that does their job. Only modules runbook lacks: one it
 * has (apt, user, mount, …) or a keyword it reads (include_tasks, include_role, …) is never named here.
 */
export const CLOSEST: Readonly<Record<string, string>> = {
  pip: 'command',
  systemd_unit: 'systemd',
  authorized_key: 'lineinfile',
  git: 'command',
  cron: 'copy',
};

/** runbook's name for a module key as an Ansible user writes it, or undefined. */
export function runbookModule(key: string, modules: ModuleCatalog): string | undefined {
  const some = Object.keys(ONLY_IN).find((p) => key.startsWith(p));
  if (some) return ONLY_IN[some]!.includes(key.slice(some.length)) ? key.slice(some.length) : undefined;
  const prefix = COLLECTIONS.find((p) => key.startsWith(p));
  const short = prefix ? key.slice(prefix.length) : key;
  const name = SAME_AS[short] ?? short;
  return modules.has(name) ? name : undefined;
}

/** Every key a task may name `module` by: its name, Ansible's other names for it, each also under Ansible's collections. */
export function moduleKeys(module: string): string[] {
  const short = [module, ...Object.keys(SAME_AS).filter((k) => SAME_AS[k] === module)];
  const elsewhere = Object.keys(ONLY_IN)
    .filter((p) => ONLY_IN[p]!.includes(module))
    .map((p) => p + module);
  return [...short, ...COLLECTIONS.flatMap((p) => short.map((s) => p + s)), ...elsewhere];
}

/** Ansible's aliases for the arguments of `module`: alias → runbook's argument. */
export function argAliases(module: string): Readonly<Record<string, string>> {
  return ARG_ALIASES[module] ?? {};
}

/** runbook's name for an argument of `module` that may be written as an Ansible alias. */
export function argName(module: string, key: string): string {
  return ARG_ALIASES[module]?.[key] ?? key;
}

/** Ansible's argument aliases renamed to runbook's arguments (runbook's own name wins when both are given). */
export function withArgAliases(module: string, args: Record<string, unknown>): Record<string, unknown> {
  const aliases = ARG_ALIASES[module];
  if (!aliases) return args;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    const to = aliases[k];
    if (to === undefined) out[k] = v;
    else if (!(to in args)) out[to] = v;
  }
  return out;
}

/** The runbook module that comes closest to an Ansible module runbook lacks under this name. */
export function closestModule(key: string, modules: ModuleCatalog): string {
  const short = key.slice(key.lastIndexOf('.') + 1);
  // community.general.apt, say: runbook's own apt is the one meant.
  const own = SAME_AS[short] ?? short;
  if (modules.has(own)) return own;
  const known = CLOSEST[short];
  if (known !== undefined && modules.has(known)) return known;
  const names = [...modules.keys()];
  return names.reduce((best, n) => (distance(short, n) < distance(short, best) ? n : best), names[0] as string);
}
