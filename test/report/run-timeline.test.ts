import { expect } from 'chai';
import { buildTimeline, outOfService } from '../../src/report/run-timeline.js';
import type { EventLine } from '../../src/report/event-schema.js';
import { formatTextReport } from '../../src/report/text-report.js';

// Event lines as a containerd migration of one worker writes them (the tasks'
// names and k8s_node's data as playbooks/containerd/migrate-node.yaml gives them).
const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();
const source = { file: 'migrate-node.yaml', line: 1, col: 1 };
const base = { version: 1 as const };
function task(
  name: string,
  module: string,
  startS: number,
  endS: number,
  data: Record<string, unknown>,
  failed?: string,
): EventLine[] {
  const status = failed === undefined ? ('ok' as const) : ('failed' as const);
  return [
    { ...base, at: at(startS), kind: 'task-start', name, module, hosts: ['node2'], source, handler: false },
    {
      ...base,
      at: at(endS),
      kind: 'task-result',
      task: name,
      result: {
        host: 'node2',
        delegatedTo: 'cp1',
        status,
        changes: [],
        diffs: [],
        data,
        durationMs: (endS - startS) * 1000,
        ...(failed ? { msg: failed } : {}),
      },
    },
  ];
}
const onDocker = { node: 'node2', container_runtime: 'docker://20.10.24', runtime_name: 'docker' };
const onContainerd = { node: 'node2', container_runtime: 'containerd://1.6.20', runtime_name: 'containerd' };
const counts = { ok: 5, changed: 2, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
const migration: EventLine[] = [
  { ...base, at: at(0), kind: 'run-start', playbook: 'playbooks/containerd.yaml', check: false, diff: false },
  { ...base, at: at(0), kind: 'play-start', name: 'Migrate the nodes', hosts: ['node2'], source },
  ...task("Read the node's container runtime", 'k8s_node', 0, 1, {
    ...onDocker,
    action: 'runtime',
    ready: true,
    pods: [],
  }),
  ...task('Cordon and drain the node', 'k8s_node', 2, 14, {
    ...onDocker,
    action: 'drain',
    ready: true,
    pods_to_evict: ['default/web'],
    evicted: ['default/web'],
  }),
  ...task('Start kubelet', 'systemd', 20, 21, {}),
  ...task('Wait until the node is Ready (and, on a control-plane node, its API server back)', 'k8s_node', 22, 31, {
    ...onContainerd,
    action: 'wait_ready',
    ready: true,
  }),
  ...task('Check the node now runs on containerd', 'k8s_node', 31, 32, {
    ...onContainerd,
    action: 'runtime',
    ready: true,
    pods: [],
  }),
  ...task('Uncordon the node', 'k8s_node', 32, 33, {
    ...onContainerd,
    action: 'uncordon',
    ready: true,
    unschedulable: true,
  }),
  { ...base, at: at(33), kind: 'play-end', name: 'Migrate the nodes' },
  { ...base, at: at(33), kind: 'run-end', recap: { node2: counts }, durationMs: 33_000 },
];
// The same node whose switch fails on a lasting cause and is rolled back; every
// task name says "Ready", and only the module's results tell the waits apart.
const why =
  'node node2 will not become Ready by waiting: the sandbox (pause) image cannot be pulled (Ready condition, ' +
  '3 polls: KubeletNotReady: failed to get sandbox image "registry.k8s.io/pause:3.9": …)';
const rollback: EventLine[] = [
  ...migration.slice(0, 2),
  ...task('Cordon and drain the node', 'k8s_node', 2, 14, {
    ...onDocker,
    action: 'drain',
    ready: true,
    pods_to_evict: [],
    evicted: [],
  }),
  ...task(
    'Wait until the node is Ready (and, on a control-plane node, its API server back)',
    'k8s_node',
    22,
    29,
    {
      ...onContainerd,
      action: 'wait_ready',
      ready: false,
      wait: { outcome: 'lasting', cause: 'sandbox_image', polls: 3 },
    },
    why,
  ),
  ...task(
    'Wait until the node is Ready on Docker again (and its API server, on a control-plane node)',
    'k8s_node',
    31,
    33,
    { ...onDocker, action: 'wait_ready', ready: true },
  ),
  ...task('Uncordon the node', 'k8s_node', 33, 34, {
    ...onDocker,
    action: 'uncordon',
    ready: true,
    unschedulable: true,
  }),
  ...task(
    'Stop the rollout (node rolled back)',
    'fail',
    34,
    34,
    {},
    'node2 did not come back Ready on containerd; it was rolled back to Docker',
  ),
  { ...base, at: at(35), kind: 'play-end', name: 'Migrate the nodes' },
  { ...base, at: at(35), kind: 'run-end', recap: { node2: { ...counts, failed: 1, rescued: 1 } }, durationMs: 35_000 },
];

// The same runs as k8s_node writes them now (its `milestone`), under task names that say
// nothing: the report reads results, so neither renaming nor misleading titles change it.
const renamed = (events: EventLine[]): EventLine[] => {
  let n = 0;
  const names = new Map<string, string>();
  const rename = (t: string) => {
    if (!names.has(t)) names.set(t, `step ${++n}`);
    return names.get(t)!;
  };
  return events.map((e) =>
    e.kind === 'task-start'
      ? { ...e, name: rename(e.name) }
      : e.kind === 'task-result'
        ? { ...e, task: rename(e.task) }
        : e,
  );
};
const withMilestones = (events: EventLine[]): EventLine[] =>
  events.map((e) => {
    if (e.kind !== 'task-result' || typeof e.result.data.action !== 'string') return e;
    const d = e.result.data;
    const milestone =
      d.action === 'drain'
        ? 'drained'
        : d.action === 'uncordon'
          ? 'uncordoned'
          : d.action === 'wait_ready' && d.ready
            ? `ready-on-${String(d.runtime_name)}`
            : undefined;
    return milestone ? { ...e, result: { ...e.result, data: { ...d, milestone } } } : e;
  });

describe("the report's timeline of a node migration", () => {
  it('finds when the node was drained, switched and Ready again, and how long each took, from the events alone', () => {
    const tl = buildTimeline(migration);
    expect(tl.milestones.map((m) => [m.text, (m.at - T0) / 1000, m.tookMs / 1000])).to.deep.equal([
      ['drained', 14, 12],
      ['switched', 22, 8],
      ['Ready on containerd', 31, 9],
      ['uncordoned', 33, 1],
    ]);
    expect(tl.nodes).to.deep.equal([{ host: 'node2', outcome: 'migrated', summary: 'migrated to containerd' }]);
    expect(outOfService(tl)).to.deep.equal([{ host: 'node2', ms: 29_000 }]);
    expect(tl.batches).to.deep.equal([
      { play: 'Migrate the nodes', index: 1, count: 1, hosts: ['node2'], start: T0, end: T0 + 33_000 },
    ]);
    expect(tl.spans.map((s) => s.module)).to.deep.equal([
      'k8s_node',
      'k8s_node',
      'systemd',
      'k8s_node',
      'k8s_node',
      'k8s_node',
    ]);
    expect(formatTextReport('r1', tl)).to.contain(
      'NODES (migrated, rolled back, not touched, or where each was left)\n  node2: ' +
        'migrated to containerd — drained 10:00:14.000 (12.0 s), switched 10:00:22.000 (8.0 s), ' +
        'Ready on containerd 10:00:31.000 (9.0 s), uncordoned 10:00:33.000 (1.0 s); ' +
        'out of service 29.0 s\n',
    );
  });

  it('a node whose switch failed and whose rollback wait ended Ready on Docker is "rolled back", not switched', () => {
    const tl = buildTimeline(rollback);
    expect(tl.milestones.map((m) => [m.text, (m.at - T0) / 1000])).to.deep.equal([
      ['drained', 14],
      ['switch failed', 29],
      ['back on docker', 33],
      ['uncordoned', 34],
    ]);
    expect(tl.milestones.find((m) => m.label === 'switch-failed')?.why).to.equal(why);
    const [story] = tl.nodes;
    expect(story).to.include({ host: 'node2', outcome: 'rolled back' });
    expect(story).to.deep.equal({
      host: 'node2',
      outcome: 'rolled back',
      summary: 'rolled back to docker',
      why: `Wait until the node is Ready (and, on a control-plane node, its API server back): ${why}`,
    });
    const text = formatTextReport('r3', tl);
    expect(text).to.contain(
      '  node2: rolled back to docker — drained 10:00:14.000 (12.0 s), switch failed 10:00:29.000 (15.0 s), ' +
        'back on docker 10:00:33.000 (2.0 s), uncordoned 10:00:34.000 (1.0 s); out of service 31.0 s\n' +
        `    because Wait until the node is Ready (and, on a control-plane node, its API server back): ${why}\n`,
    );
    const line = text.split('\n').find((l) => l.startsWith('  node2: '));
    expect(line).not.to.match(/switched|Ready on/);
  });

  it("a check that fails after Ready on containerd rolls the node back too: the rollback's Ready on Docker is no second switch", () => {
    const proofFails = [
      ...migration.slice(0, 10),
      ...task(
        'Proof on the node, through crictl',
        'shell',
        32,
        40,
        {},
        'not running on containerd: kube-system/kube-proxy-node2',
      ),
      ...rollback.slice(6),
    ];
    const tl = buildTimeline(proofFails);
    expect(tl.milestones.map((m) => m.text)).to.deep.equal([
      'drained',
      'switched',
      'Ready on containerd',
      'switch failed',
      'back on docker',
      'uncordoned',
    ]);
    expect(tl.nodes[0]).to.deep.equal({
      host: 'node2',
      outcome: 'rolled back',
      summary: 'rolled back to docker',
      why: 'Proof on the node, through crictl: not running on containerd: kube-system/kube-proxy-node2',
    });
  });

  it('a node the drain failed on is not touched; one whose rollback failed too is left in a named state; a run without k8s_node has no nodes', () => {
    const drainFails = [
      ...migration.slice(0, 4),
      ...task(
        'Cordon and drain the node',
        'k8s_node',
        2,
        14,
        { ...onDocker, action: 'drain', ready: true },
        'blocked by default/db-pdb',
      ),
    ];
    expect(buildTimeline(drainFails).nodes).to.deep.equal([
      {
        host: 'node2',
        outcome: 'not touched',
        summary: 'not touched (on docker://20.10.24)',
        why: 'Cordon and drain the node: blocked by default/db-pdb',
      },
    ]);
    const stuck = [
      ...rollback.slice(0, 6),
      ...task(
        'Wait until the node is Ready on Docker again (and its API server, on a control-plane node)',
        'k8s_node',
        31,
        40,
        { ...onContainerd, action: 'wait_ready', ready: false },
        'not Ready after 300 s',
      ),
      ...task('Read where the node was left', 'k8s_node', 40, 41, {
        ...onContainerd,
        action: 'runtime',
        ready: false,
        unschedulable: true,
        pods: [],
      }),
    ];
    expect(buildTimeline(stuck).nodes[0]).to.deep.include({ outcome: 'left' });
    expect(buildTimeline(stuck).nodes[0]).to.deep.include({
      summary: 'left cordoned, NotReady, on containerd://1.6.20',
    });
    expect(buildTimeline(stuck).nodes[0]?.why).to.match(/^Wait until the node is Ready \(and/);
    const plain = migration.filter((e) => e.kind !== 'task-result' || e.task === 'Start kubelet');
    expect(buildTimeline(plain).nodes).to.deep.equal([]);
  });

  it('a node never drained has no switch; a run without its end is interrupted, with no recap', () => {
    const cut = migration.filter(
      (e) => !e.kind.startsWith('run-end') && !(e.kind === 'task-result' && /drain/.test(e.task)),
    );
    const tl = buildTimeline(cut);
    expect(tl.milestones.map((m) => m.label)).to.deep.equal(['Ready']);
    expect(tl.summary.result).to.equal('interrupted');
    expect(formatTextReport('r2', tl)).to.contain('PLAY RECAP\n  none: the run ended before its recap (interrupted)\n');
  });
  it("renaming every task keeps the milestones and the outcome (they come from k8s_node's results)", () => {
    const named = buildTimeline(withMilestones(migration));
    const plain = buildTimeline(renamed(withMilestones(migration)));
    const shape = (tl: ReturnType<typeof buildTimeline>) => ({
      m: tl.milestones.map((m) => [m.text, m.at, m.tookMs]),
      nodes: tl.nodes,
    });
    expect(shape(plain)).to.deep.equal(shape(named));
    expect(plain.milestones.map((m) => m.text)).to.deep.equal([
      'drained',
      'switched',
      'Ready on containerd',
      'uncordoned',
    ]);
    expect(plain.milestones.map((m) => m.task)).to.deep.equal(['step 2', 'step 4', 'step 4', 'step 6']);
    expect(plain.nodes).to.deep.equal([{ host: 'node2', outcome: 'migrated', summary: 'migrated to containerd' }]);
  });

  it("the rollback's wait for Ready, under any name, is shown as the rollback: back on docker, rolled back", () => {
    const tl = buildTimeline(renamed(withMilestones(rollback)));
    expect(tl.milestones.map((m) => [m.label, m.text])).to.deep.equal([
      ['drained', 'drained'],
      ['switch-failed', 'switch failed'],
      ['back', 'back on docker'],
      ['uncordoned', 'uncordoned'],
    ]);
    expect(tl.nodes[0]).to.deep.include({ outcome: 'rolled back', summary: 'rolled back to docker' });
    expect(formatTextReport('r4', tl)).to.match(/^ {2}node2: rolled back to docker — drained .*, back on docker /m);
    // Ready again on the runtime the node was drained on is a rollback even where no failure was recorded.
    const noFailure = renamed(withMilestones(rollback)).filter(
      (e) => !(e.kind === 'task-result' && e.result.status === 'failed'),
    );
    expect(buildTimeline(noFailure).nodes[0]).to.deep.include({
      outcome: 'rolled back',
      summary: 'rolled back to docker',
    });
  });

  it("tells how long the cluster's API was away from the events' timestamps: from stopping the node's old runtime to its Ready", () => {
    const stopDocker: EventLine[] = [
      {
        ...base,
        at: at(18),
        kind: 'task-start',
        name: 'step x',
        module: 'systemd',
        hosts: ['node2'],
        source,
        handler: false,
      },
      {
        ...base,
        at: at(19),
        kind: 'task-result',
        task: 'step x',
        result: {
          host: 'node2',
          status: 'changed',
          changes: ['stop docker (was active)'],
          diffs: [],
          data: { name: 'docker' },
          durationMs: 1000,
        },
      },
    ];
    const events = withMilestones(migration).flatMap((e) => {
      if (e.kind === 'task-result' && e.result.data.action === 'wait_ready')
        return [{ ...e, result: { ...e.result, data: { ...e.result.data, api_unreachable_s: 7 } } }];
      if (e.kind === 'task-start' && e.name === 'Start kubelet') return [...stopDocker, e];
      return [e];
    });
    const tl = buildTimeline(renamed(events));
    expect(tl.apiOutages).to.deep.equal([{ host: 'node2', ms: 13_000 }]);
    expect(formatTextReport('r5', tl)).to.contain(
      "uncordoned 10:00:33.000 (1.0 s); out of service 29.0 s; the cluster's API away 13.0 s\n",
    );
    // A worker's wait that never lost the API has no outage.
    expect(buildTimeline(withMilestones(migration)).apiOutages).to.deep.equal([]);
  });
});
