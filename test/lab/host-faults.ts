// Faults on one lab host mid-run: its sshd killed with every session (the
// host's PID namespace ends, as when sshd dies and takes its connections), the
// host started again on the same upper layer (files under /tmp and /run are
// gone: they are the host's tmpfs), and only its SSH sessions cut while sshd
// keeps listening.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackHost } from './exit-cleanup.js';
import {
  hostProcesses,
  isHostLeader,
  killHosts,
  killPid,
  labProcesses,
  spawnHost,
  waitForSshd,
} from './host-process.js';
import type { Lab } from './lab.js';

function spec(l: Lab, name: string) {
  const host = l.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`lab: no host ${name}`);
  return host;
}

/** Processes running inside the host (below its unshare leader). */
function inside(l: Lab, name: string): number[] {
  return hostProcesses(l.dir, name);
}

const parentOf = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
};

/** Kills the host's sshd and everything in the host; resolves once nothing of it runs. */
export async function killHost(l: Lab, name: string): Promise<void> {
  const hostDir = join(l.dir, name);
  const leaders = labProcesses(l.dir).filter(
    (p) =>
      p.leader &&
      isHostLeader(p.pid, l.dir) &&
      readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').includes(hostDir),
  );
  killHosts(leaders.map((p) => p.pid));
  const deadline = Date.now() + 10_000;
  while (inside(l, name).length > 0 || leaders.some((p) => isHostLeader(p.pid, l.dir))) {
    if (Date.now() > deadline) throw new Error(`lab: ${name} survives SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a killed host again (same address, keys and upper layer); resolves once sshd answers. */
export async function restartHost(l: Lab, name: string): Promise<void> {
  const hostDir = join(l.dir, name);
  const proc = spawnHost(hostDir, name, l.dir);
  trackHost(l.dir, proc.pid);
  await waitForSshd(spec(l, name), hostDir, proc);
}

/**
 * SIGKILLs every SSH session process of the host (and what they run), leaving
 * the listening sshd (the namespace's first process): open connections are cut,
 * new ones are accepted. Returns how many processes were killed.
 */
export function cutSessions(l: Lab, name: string): number {
  const all = inside(l, name);
  const set = new Set(all);
  // The listener is the one process whose parent is outside the host (the unshare leader).
  const sessions = all.filter((pid) => set.has(parentOf(pid)));
  for (const pid of sessions) killPid(pid);
  return sessions.length;
}

/** The command lines of the processes a host runs for its SSH sessions (not its listening sshd). */
export function sessionCommands(l: Lab, name: string): { pid: number; argv: string[] }[] {
  const all = inside(l, name);
  const set = new Set(all);
  return all
    .filter((pid) => set.has(parentOf(pid)))
    .flatMap((pid) => {
      try {
        return [
          {
            pid,
            argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8')
              .split('\0')
              .filter((a) => a !== ''),
          },
        ];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** SIGKILLs the session processes of the host whose command line `matches` (e.g. a nap a dead connection left behind). */
export function killLeftovers(l: Lab, name: string, matches: (argv: string[]) => boolean): number {
  const left = sessionCommands(l, name).filter((p) => matches(p.argv));
  for (const p of left) killPid(p.pid);
  return left.length;
}
