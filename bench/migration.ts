// The containerd migration (playbooks/containerd.yaml) on the simulated 4-node
// cluster of the end-to-end tests (a SIMULATION: lab hosts with stand-ins for the
// kubelet, systemctl and the control plane): the first run migrates every node,
// the timed re-runs (`--reruns`, 3 unless told) find nothing to do and drain no
// node. Each re-run's `--json` events say where its time went (timeline.ts);
// `--profile DIR` keeps them there, with each re-run's `node --cpu-prof` profile.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimCluster } from '../test/e2e/sim-cluster.js';
import { kubectlCalls } from '../test/sim/kubectl/index.js';
import { repoRoot } from '../test/lab/paths.js';
import { cliMain } from '../test/support/cli-bin.js';
import { recapTotals } from './compare.js';
import { runInProcess } from './in-process.js';
import { measure, type Measured } from './measure.js';
import { markdown } from './table.js';
import { timeline, timelineLines } from './timeline.js';

export interface MigrationOptions {
  firstAddress: string;
  reruns: number;
  /** Keeps each re-run's events and CPU profile here. */
  profileDir?: string;
  log: (line: string) => void;
}

interface Rerun {
  m: Measured;
  kubectl: number;
  requests: number;
  drained: boolean;
}

export async function migrationRerun(o: MigrationOptions): Promise<string> {
  const cluster = await startSimCluster({ labName: 'bench-sim', firstAddress: o.firstAddress });
  const eventsDir = o.profileDir ?? mkdtempSync(join(tmpdir(), 'bench-migration-'));
  mkdirSync(eventsDir, { recursive: true });
  try {
    await cluster.reseed();
    const apply = ['apply', 'playbooks/containerd.yaml', '-i', cluster.inventory, '--plain'];
    const first = await measure([process.execPath, cliMain(), ...apply], { cwd: repoRoot() });
    if (first.code !== 0) throw new Error(`bench: the migration failed:\n${first.stdout.slice(-3000)}`);
    o.log(`  migration: first run ${first.seconds.toFixed(2)} s`);
    const reruns: Rerun[] = [];
    for (let i = 1; i <= o.reruns; i++) {
      const events = join(eventsDir, `rerun-${i}.jsonl`);
      const profile = o.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(o.profileDir, `rerun-${i}`)] : [];
      // kubectl on the control-plane host, and the API server's list requests: what the shared read saves, whatever the load.
      const callsBefore = (await kubectlCalls(cluster.controlHost)).length;
      const requestsBefore = cluster.cp.state.requests.length;
      const m = await measure([process.execPath, ...profile, cliMain(), ...apply, '--json', events], {
        cwd: repoRoot(),
      });
      const kubectl = (await kubectlCalls(cluster.controlHost)).length - callsBefore;
      const requests = cluster.cp.state.requests.length - requestsBefore;
      if (m.code !== 0 || recapTotals(m.stdout).changed !== 0)
        throw new Error(`bench: the migration's re-run failed or changed something:\n${m.stdout.slice(-3000)}`);
      const changedLines = m.stdout.split('\n').filter((l) => /changed:/.test(l));
      reruns.push({ m, kubectl, requests, drained: /drain/i.test(changedLines.join('\n')) });
      o.log(`  migration: re-run ${i} ${m.seconds.toFixed(2)} s, ${kubectl} kubectl calls, load ${m.load}`);
      for (const line of timelineLines(timeline(events, m.startedMs, m.endedMs))) o.log(line);
    }
    const trips = await countedRerun(cluster.inventory, o.log);
    const table = markdown(
      ['run', 'seconds', 'peak RSS MB', 'CPU s', 'changed', 'kubectl calls', 'API requests', 'load (1 min)'],
      [
        [
          'first (migrates 4 nodes, drains included)',
          first.seconds.toFixed(2),
          first.peakRssMb.toFixed(0),
          first.cpuSeconds.toFixed(2),
          String(recapTotals(first.stdout).changed),
          '',
          '',
          first.load,
        ],
        ...reruns.map((r, i) => [
          `re-run ${i + 1} (nothing to do${r.drained ? '' : ', no drain'})`,
          r.m.seconds.toFixed(2),
          r.m.peakRssMb.toFixed(0),
          r.m.cpuSeconds.toFixed(2),
          String(recapTotals(r.m.stdout).changed),
          String(r.kubectl),
          String(r.requests),
          r.m.load,
        ]),
      ],
    );
    return `${table}\n\nOne more re-run in the bench's own process, every Connection call counted: ${trips}.`;
  } finally {
    if (!o.profileDir) rmSync(eventsDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

/**
 * A re-run in-process (bench/in-process.ts) with every exec and file operation counted:
 * the round trips to the hosts (an exec is also a process started on the host), a figure
 * the machine's load does not move. Logs the tasks that make the most.
 */
async function countedRerun(inventory: string, log: (line: string) => void): Promise<string> {
  const { outcome, trips } = await runInProcess(join(repoRoot(), 'playbooks/containerd.yaml'), inventory, 200);
  const changed = [...outcome.recap.values()].reduce((n, c) => n + c.changed + c.failed + c.unreachable, 0);
  if (changed !== 0) throw new Error(`bench: the counted re-run changed or failed on ${changed} steps`);
  const byTask = new Map<string, { execs: number; files: number }>();
  for (const step of trips) {
    const row = byTask.get(step.task) ?? byTask.set(step.task, { execs: 0, files: 0 }).get(step.task)!;
    for (const c of step.perHost.values()) {
      row.execs += c.execs;
      row.files += c.files;
    }
  }
  const rows = [...byTask].sort(([, a], [, b]) => b.execs + b.files - (a.execs + a.files));
  for (const [task, c] of rows.slice(0, 8)) log(`    ${c.execs} execs, ${c.files} file ops: ${task}`);
  const execs = rows.reduce((n, [, c]) => n + c.execs, 0);
  const files = rows.reduce((n, [, c]) => n + c.files, 0);
  log(`  migration: counted re-run: ${execs} execs, ${files} file operations`);
  return `${execs} execs (processes on the hosts) and ${files} SFTP file operations, ${execs + files} round trips`;
}
