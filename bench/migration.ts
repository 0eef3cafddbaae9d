// The containerd migration (playbooks/containerd.yaml) on the simulated 4-node
// cluster of the end-to-end tests (a SIMULATION: lab hosts with stand-ins for the
// kubelet, systemctl and the control plane): the first run migrates every node,
// the timed re-run finds nothing to do and drains no node.
import { startSimCluster } from '../test/e2e/sim-cluster.js';
import { kubectlCalls } from '../test/sim/kubectl/index.js';
import { repoRoot } from '../test/lab/paths.js';
import { cliMain } from '../test/support/cli-bin.js';
import { recapTotals } from './compare.js';
import { measure } from './measure.js';
import { markdown } from './table.js';

export async function migrationRerun(firstAddress: string, log: (line: string) => void): Promise<string> {
  const cluster = await startSimCluster({ labName: 'bench-sim', firstAddress });
  try {
    await cluster.reseed();
    const argv = [
      process.execPath,
      cliMain(),
      'apply',
      'playbooks/containerd.yaml',
      '-i',
      cluster.inventory,
      '--plain',
    ];
    const first = await measure(argv, { cwd: repoRoot() });
    if (first.code !== 0) throw new Error(`bench: the migration failed:\n${first.stdout.slice(-3000)}`);
    log(`  migration: first run ${first.seconds.toFixed(2)} s`);
    // kubectl on the control-plane host, and the API server's list requests, in the re-run: what the shared read saves, whatever the load.
    const callsBefore = (await kubectlCalls(cluster.controlHost)).length;
    const requestsBefore = cluster.cp.state.requests.length;
    const rerun = await measure(argv, { cwd: repoRoot() });
    const kubectl = (await kubectlCalls(cluster.controlHost)).length - callsBefore;
    const requests = cluster.cp.state.requests.length - requestsBefore;
    const r = recapTotals(rerun.stdout);
    if (rerun.code !== 0 || r.changed !== 0)
      throw new Error(`bench: the migration's re-run failed or changed something:\n${rerun.stdout.slice(-3000)}`);
    const drained = /drain/i.test(
      rerun.stdout
        .split('\n')
        .filter((l) => /changed:/.test(l))
        .join('\n'),
    );
    log(`  migration: re-run ${rerun.seconds.toFixed(2)} s, ${kubectl} kubectl calls`);
    return markdown(
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
        [
          `re-run (nothing to do${drained ? '' : ', no drain'})`,
          rerun.seconds.toFixed(2),
          rerun.peakRssMb.toFixed(0),
          rerun.cpuSeconds.toFixed(2),
          String(r.changed),
          String(kubectl),
          String(requests),
          rerun.load,
        ],
      ],
    );
  } finally {
    await cluster.stop();
  }
}
