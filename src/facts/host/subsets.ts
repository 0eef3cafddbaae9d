// setup's gather_subset and filter, decided as ansible-core 2.14 decides them
// (module_utils/facts/collector.py): the min subset always, then what is
// added, less what is excluded unless named; network and hardware bring the
// platform and distribution facts they need. ansible-core answered
// `!hardware` with min only, `!all,!min,network` with network + platform +
// distribution, and `bogus` with a failure (docs/ansible-compatibility.md).
import type { Subset } from './ansible-facts.js';

const MIN: readonly Subset[] = ['platform', 'distribution', 'user', 'env', 'python', 'service_mgr', 'pkg_mgr'];
const ALL: readonly Subset[] = [...MIN, 'hardware', 'network'];
/** Ansible's subsets runbook has no collector for: accepted, they give no facts. */
const ANSIBLE_ONLY = [
  'virtual',
  'ohai',
  'facter',
  'apparmor',
  'caps',
  'cmdline',
  'date_time',
  'dns',
  'fips',
  'local',
  'lsb',
  'selinux',
  'ssh_pub_keys',
  'devices',
  'dmi',
];

export function chosenSubsets(requested: readonly string[]): Subset[] | { error: string } {
  const known = (s: string): s is Subset => (ALL as readonly string[]).includes(s);
  const add = new Set<Subset>(MIN);
  const exclude = new Set<string>();
  const named = new Set<Subset>();
  for (const entry of requested.length > 0 ? requested : ['all']) {
    const name = entry.replace(/^!/, '');
    const negated = entry.startsWith('!');
    if (name === 'min') for (const s of MIN) (negated ? exclude : add).add(s);
    else if (name === 'all')
      for (const s of negated ? ALL.filter((x) => !MIN.includes(x)) : ALL) (negated ? exclude : add).add(s);
    else if (negated) exclude.add(name);
    else if (known(name)) named.add(name);
    else if (!ANSIBLE_ONLY.includes(name))
      return {
        error: `Bad subset '${name}' given to Ansible. gather_subset options allowed: all, min, ${[...ALL, ...ANSIBLE_ONLY].sort().join(', ')}`,
      };
  }
  const out = new Set([...add].filter((s) => !exclude.has(s) || named.has(s)));
  for (const s of named) out.add(s);
  if (out.has('network') || out.has('hardware')) for (const s of ['platform', 'distribution'] as const) out.add(s);
  return ALL.filter((s) => out.has(s));
}

/** setup's `filter`: shell-style patterns (`ansible_distribution*`) on the prefixed names; none keeps all. */
export function keptByFilter(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => true;
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  return (name) => res.some((re) => re.test(name));
}
