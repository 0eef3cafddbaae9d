// One scale run in a process of its own, so its peak RSS is the controller's and
// nothing of the bench harness: runbook's engine in-process (bench/in-process.ts)
// over the lab inventory, then what is left open: file descriptors, and Node's
// active resources (sockets, timers, child processes) against the counts before.
// argv: playbook inventory forks. Prints JSON (ScaleChildResult).
import { readdirSync } from 'node:fs';
import { runInProcess } from './in-process.js';

export interface ScaleChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  hosts: number;
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
  fdsBefore: number;
  fdsAfter: number;
  resourcesBefore: string[];
  resourcesAfter: string[];
}

const fds = (): number => readdirSync('/proc/self/fd').length;

async function main(): Promise<void> {
  const [playbook, inventory, forks] = process.argv.slice(2);
  const fdsBefore = fds();
  const resourcesBefore = process.getActiveResourcesInfo();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { outcome } = await runInProcess(playbook!, inventory!, Number(forks));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  // Sockets close a moment after close() resolves: wait (bounded) for the counts to settle.
  let fdsAfter = fds();
  for (let i = 0; i < 100 && (fdsAfter > fdsBefore || process.getActiveResourcesInfo().length > resourcesBefore.length); i++) {
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
    fdsAfter = fds();
  }
  const counts = [...outcome.recap.values()];
  const sum = (k: 'ok' | 'changed' | 'failed' | 'unreachable') => counts.reduce((n, c) => n + c[k], 0);
  const result: ScaleChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    hosts: counts.length,
    ok: sum('ok'),
    changed: sum('changed'),
    failed: sum('failed'),
    unreachable: sum('unreachable'),
    fdsBefore,
    fdsAfter,
    resourcesBefore,
    resourcesAfter: process.getActiveResourcesInfo(),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main().catch((err: unknown) => {
  process.stderr.write(`scale: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
