// Runs one command as a child and measures what the table reports: wall seconds,
// CPU seconds (user + system of the child and every descendant it waited for, from
// GNU time), and the peak RSS of the whole process tree (ansible forks a process per
// host, so one process's maximum would flatter it): the larger of the kernel's own
// maximum for the biggest single process (GNU time's %M, ru_maxrss: exact, missed by
// no sampling) and the tree's sum sampled every 50 ms by walking down from the child
// (/proc/<pid>/task/*/children), never by scanning all of /proc, whose cost grows with
// every process on the machine (6,000 lab sshd's at 2,000 hosts).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  code: number;
  stdout: string;
  stderr: string;
  /** The machine's 1-minute load average as the run started: a figure taken beside others' work is noisy. */
  load: string;
  /** Wall-clock start and end (epoch ms), to line the run's own event stamps up with. */
  startedMs: number;
  endedMs: number;
}

export const GNU_TIME = '/usr/bin/time';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs `argv` to its end; never throws for a non-zero exit (the caller decides). */
export async function measure(argv: string[], opts: RunOptions = {}): Promise<Measured> {
  if (!existsSync(GNU_TIME)) throw new Error(`bench: ${GNU_TIME} is missing (apt-get install time)`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const timeFile = join(dir, 'time');
  const load = loadavg()[0]!.toFixed(1);
  const startedMs = Date.now();
  const started = process.hrtime.bigint();
  // A process group of its own, so that an interrupted bench ends the whole tree (GNU time and the run under it).
  const child = spawn(GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = child.pid;
  if (group !== undefined) endOnExit(group);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  let peakKb = 0;
  // Async on purpose: the bench process may host a simulated control plane that the child talks to.
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, treeRssKb(child.pid ?? -1))), 50);
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c ?? 1));
  });
  const endedMs = Date.now();
  if (group !== undefined) running.delete(group);
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  peakKb = Math.max(peakKb, maxKb ?? 0);
  rmSync(dir, { recursive: true, force: true });
  return {
    seconds,
    cpuSeconds: (user ?? 0) + (sys ?? 0),
    peakRssMb: peakKb / 1024,
    code,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString(),
    load,
    startedMs,
    endedMs,
  };
}

const running = new Set<number>();
let endingInstalled = false;

/**
 * The bench's children die with it: on exit, SIGINT or SIGTERM every measured process group still running is
 * killed (an interrupted `--only scale` left its scale-child running after the lab was gone).
 */
function endOnExit(group: number): void {
  running.add(group);
  if (endingInstalled) return;
  endingInstalled = true;
  const endAll = (): void => {
    for (const g of running) {
      try {
        process.kill(-g, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    running.clear();
  };
  process.on('exit', endAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      endAll();
      process.removeListener(signal, onSignal);
      // As test/lab/exit-cleanup.ts: with no other listener left, the signal ends the process as the sender meant.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** Sum of VmRSS over `root` and all its descendants, in kB (GNU time itself included: a few hundred kB). */
export function treeRssKb(root: number): number {
  let total = 0;
  for (const pid of treePids(root)) {
    try {
      // statm's second field: resident pages.
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

/** `root` and every process below it, found through each thread's children list (no scan of /proc). */
export function treePids(root: number): number[] {
  const found: number[] = [];
  for (const stack = [root]; stack.length > 0; ) {
    const pid = stack.pop()!;
    found.push(pid);
    stack.push(...childrenOf(pid));
  }
  return found;
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list !== '') children.push(...list.split(' ').map(Number));
    }
  } catch {
    // The process (or a thread) ended while we looked: its children were reparented, out of the tree.
  }
  return children;
}
