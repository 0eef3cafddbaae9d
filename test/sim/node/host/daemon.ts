// Test support: starts a REAL daemon (containerd, dockerd) on a lab host as the
// main process of its unit. The systemctl stand-in (test/lab/sim/systemctl) reads
// its PID from $SIM_MAINPID_FILE, stops it with SIGTERM as systemd's
// KillMode=process does, and marks the unit failed when it dies. The daemon's
// output goes to a log file: the hook's own output is the journal pipe, which a
// daemon that kept it open would hold forever.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readText, run } from './sys.js';

export interface Started {
  pid: number;
  /** Why it is not serving (it exited, or did not answer in time), with its log's last lines; undefined when it serves. */
  failed?: string;
}

/**
 * Spawns `cmd args` detached with its output in `logFile`, then waits until `ready()`
 * holds (the daemon answers on its socket) or it exits, for at most `timeoutMs`.
 */
export async function startDaemon(
  cmd: string,
  args: string[],
  logFile: string,
  ready: () => boolean,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<Started> {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  closeSync(out);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `killed by ${signal}` : `exited with status ${code}`));
  child.once('error', (e) => (exited = e.message));
  const pid = child.pid ?? -1;
  const tail = () => (readText(logFile) ?? '').trim().split('\n').slice(-8).join('\n');
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (exited) return { pid, failed: `${cmd} ${exited}:\n${tail()}` };
    if (ready()) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      return { pid, failed: `${cmd} did not answer within ${timeoutMs / 1000} s:\n${tail()}` };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.unref();
  const mainPidFile = process.env.SIM_MAINPID_FILE;
  if (mainPidFile) writeFileSync(mainPidFile, `${pid}\n`);
  return { pid };
}

/** Whether a command exits 0 (a daemon's client asking it something). */
export function answers(cmd: string, args: string[]): boolean {
  return run(cmd, args).rc === 0;
}

/** The cgroup under which this lab host's containers live (test/lab/host-cgroups.ts). */
export function hostCgroupParent(): string {
  return (readText('/run/runbook-lab/cgroup-parent') ?? '/runbook-lab/unknown').trim();
}
