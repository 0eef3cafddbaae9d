// The scale run: a lab of N hosts (its start time and memory a host reported), then
// bench/playbooks/scale.yaml (10 task items a host) through runbook's engine in a
// child process: first run and re-run, with peak RSS, CPU, seconds a host, and
// what was left open afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, type Lab } from '../test/lab/lab.js';
import { onEveryHost, openFleet } from './ssh-fleet.js';
import { labDir, repoRoot } from '../test/lab/paths.js';
import { measure, treePids } from './measure.js';
import type { ScaleChildResult } from './scale-child.js';
import { markdown } from './table.js';

export interface ScaleRow {
  hosts: number;
  forks: number;
  labStartSeconds: number;
  labPssMbPerHost: number;
  labPeakPssMbPerHost: number;
  /** Hosts whose memory was read (1 in LAB_SAMPLE_STRIDE). */
  labSampledHosts: number;
  result: ScaleChildResult;
  /** 1-minute load average as the child started. */
  load: string;
}

/** runbook's `--forks` default (src/cli/main.ts), used when the bench is not told otherwise. */
export const RUNBOOK_DEFAULT_FORKS = 200;

/** One lab of `hosts`; for each --forks value, a first run on clean hosts and a re-run. */
export async function scaleRun(o: {
  hosts: number;
  firstAddress: string;
  forks: number[];
  log: (l: string) => void;
}): Promise<ScaleRow[]> {
  const dir = labDir(`bench-scale`);
  const t0 = process.hrtime.bigint();
  const lab = await startLab({ hosts: o.hosts, dir, firstAddress: o.firstAddress, sudoUser: false });
  const labStartSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  o.log(`  lab of ${o.hosts} hosts up in ${labStartSeconds.toFixed(1)} s`);
  try {
    const rows: ScaleRow[] = [];
    for (const forks of o.forks.length > 0 ? o.forks : [RUNBOOK_DEFAULT_FORKS]) {
      if (rows.length > 0) await cleanHosts(lab);
      o.log(`  --forks ${forks}`);
      rows.push({ ...(await runsAt(lab, dir, forks, o.hosts, o.log)), labStartSeconds });
    }
    return rows;
  } finally {
    await lab.stop();
  }
}

async function cleanHosts(lab: Lab): Promise<void> {
  const fleet = await openFleet(lab.hosts, lab.keyFile);
  try {
    await onEveryHost(fleet, lab.hosts.length, 'rm -rf /srv/scale');
  } finally {
    await fleet.close();
  }
}

/** One child process at `forks`: a first run and a re-run, with the lab's memory sampled meanwhile. */
async function runsAt(
  lab: Lab,
  dir: string,
  forks: number,
  hosts: number,
  log: (l: string) => void,
): Promise<Omit<ScaleRow, 'labStartSeconds'>> {
  const sampled = sampledLeaders(dir);
  const idle = sampledPssKbPerHost(sampled);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, sampledPssKbPerHost(sampled))), LAB_SAMPLE_MS);
  const argv = [
    process.execPath,
    join(repoRoot(), 'dist/bench/scale-child.js'),
    join(repoRoot(), 'bench/playbooks/scale.yaml'),
    lab.inventoryFile,
    String(forks),
  ];
  const harness = process.cpuUsage();
  const m = await measure(argv);
  clearInterval(sampler);
  const { user, system } = process.cpuUsage(harness);
  // What measuring cost (the samplers above and measure.ts's): it shares the cores with the run it measures.
  log(`  the bench's own CPU while the child ran: ${((user + system) / 1e6).toFixed(2)} s`);
  if (m.code !== 0) throw new Error(`bench: the scale run failed: ${m.stderr.slice(-3000)}`);
  const result = JSON.parse(m.stdout) as ScaleChildResult;
  // Said before any check can stop the bench: a run with a lost host still tells its time and memory.
  log(
    `  first run ${result.first.seconds.toFixed(2)} s, re-run ${result.rerun.seconds.toFixed(2)} s, peak RSS ${result.maxRssMb.toFixed(0)} MB, load ${m.load}`,
  );
  for (const [what, r] of [
    ['first run', result.first],
    ['re-run', result.rerun],
  ] as const) {
    if (r.failed + r.unreachable > 0 || r.hosts !== hosts)
      throw new Error(
        `bench: scale ${what}: ${r.failed} failed, ${r.unreachable} unreachable, ${r.hosts} of ${hosts} hosts in the recap`,
      );
    log(
      `  ${what}: ${r.seconds.toFixed(2)} s, fds ${r.fds} (new: ${r.newFds.join(', ') || 'none'}), resources ${r.resources.join(',') || 'none'}`,
    );
  }
  // The child's own ru_maxrss, and measure.ts's figure for its tree (GNU time's %M and the walk): they agree.
  log(`  peak RSS ${result.maxRssMb.toFixed(0)} MB (the tree's, from outside: ${m.peakRssMb.toFixed(0)} MB)`);
  return {
    hosts,
    forks,
    labPssMbPerHost: idle / 1024,
    labPeakPssMbPerHost: peak / 1024,
    labSampledHosts: sampled.length,
    result,
    load: m.load,
  };
}

