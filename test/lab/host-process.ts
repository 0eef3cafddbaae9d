// One lab host as a process tree: start it in its own namespaces, wait for sshd,
// find and kill whatever is left of it.
//
// unshare -m -u -p -f: a private mount namespace (the overlay and its submounts exist
// only in there and vanish with its last process), its own hostname, and its own PID
// namespace, so `ps` on a host shows only that host, and killing the namespace's first
// process (sshd) makes the kernel kill every session process left in it. (Killing
// sshd's process group would not do: OpenSSH puts each session in a session of its own.)
// --kill-child also takes the namespace down when the unshare process itself dies.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { hostCgroupParent } from './host-cgroups.js';
import { HOST_SSHD_CONFIG, type HostSpec } from './host-files.js';
import { SSHD } from './system.js';

// $1 = host dir, $2 = hostname, $3 = lab dir (hidden inside the host), $4 = the
// host's cgroup parent (host-cgroups.ts).
//
// The overlay becomes the namespace's real root (pivot_root, not chroot): container
// runtimes started on the host (dockerd, containerd, runc) enter mount namespaces
// and resolve /proc/PID/root; under a chroot they would land on the machine's own
// root file system, read-write. /sys (with the machine's cgroup hierarchies) is
// bound in for them, and /var/lib/docker and /var/lib/containerd are tmpfs: the
// kernel refuses an overlay (their storage drivers) whose upper dir is on an overlay.
const NAMESPACE_SCRIPT = `set -e
D=$1
mount -t overlay overlay -o lowerdir=/,upperdir=$D/upper,workdir=$D/work $D/merged
mount -t proc proc $D/merged/proc
mount --rbind /dev $D/merged/dev
mount --rbind /sys $D/merged/sys
# Hide the lab dir first: it may lie under /tmp or /run (a CI clone in /tmp),
# which the next mounts cover.
mount -t tmpfs -o mode=700,size=64k tmpfs "$D/merged$3"
mount -t tmpfs -o mode=755 tmpfs $D/merged/run
mount -t tmpfs -o mode=1777 tmpfs $D/merged/tmp
for d in /var/lib/docker /var/lib/containerd; do mkdir -p -m 711 "$D/merged$d"; mount -t tmpfs -o mode=711 tmpfs "$D/merged$d"; done
mkdir -p -m 755 $D/merged/run/sshd $D/merged/run/runbook-lab
echo "$4" > $D/merged/run/runbook-lab/cgroup-parent
echo "$2" > /proc/sys/kernel/hostname
mkdir -p $D/merged/.lab-old-root
cd $D/merged
pivot_root . .lab-old-root
cd /
umount -l /.lab-old-root
rmdir /.lab-old-root
exec ${SSHD} -D -e -f ${HOST_SSHD_CONFIG}
`;

export interface StartedHost {
  /** The unshare process (sshd, PID 1 of the host, is its only child). */
  pid: number;
  /** Resolves when the process exits (the host died). */
  exited: Promise<void>;
}

