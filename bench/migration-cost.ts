// The migration's own cost: playbooks/containerd.yaml on a simulated cluster of
// 20 nodes (a SIMULATION: lab hosts with stand-ins for dockerd, containerd, the
// kubelet and the control plane; 19 workers, in batches of serial: 25%, then the
// control-plane node). Besides the wall time, runbook's own time: the wall time
// during which no host was in a wait runbook cannot avoid (a drain, a daemon
// restart, waiting for Ready, the crictl proof's retries while pods start), read
// from the run's events. That time over the nodes is the overhead a node.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StampedEvent } from '../src/engine/events.js';
import { startSimCluster } from '../test/e2e/sim-cluster.js';
import { repoRoot } from '../test/lab/paths.js';
import { cliMain } from '../test/support/cli-bin.js';
import { recapTotals } from './compare.js';
import { measure } from './measure.js';
import { markdown } from './table.js';

const WORKERS = 19;

/** The shipped playbook with the workers' play in batches of 25%, written beside it (its imports and templates are found from there). */
function quarterBatches(): string {
  const text = readFileSync(join(repoRoot(), 'playbooks', 'containerd.yaml'), 'utf8');
  const workers = text.indexOf('- name: Switch the workers from Docker to containerd');
  const serial = text.indexOf('  serial: 1\n', workers);
  if (workers < 0 || serial < 0)
    throw new Error('bench: playbooks/containerd.yaml no longer has the workers play with serial: 1');
  const file = join(repoRoot(), 'playbooks', '.bench-containerd-serial-25.yaml');
  writeFileSync(file, `${text.slice(0, serial)}  serial: "25%"\n${text.slice(serial + '  serial: 1\n'.length)}`);
  return file;
}

/** A step that waits on the cluster or a daemon, not on runbook: its time is not runbook's own. */
function unavoidable(module: string, name: string, data: Record<string, unknown>): boolean {
  if (module === 'k8s_node') return data.action === 'drain' || data.action === 'wait_ready';
  if (module === 'systemd') return true;
  return /^Proof on the node, through crictl/.test(name);
}

/** Milliseconds of the run during which some host was in an unavoidable wait (the union of those intervals). */
export function waitedMs(events: StampedEvent[]): number {
  const started = new Map<string, { at: number; module: string }>();
  const spans: [number, number][] = [];
  for (const e of events) {
    const at = Date.parse(e.at);
    if (e.kind === 'task-start') for (const h of e.hosts) started.set(`${e.name}\u0000${h}`, { at, module: e.module });
    if (e.kind === 'task-result') {
      const s = started.get(`${e.task}\u0000${e.result.host}`);
      if (s && e.result.status !== 'skipped' && unavoidable(s.module, e.task, e.result.data)) spans.push([s.at, at]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

export async function migrationCost(firstAddress: string, log: (line: string) => void): Promise<string> {
  const cluster = await startSimCluster({ labName: 'bench-sim-20', firstAddress }, WORKERS);
  const playbook = quarterBatches();
  const dir = mkdtempSync(join(tmpdir(), 'bench-migration-'));
  try {
    await cluster.reseed();
    const json = join(dir, 'events.jsonl');
    const run = await measure(
      [process.execPath, cliMain(), 'apply', playbook, '-i', cluster.inventory, '--plain', '--json', json],
      { cwd: repoRoot() },
    );
    if (run.code !== 0) throw new Error(`bench: the 20-node migration failed:\n${run.stdout.slice(-3000)}`);
    const events = readFileSync(json, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as StampedEvent);
    const nodes = WORKERS + 1;
    const waited = waitedMs(events) / 1000;
    const own = run.seconds - waited;
    log(`  migration, ${nodes} nodes: ${run.seconds.toFixed(1)} s, of which runbook's own ${own.toFixed(1)} s`);
    return markdown(
      [
        'nodes (serial 25%)',
        'wall s',
        'waits s (drain, restarts, Ready)',
        "runbook's own s",
        'own s a node',
        'controller CPU s',
        'CPU s a node',
        'peak RSS MB',
        'changed',
        'load (1 min)',
      ],
      [
        [
          String(nodes),
          run.seconds.toFixed(1),
          waited.toFixed(1),
          own.toFixed(1),
          (own / nodes).toFixed(2),
          run.cpuSeconds.toFixed(1),
          (run.cpuSeconds / nodes).toFixed(2),
          run.peakRssMb.toFixed(0),
          String(recapTotals(run.stdout).changed),
          run.load,
        ],
      ],
    );
  } finally {
    rmSync(playbook, { force: true });
    rmSync(dir, { recursive: true, force: true });
    await cluster.stop();
  }
}
