// Ansible's fact names and shapes (as ansible-core 2.14's setup gives them on
// Linux), from one reading of the host. Keys are without the `ansible_` prefix,
// as in `ansible_facts`; modules/setup.ts adds the prefixed variables.
import { envOf, type HostReading } from './reading.js';
import { hardwareFacts } from './hardware.js';
import { networkFacts } from './network.js';

export type AnsibleFacts = Record<string, unknown>;

/** Ansible's gather_subset collectors runbook has, and the facts each gives. */
export const SUBSETS = {
  platform: platformFacts,
  distribution: distributionFacts,
  user: userFacts,
  env: (r: HostReading) => ({ env: envOf(r.sections.env ?? []) }),
  python: pythonFacts,
  service_mgr: (r: HostReading) => ({ service_mgr: serviceManager(r) }),
  pkg_mgr: (r: HostReading) => ({ pkg_mgr: packageManager(r) }),
  hardware: hardwareFacts,
  network: networkFacts,
} satisfies Record<string, (r: HostReading) => AnsibleFacts>;

export type Subset = keyof typeof SUBSETS;

/** The facts of the given collectors (all by default). */
export function ansibleFacts(
  r: HostReading,
  subsets: readonly Subset[] = Object.keys(SUBSETS) as Subset[],
): AnsibleFacts {
  return Object.assign({}, ...subsets.map((s) => SUBSETS[s](r))) as AnsibleFacts;
}

/** The variables setup sets whatever the host (not `ansible_<iface>`): what `runbook validate` takes as known at run time. */
export function gatheredNames(): string[] {
  const always = Object.keys(ansibleFacts({ values: {}, sections: {}, osRelease: {} })).map((k) => `ansible_${k}`);
  return [...always, 'ansible_python', 'ansible_python_version', 'ansible_facts', 'gather_subset', 'module_setup'];
}

function platformFacts(r: HostReading): AnsibleFacts {
  const v = r.values;
  const machine = v.machine ?? '';
  const fqdn = fqdnOf(v.hostname ?? '', v.hosts_entry ?? '');
  return {
    system: v.system ?? '',
    kernel: v.kernel ?? '',
    kernel_version: v.kernel_version ?? '',
    machine,
    architecture: /^i[3-6]86$/.test(machine) ? 'i386' : machine,
    nodename: v.nodename ?? '',
    hostname: (v.nodename || v.hostname || '').split('.')[0],
    fqdn,
    domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
  };
}

// Python's socket.getfqdn: the first of the host's names (and aliases) that holds a dot, else its name.
function fqdnOf(hostname: string, hostsEntry: string): string {
  const names = hostsEntry.trim().split(/\s+/).slice(1);
  return names.find((n) => n.includes('.')) ?? names[0] ?? hostname;
}

const DISTRIBUTIONS: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  raspbian: 'Debian',
  linuxmint: 'Linux Mint',
  kali: 'Kali',
  pop: 'Pop!_OS',
  rhel: 'RedHat',
  centos: 'CentOS',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  ol: 'OracleLinux',
  amzn: 'Amazon',
  sles: 'SLES',
  'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed',
  alpine: 'Alpine',
  arch: 'Archlinux',
  flatcar: 'Flatcar',
};

// Ansible's OS_FAMILY_MAP, for the distributions above.
const FAMILIES: Record<string, readonly string[]> = {
  Debian: ['Debian', 'Ubuntu', 'Linux Mint', 'Kali', 'Pop!_OS'],
  RedHat: ['RedHat', 'CentOS', 'Fedora', 'Rocky', 'AlmaLinux', 'OracleLinux', 'Amazon'],
  Suse: ['SLES', 'openSUSE Leap', 'openSUSE Tumbleweed'],
  Alpine: ['Alpine'],
  Archlinux: ['Archlinux'],
  Flatcar: ['Flatcar'],
};

function distributionFacts(r: HostReading): AnsibleFacts {
  const os = r.osRelease;
  const id = (os.ID ?? '').toLowerCase();
  const distribution = DISTRIBUTIONS[id] ?? os.NAME?.split(' ')[0] ?? r.values.system ?? 'NA';
  // Debian's point release is in /etc/debian_version ("12.11"); os-release says only "12".
  const debian = r.values.debian_version ?? '';
  const version = distribution === 'Debian' && /^\d+(\.\d+)*$/.test(debian) ? debian : (os.VERSION_ID ?? 'NA');
  const release = os.VERSION_CODENAME || os.UBUNTU_CODENAME || /\(([^)]+)\)/.exec(os.VERSION ?? '')?.[1] || 'NA';
  return {
    distribution,
    distribution_version: version,
    distribution_major_version: version.split('.')[0],
    ...(version.includes('.') ? { distribution_minor_version: version.split('.')[1] } : {}),
    distribution_release: release,
    os_family: familyOf(distribution, os.ID_LIKE ?? ''),
  };
}

function familyOf(distribution: string, idLike: string): string {
  const known = Object.entries(FAMILIES).find(([, members]) => members.includes(distribution))?.[0];
  if (known) return known;
  const words = idLike.toLowerCase().split(/\s+/);
  if (words.some((w) => w === 'debian' || w === 'ubuntu')) return 'Debian';
  if (words.some((w) => ['rhel', 'fedora', 'centos'].includes(w))) return 'RedHat';
  if (words.some((w) => w.includes('suse'))) return 'Suse';
  return distribution;
}

function userFacts(r: HostReading): AnsibleFacts {
  const v = r.values;
  const [, , , , gecos = '', dir = '', shell = ''] = (v.passwd ?? '').split(':');
  const n = (s: string | undefined) => Number(s ?? -1);
  return {
    user_id: v.user ?? '',
    user_uid: n(v.uid),
    user_gid: n(v.gid),
    user_gecos: gecos,
    user_dir: dir,
    user_shell: shell,
    real_user_id: n(v.uid),
    effective_user_id: n(v.euid),
    real_group_id: n(v.gid),
    effective_group_id: n(v.egid),
  };
}

function pythonFacts(r: HostReading): AnsibleFacts {
  const text = r.values.python;
  if (!text) return {};
  try {
    const python = JSON.parse(text) as { version_info: unknown[] };
    return { python, python_version: python.version_info.slice(0, 3).join('.') };
  } catch {
    return {};
  }
}

// As Ansible's service_mgr collector: pid 1's name, unless it says nothing ("init", a shell).
function serviceManager(r: HostReading): string {
  const v = r.values;
  const init = (v.init ?? '').trim();
  if (init !== '' && init !== 'init' && !init.endsWith('sh')) return init;
  if (v.systemd_booted) return 'systemd';
  if (v.openrc) return 'openrc';
  if (v.initd) return 'sysvinit';
  return 'service';
}

function packageManager(r: HostReading): string {
  const have = (p: string) => r.values[`have_${p}`] === '1';
  const family = familyOf(String(distributionFacts(r).distribution), r.osRelease.ID_LIKE ?? '');
  if (family === 'Debian' && have('apt-get')) return 'apt';
  if (family === 'RedHat') return have('dnf') ? 'dnf' : have('yum') ? 'yum' : 'unknown';
  const first = ['apt-get', 'dnf', 'yum', 'zypper', 'apk', 'pacman'].find(have);
  return first === undefined ? 'unknown' : first === 'apt-get' ? 'apt' : first;
}
