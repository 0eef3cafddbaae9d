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

/** playbooks/containerd.yaml run on the cluster; pods mounting docker.sock allowed unless `o` says otherwise. */
const applyOn = (c: SimCluster, o: RunOpts = {}) =>
  runFile(playbook, { inventory: c.inventory, ...o, extraVars: { allow_docker_sock_pods: 'true', ...o.extraVars } });

export interface MigrationSuite {
  /** The suite's cluster, once its `before` hook has started it (read inside tests and hooks). */
  c: SimCluster;
  /** playbooks/containerd.yaml on the cluster; pods mounting docker.sock allowed unless `o` says otherwise. */
  apply: (o?: RunOpts) => Promise<Recorded>;
  /** The control plane's record of a node. */
  node: (name: string) => SimCluster['cp']['state']['nodes'][number];
}

/**
 * What every containerd-migration suite sets up: its own simulated cluster, started before its tests and
 * stopped after them, and the suite's time limit. Call it in the suite's `describe` function with `this`.
 */
export function migrationSuite(suite: Mocha.Suite): MigrationSuite {
  suite.timeout(240_000);
  let started: SimCluster | undefined;
  before(async () => {
    started = await startSimCluster();
  });
  after(async () => {
    await started?.stop();
  });
  const cluster = (): SimCluster => {
    if (!started) throw new Error('the simulated cluster is not started yet: use it inside a test or a hook');
    return started;
  };
  // Stands for the cluster the hook starts later, so the suites read `c.workers` as plain fields.
  const c = new Proxy({} as SimCluster, {
    get: (_, key) => {
      const value: unknown = Reflect.get(cluster(), key);
      return typeof value === 'function' ? value.bind(cluster()) : value;
    },
  });
  return {
    c,
    apply: (o = {}) => applyOn(cluster(), o),
    node: (name) => cluster().cp.state.nodes.find((n) => n.name === name)!,
  };
}
