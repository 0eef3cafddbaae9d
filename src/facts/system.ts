// The small fact set gather_facts reads, in one remote command: the versions a
// runtime migration decides on, and what any play needs to know of the OS.
import type { Connection } from '../transport/connection.js';

const SCRIPT = [
  'echo "hostname=$(hostname)"',
  '. /etc/os-release 2>/dev/null; echo "os_id=${ID:-}"; echo "os_family=${ID_LIKE:-${ID:-}}"; echo "os_version=${VERSION_ID:-}"',
  'echo "arch=$(uname -m)"',
  'echo "kernel=$(uname -r)"',
  'echo "init=$(cat /proc/1/comm 2>/dev/null)"',
  'command -v docker >/dev/null 2>&1 && echo "docker_version=$(docker version --format "{{.Server.Version}}" 2>/dev/null || docker --version 2>/dev/null)"',
  'command -v containerd >/dev/null 2>&1 && echo "containerd_version=$(containerd --version 2>/dev/null)"',
  'command -v kubelet >/dev/null 2>&1 && echo "kubelet_version=$(kubelet --version 2>/dev/null)"',
  'true',
].join('\n');

export type SystemFacts = Record<string, string>;

/** Version strings are cut down to the version itself ("containerd github.com/… v1.6.20 …" → "1.6.20"). */
export async function readSystemFacts(conn: Connection): Promise<SystemFacts> {
  const r = await conn.exec(SCRIPT);
  const facts: SystemFacts = {};
  for (const line of r.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    facts[key] = key.endsWith('_version') && key !== 'os_version' ? versionIn(value) : value;
  }
  facts.os_family = family(facts.os_family ?? '');
  return facts;
}

function versionIn(text: string): string {
  return /v?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)/.exec(text)?.[1] ?? text;
}

// Ansible's os_family names for the families operators meet.
function family(idLike: string): string {
  const words = idLike.toLowerCase().split(/\s+/);
  if (words.some((w) => w === 'debian' || w === 'ubuntu')) return 'Debian';
  if (words.some((w) => ['rhel', 'fedora', 'centos'].includes(w))) return 'RedHat';
  if (words.some((w) => w === 'suse')) return 'Suse';
  return idLike;
}
