// One remote command reads what gather_facts reports: Ansible's facts (platform,
// distribution, user, environment, python, service and package manager,
// hardware, network) and runbook's own `facts` (the runtime versions a
// migration decides on). The script prints `key=value` lines and `@section`
// blocks; host/*.ts turn them into facts. runbook's `facts` are derived from
// the Ansible facts, so one reading is the one source of both.
import type { Connection } from '../transport/connection.js';
import { ansibleFacts, type AnsibleFacts } from './host/ansible-facts.js';
import { parseReading, type HostReading } from './host/reading.js';

const PYTHON = [
  'import sys, json',
  'try:\n import ssl; s = hasattr(ssl, "SSLContext")\nexcept Exception:\n s = False',
  'v = sys.version_info',
  'print(json.dumps({"executable": sys.executable, "has_sslcontext": s, "type": sys.implementation.name, ' +
    '"version": {"major": v[0], "minor": v[1], "micro": v[2], "releaselevel": v[3], "serial": v[4]}, ' +
    '"version_info": list(v)}))',
].join('\n');

const SCRIPT = [
  'echo "system=$(uname -s)"; echo "kernel=$(uname -r)"; echo "kernel_version=$(uname -v)"; echo "machine=$(uname -m)"; echo "nodename=$(uname -n)"',
  'h=$(hostname 2>/dev/null || uname -n); echo "hostname=$h"; echo "hosts_entry=$(getent hosts "$h" 2>/dev/null | head -n 1)"',
  'echo @os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; echo @end',
  'echo "debian_version=$(cat /etc/debian_version 2>/dev/null)"',
  'echo "init=$(cat /proc/1/comm 2>/dev/null)"',
  '[ -d /run/systemd/system ] && echo systemd_booted=1; [ -e /sbin/openrc ] && echo openrc=1; [ -d /etc/init.d ] && echo initd=1',
  'for p in apt-get dnf yum zypper apk pacman; do command -v $p >/dev/null 2>&1 && echo "have_$p=1"; done',
  'echo "user=$(id -un)"; echo "uid=$(id -u)"; echo "gid=$(id -g)"; echo "euid=$(id -u)"; ' +
    'echo "egid=$(id -g)"; echo "passwd=$(getent passwd "$(id -un)" 2>/dev/null)"',
  'echo @env; env; echo @end',
  'echo @meminfo; grep -E "^(MemTotal|MemFree|SwapTotal|SwapFree):" /proc/meminfo 2>/dev/null; echo @end',
  'echo @cpuinfo; grep -E "^(processor|physical id|cpu cores|siblings)[[:space:]]*:" /proc/cpuinfo 2>/dev/null; echo @end; echo "nproc=$(nproc 2>/dev/null)"',
  // As Ansible: only mounts of a device path (or NFS "host:/path"), with their statvfs sizes.
  'echo @mounts; while read -r dev mnt fs opts rest; do case "$dev" in /*|*:/*) ' +
    '[ "$fs" = none ] || echo "$dev $mnt $fs $opts $(stat -f -c "%S %s %b %a %c %d" "$mnt" ' +
    '2>/dev/null)";; esac; done < /proc/mounts; echo @end',
  'echo @links; for i in $(ls -U /sys/class/net 2>/dev/null); ' +
    'do echo "$i $(cat /sys/class/net/$i/address /sys/class/net/$i/mtu /sys/class/net/$i/flags ' +
    '/sys/class/net/$i/type 2>/dev/null | tr "\\n" " ")"; done; echo @end',
  'echo @addr; ip -o addr show 2>/dev/null; echo @end',
  'echo @route4; ip -4 route get 8.8.8.8 2>/dev/null; echo @end; echo @route6; ip -6 route get 2404:6800:4003:c00::93 2>/dev/null; echo @end',
  `for p in python3 python; do if command -v $p >/dev/null 2>&1; then echo "python=$($p -c '${PYTHON.replace(/'/g, `'"'"'`)}' 2>/dev/null)"; break; fi; done`,
  'command -v docker >/dev/null 2>&1 && echo "docker_version=$(docker version --format "{{.Server.Version}}" 2>/dev/null || docker --version 2>/dev/null)"',
  'command -v containerd >/dev/null 2>&1 && echo "containerd_version=$(containerd --version 2>/dev/null)"',
  'command -v kubelet >/dev/null 2>&1 && echo "kubelet_version=$(kubelet --version 2>/dev/null)"',
  // The CRI client a node's runtime is checked with (the containerd migration pins its release).
  'command -v crictl >/dev/null 2>&1 && echo "crictl_version=$(crictl --version 2>/dev/null)"',
  'true',
].join('\n');

/** runbook's own facts (`facts.os_family`, `facts.containerd_version`, …): short strings a migration decides on. */
export type SystemFacts = Record<string, string>;

export interface HostFacts {
  /** Ansible's facts, named without the `ansible_` prefix (as `ansible_facts` holds them). */
  ansible: AnsibleFacts;
  runbook: SystemFacts;
}

/** The host, read in one remote command. */
export async function readHostReading(conn: Connection): Promise<HostReading> {
  const r = await conn.exec(SCRIPT);
  return parseReading(r.stdout);
}

/** Both fact sets from one reading. */
export function factsOf(reading: HostReading): HostFacts {
  const ansible = ansibleFacts(reading);
  const runbook: SystemFacts = {
    hostname: String(ansible.hostname),
    os_id: reading.osRelease.ID ?? '',
    os_family: String(ansible.os_family),
    os_version: reading.osRelease.VERSION_ID ?? '',
    arch: String(ansible.machine),
    kernel: String(ansible.kernel),
    init: reading.values.init ?? '',
  };
  // Version strings are cut down to the version itself ("containerd github.com/… v1.6.20 …" → "1.6.20").
  for (const k of ['docker_version', 'containerd_version', 'kubelet_version', 'crictl_version']) {
    const v = reading.values[k];
    if (v !== undefined) runbook[k] = versionIn(v);
  }
  return { ansible, runbook };
}

function versionIn(text: string): string {
  return /v?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)/.exec(text)?.[1] ?? text;
}