/**
 * The lab's memory is read on 1 host in 20, spread over the lab (every 20th, at least 10 hosts), every 3 s:
 * reading every host's processes (smaps_rollup of ~6,000 sshd's at 2,000 hosts) every 2 s, and finding them
 * by scanning all of /proc, was continuous kernel work that slowed the run it measured.
 */
const LAB_SAMPLE_STRIDE = 20;
const LAB_SAMPLE_MIN = 10;
const LAB_SAMPLE_MS = 3000;

/** The unshare leaders of the sampled hosts, from the lab's state file (test/lab/lab.ts writes it). */
function sampledLeaders(dir: string): number[] {
  const state = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as { hosts: { pid: number }[] };
  const stride = Math.max(1, Math.min(LAB_SAMPLE_STRIDE, Math.floor(state.hosts.length / LAB_SAMPLE_MIN)));
  return state.hosts.filter((_, i) => i % stride === 0).map((h) => h.pid);
}

/** Proportional set size (shared pages split between processes) of the sampled hosts' processes, in kB a host. */
function sampledPssKbPerHost(leaders: number[]): number {
  let total = 0;
  for (const pid of leaders.flatMap(treePids)) {
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return total / leaders.length;
}

export function scaleTable(rows: ScaleRow[]): string {
  const f = (x: number, d = 2) => x.toFixed(d);
  const left = (r: ScaleRow) => {
    const { fdsAtStart, first, rerun } = r.result;
    return `${fdsAtStart} → ${first.fds} → ${rerun.fds}${first.newFds.length ? ` (first run: ${first.newFds.join(', ')})` : ''}`;
  };
  const resources = (r: ScaleRow) =>
    r.result.rerun.resources.length > r.result.resourcesAtStart.length
      ? r.result.rerun.resources.join(', ')
      : 'none beyond the start';
  const metrics: [string, (r: ScaleRow) => string][] = [
    ['first run (s)', (r) => f(r.result.first.seconds)],
    ['re-run (s)', (r) => f(r.result.rerun.seconds)],
    ['first run, ms a host', (r) => f((r.result.first.seconds * 1000) / r.hosts, 1)],
    ['re-run, ms a host', (r) => f((r.result.rerun.seconds * 1000) / r.hosts, 1)],
    ['controller peak RSS (MB)', (r) => f(r.result.maxRssMb, 0)],
    ['controller CPU (s), first + re-run', (r) => `${f(r.result.first.cpuSeconds)} + ${f(r.result.rerun.cpuSeconds)}`],
    ['controller CPU ms a host, re-run', (r) => f((r.result.rerun.cpuSeconds * 1000) / r.hosts, 1)],
    ['open fds: start → after first → after re-run', left],
    ['active resources after the re-run', resources],
    ['changed, first / re-run', (r) => `${r.result.first.changed} / ${r.result.rerun.changed}`],
    ['lab start (s)', (r) => f(r.labStartSeconds, 1)],
    [
      'lab memory a host, idle / peak (MB PSS, sampled hosts)',
      (r) => `${f(r.labPssMbPerHost, 1)} / ${f(r.labPeakPssMbPerHost, 1)} (${r.labSampledHosts} of ${r.hosts})`,
    ],
    ['load average (1 min) at the start', (r) => r.load],
  ];
  return markdown(
    ['', ...rows.map((r) => `${r.hosts} hosts, --forks ${r.forks}`)],
    metrics.map(([label, fn]) => [label, ...rows.map(fn)]),
  );
}