/** Spawns the host's namespaces and sshd, detached, with sshd's stderr in `<hostDir>/sshd.log`. */
export function spawnHost(hostDir: string, name: string, labDir: string): StartedHost {
  const cgroupParent = hostCgroupParent(labDir, name);
  const log = openSync(join(hostDir, 'sshd.log'), 'a');
  const child = spawn(
    'unshare',
    [
      '-m',
      '-u',
      '-p',
      '-f',
      '--kill-child',
      '--propagation',
      'private',
      'bash',
      '-c',
      NAMESPACE_SCRIPT,
      'lab-host',
      hostDir,
      name,
      labDir,
      cgroupParent,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  // The lab must not keep the test run (or the `up` CLI) alive; exit handlers and
  // `stopLab` end it.
  child.unref();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  if (child.pid === undefined) throw new Error(`lab: could not spawn unshare for ${name}`);
  return { pid: child.pid, exited };
}

/** Throws when something already answers on the host's address, before we start a server there. */
export async function assertAddressFree(host: HostSpec): Promise<void> {
  if (await answersSsh(host.address, host.port, true)) {
    throw new Error(
      `lab: ${host.address}:${host.port} is already taken (another lab? \`npm run lab -- down\`, or a test run still going)`,
    );
  }
}

/**
 * Waits until this host's sshd has bound its address (its log says so; an answer on
 * the port alone could come from another server) and answers with its banner.
 * Throws with sshd's log when it dies or is slow.
 */
export async function waitForSshd(
  host: HostSpec,
  hostDir: string,
  started: StartedHost,
  timeoutMs = 10_000,
): Promise<void> {
  let dead = false;
  void started.exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  const listening = `Server listening on ${host.address} port ${host.port}.`;
  for (;;) {
    if (dead) throw hostError(host, hostDir, 'exited during start');
    if (readLog(hostDir).includes(listening) && (await answersSsh(host.address, host.port))) return;
    if (Date.now() > deadline) throw hostError(host, hostDir, `did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether an SSH server answers (or with `anything`, whether anything accepts) on address:port. */
function answersSsh(address: string, port: number, anything = false): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host: address, port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(anything));
    if (anything) sock.once('connect', () => done(true));
    sock.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
    sock.once('error', () => done(false));
    sock.once('close', () => done(false));
  });
}

function readLog(hostDir: string): string {
  try {
    return readFileSync(join(hostDir, 'sshd.log'), 'utf8');
  } catch {
    return '';
  }
}

function hostError(host: HostSpec, hostDir: string, what: string): Error {
  const log = readLog(hostDir).trim().split('\n').slice(-15).join('\n');
  return new Error(`lab: host ${host.name} (${host.address}:${host.port}) ${what}; sshd.log:\n${log || '(empty)'}`);
}

/** A live process of a lab: a host's unshare leader, or anything running inside a host. */
export interface LabProcess {
  pid: number;
  leader: boolean;
}

/**
 * Live processes of the lab under `labDir`; zombies are left out (nothing to kill).
 * A host's processes (its sshd, sessions, daemons, containers in PID namespaces of
 * their own) all descend from its unshare leader: whatever leaves its parent is
 * reparented inside the host's PID namespace, never outside it.
 */
export function labProcesses(labDir: string): LabProcess[] {
  return descendantsOf((pid) => isHostLeader(pid, labDir));
}

/** Live processes inside one host of the lab (its sshd and all below it; not its unshare leader). */
export function hostProcesses(labDir: string, host: string): number[] {
  const hostDir = `${labDir}/${host}`;
  const leader = (pid: number): boolean => {
    try {
      return isHostLeader(pid, labDir) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(hostDir);
    } catch {
      return false;
    }
  };
  return descendantsOf(leader)
    .filter((p) => !p.leader)
    .map((p) => p.pid);
}

/** The live processes `isLeader` picks and every process below one of them. */
function descendantsOf(isLeader: (pid: number) => boolean): LabProcess[] {
  const parents = new Map<number, number>();
  for (const pid of allPids()) {
    const stat = statOf(pid);
    if (stat && stat.state !== 'Z') parents.set(pid, stat.ppid);
  }
  const leaders = new Set([...parents.keys()].filter(isLeader));
  const found: LabProcess[] = [];
  for (const pid of parents.keys()) {
    if (leaders.has(pid)) {
      found.push({ pid, leader: true });
      continue;
    }
    for (let up = parents.get(pid), hops = 0; up !== undefined && up > 1 && hops < 64; up = parents.get(up), hops++) {
      if (leaders.has(up)) {
        found.push({ pid, leader: false });
        break;
      }
    }
  }
  return found;
}

/** Whether `pid` is the unshare process of a host under `labDir` (guards against PID reuse). */
export function isHostLeader(pid: number, labDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv[0]?.endsWith('unshare') === true && argv.some((a) => a.startsWith(`${labDir}/`));
  } catch {
    return false;
  }
}

/**
 * Stops hosts by SIGKILLing the first process of each PID namespace (the child of the
 * unshare leader): the kernel then kills the rest of the namespace, and the leader
 * reaps it and exits by itself, so no orphaned sshd zombie waits on init.
 */
export function killHosts(leaders: number[]): void {
  const wanted = new Set(leaders);
  const withChild = new Set<number>();
  for (const pid of allPids()) {
    const parent = parentOf(pid);
    if (wanted.has(parent)) {
      killPid(pid);
      withChild.add(parent);
    }
  }
  // A leader that has not forked its namespace yet: kill it, and --kill-child takes
  // care of a child forked in the meantime.
  for (const pid of leaders) if (!withChild.has(pid)) killPid(pid);
}

export function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // ESRCH: already gone.
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

function parentOf(pid: number): number {
  return statOf(pid)?.ppid ?? -1;
}

function statOf(pid: number): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const [state = '', ppid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Mount points under `dir` visible in this (the root) mount namespace. */
export function mountsUnder(dir: string): string[] {
  const prefix = `${dir}/`;
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .map((p) => p.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === dir || p.startsWith(prefix));
}
