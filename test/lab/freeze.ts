// Freezing a lab host: SIGSTOP to every process inside it (its sshd, the
// sessions and what they run), so its TCP connections stay open but nothing
// answers, as with a host that hangs or a network that drops packets.
import { hostProcesses } from './host-process.js';
import type { Lab } from './lab.js';

/** Everything running in the host: its sshd, the sessions and what they run. */
function processesOf(l: Lab, host: string): number[] {
  return hostProcesses(l.dir, host);
}

/** Stops every process of `host`; returns a function that continues them. */
export function freezeHost(l: Lab, host: string): () => void {
  const pids = new Set<number>();
  // A process may fork while the others are being stopped: look again until no new one shows.
  for (let fresh = processesOf(l, host); fresh.length > 0; fresh = processesOf(l, host).filter((p) => !pids.has(p))) {
    for (const pid of fresh) {
      pids.add(pid);
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  if (pids.size === 0) throw new Error(`lab: no process of ${host} to freeze (is it running?)`);
  return () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Gone meanwhile.
      }
    }
  };
}
