// Last-resort cleanup: a lab started by this process dies with it, even when the run
// is interrupted (SIGINT/SIGTERM/SIGHUP) or crashes (Node still emits 'exit' after an
// uncaught exception). Only synchronous work is possible in 'exit': SIGKILL each host's
// namespace, then remove the directory. That is safe at once because the overlays
// are mounted only inside the hosts' private namespaces, never in this one.
import { rmSync } from 'node:fs';
import { leftLabCgroups, removeLabCgroups } from './host-cgroups.js';
import { killHosts, mountsUnder } from './host-process.js';

const live = new Map<string, Set<number>>();
let installed = false;

export function trackHost(labDir: string, pid: number): void {
  install();
  let pids = live.get(labDir);
  if (!pids) {
    pids = new Set();
    live.set(labDir, pids);
  }
  pids.add(pid);
}

export function untrackLab(labDir: string): void {
  live.delete(labDir);
}

function cleanupSync(): void {
  for (const [dir, pids] of live) {
    killHosts([...pids]);
    removeCgroupsSoon(dir);
    try {
      if (mountsUnder(dir).length === 0) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: the next startLab on this dir cleans up from its state file.
    }
  }
  live.clear();
}

/** The kernel empties the killed hosts' cgroups within moments: wait up to 2 s (synchronously: this runs in 'exit'). */
function removeCgroupsSoon(dir: string): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 100 && leftLabCgroups(dir).length > 0; i++) {
    removeLabCgroups(dir);
    Atomics.wait(nap, 0, 0, 20);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanupSync();
      process.removeListener(signal, onSignal);
      // With no other listener (e.g. mocha's) the signal would now be swallowed:
      // re-raise it so the process still ends the way the sender meant.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
