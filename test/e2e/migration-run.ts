// What the end-to-end tests of playbooks/containerd.yaml (containerd-migration*.test.ts) share: the playbooks
// and the checks each run's report gets.
import { expect } from 'chai';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { runFile, type Recorded, type RunOpts } from '../support/run.js';
import { startSimCluster, type SimCluster } from './sim-cluster.js';

export const playbook = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'containerd.yaml');
export const cleanupPlaybook = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'docker-cleanup.yaml');
export const stops = (events: RunEvent[]) => events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []));
export const changes = (run: Recorded) => [...run.recap.values()].reduce((n, c) => n + c.changed, 0);
export const writes = (c: SimCluster) => c.cp.state.requests.filter((r) => !r.startsWith('GET'));
export const ENDPOINT = 'unix:///run/containerd/containerd.sock';
/** Honest reports: no task failed, none was rescued, on any host. */
export function expectClean(run: Recorded): void {
  const failures = run.results
    .filter((r) => r.status === 'failed' || r.status === 'unreachable')
    .map((r) => `${r.host}: ${r.msg}`);
  expect(failures, 'no fatal line').to.deep.equal([]);
  for (const [h, counts] of run.recap) expect(counts, h).to.include({ failed: 0, unreachable: 0, rescued: 0 });
  expect(stops(run.events)).to.deep.equal([]);
}

/** The calling suite's own simulated cluster: started before its tests (handed to `use`), stopped after them. */
export function withSimCluster(use: (c: SimCluster) => void): void {
  let started: SimCluster | undefined;
  before(async () => {
    started = await startSimCluster();
    use(started);
  });
  after(async () => {
    await started?.stop();
  });
}

/** playbooks/containerd.yaml run on the cluster; pods mounting docker.sock allowed unless `o` says otherwise. */
export const applyOn = (c: SimCluster, o: RunOpts = {}) =>
  runFile(playbook, { inventory: c.inventory, ...o, extraVars: { allow_docker_sock_pods: 'true', ...o.extraVars } });

/** The control plane's record of a node. */
export const nodeOf = (c: SimCluster, name: string) => c.cp.state.nodes.find((n) => n.name === name)!;
