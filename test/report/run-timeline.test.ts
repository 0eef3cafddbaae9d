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
function task(name: string, module: string, startS: number, endS: number, data: Record<string, unknown>): EventLine[] {
  return [
    { ...base, at: at(startS), kind: 'task-start', name, module, hosts: ['node2'], source, handler: false },
    { ...base, at: at(endS), kind: 'task-result', task: name, result: { host: 'node2', delegatedTo: 'cp1', status: 'ok', changes: [], diffs: [], data, durationMs: (endS - startS) * 1000 } },
  ];
}
const counts = { ok: 5, changed: 2, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
const migration: EventLine[] = [
  { ...base, at: at(0), kind: 'run-start', playbook: 'playbooks/containerd.yaml', check: false, diff: false },
  { ...base, at: at(0), kind: 'play-start', name: 'Migrate the nodes', hosts: ['node2'], source },
  ...task('Read the node\'s container runtime', 'k8s_node', 0, 1, { node: 'node2', ready: true, pods: [] }),
  ...task('Cordon and drain the node', 'k8s_node', 2, 14, { node: 'node2', ready: true, pods_to_evict: ['default/web'], evicted: ['default/web'] }),
  ...task('Start kubelet', 'systemd', 20, 21, {}),
  ...task('Wait until the node is Ready (and, on a control-plane node, its API server back)', 'k8s_node', 22, 31, { node: 'node2', ready: true }),
  ...task('Check the node now runs on containerd', 'k8s_node', 31, 32, { node: 'node2', ready: true, pods: [] }),
  { ...base, at: at(33), kind: 'play-end', name: 'Migrate the nodes' },
  { ...base, at: at(33), kind: 'run-end', recap: { node2: counts }, durationMs: 33_000 },
];

describe('the report\'s timeline of a node migration', () => {
  it('finds when the node was drained, switched and Ready again, and how long each took, from the events alone', () => {
    const tl = buildTimeline(migration);
    expect(tl.milestones.map((m) => [m.label, (m.at - T0) / 1000, m.tookMs / 1000])).to.deep.equal([
      ['drained', 14, 12],
      ['switched', 22, 8],
      ['Ready', 31, 9],
    ]);
    expect(outOfService(tl)).to.deep.equal([{ host: 'node2', ms: 29_000 }]);
    expect(tl.batches).to.deep.equal([{ play: 'Migrate the nodes', index: 1, count: 1, hosts: ['node2'], start: T0, end: T0 + 33_000 }]);
    expect(tl.spans.map((s) => s.module)).to.deep.equal(['k8s_node', 'k8s_node', 'systemd', 'k8s_node', 'k8s_node']);
    expect(formatTextReport('r1', tl)).to.contain(
      'NODES (drained, switched, Ready again)\n  node2: drained 10:00:14.000 (12.0 s), switched 10:00:22.000 (8.0 s), Ready 10:00:31.000 (9.0 s); out of service 29.0 s\n',
    );
  });

  it('a node never drained has no switch; a run without its end is interrupted, with no recap', () => {
    const cut = migration.filter((e) => !e.kind.startsWith('run-end') && !(e.kind === 'task-result' && /drain/.test(e.task)));
    const tl = buildTimeline(cut);
    expect(tl.milestones.map((m) => m.label)).to.deep.equal(['Ready']);
    expect(tl.summary.result).to.equal('interrupted');
    expect(formatTextReport('r2', tl)).to.contain('PLAY RECAP\n  none: the run ended before its recap (interrupted)\n');
  });
});
