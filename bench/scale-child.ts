// The scale runs in a process of their own, so peak RSS is the controller's and
// nothing of the bench harness: runbook's engine in-process (bench/in-process.ts)
// over the lab inventory, a first run then a re-run, and after each what is left
// open: file descriptors (with what they point at) and Node's active resources
// (sockets, timers, child processes). A leak grows from one run to the next.
// argv: playbook inventory forks. Prints JSON (ScaleChildResult).
import { readdirSync, readlinkSync } from 'node:fs';
import { runInProcess } from './in-process.js';

export interface RunFigures {
  seconds: number;
  cpuSeconds: number;
  hosts: number;
  changed: number;
  failed: number;
  unreachable: number;
  /** Open fds after the run, and those not open before it. */
  fds: number;
  newFds: string[];
  resources: string[];
}

export interface ScaleChildResult {
  fdsAtStart: number;
  resourcesAtStart: string[];
  first: RunFigures;
  rerun: RunFigures;
  maxRssMb: number;
}

const fdList = (): string[] =>
  readdirSync('/proc/self/fd').map((fd) => {
    try {
      return `${fd} → ${readlinkSync(`/proc/self/fd/${fd}`)}`;
    } catch {
      return fd; // the directory listing's own fd, closed by now
    }
  });

async function runOnce(playbook: string, inventory: string, forks: number): Promise<RunFigures> {
  const before = fdList();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { outcome } = await runInProcess(playbook, inventory, forks);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  // Sockets close a moment after close() resolves: wait (bounded) for the count to settle.
  let after = fdList();
  for (let i = 0; i < 100 && after.length > before.length; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = fdList();
  }
  const counts = [...outcome.recap.values()];
  const sum = (k: 'changed' | 'failed' | 'unreachable') => counts.reduce((n, c) => n + c[k], 0);
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    hosts: counts.length,
    changed: sum('changed'),
    failed: sum('failed'),
    unreachable: sum('unreachable'),
    fds: after.length,
    newFds: after.filter((f) => !before.includes(f) && f.includes('→')),
    resources: process.getActiveResourcesInfo(),
  };
}

async function main(): Promise<void> {
  const [playbook, inventory, forks] = process.argv.slice(2);
  const fdsAtStart = fdList().length;
  const resourcesAtStart = process.getActiveResourcesInfo();
  const first = await runOnce(playbook!, inventory!, Number(forks));
  const rerun = await runOnce(playbook!, inventory!, Number(forks));
  const result: ScaleChildResult = {
    fdsAtStart,
    resourcesAtStart,
    first,
    rerun,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main().catch((err: unknown) => {
  process.stderr.write(`scale: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
