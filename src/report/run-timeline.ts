// A run's events turned into what a report shows: when each host ran each
// task, the serial batches, the failures, the diffs, the recap, and for a node
// migration each node's milestones and outcome (node-outcomes.ts).
// Everything comes from the event lines: the report reads no host and no playbook.
import type { HostCounts, RolloutStop } from '../engine/events.js';
import type { FileDiff } from '../modules/contract.js';
import type { EventLine } from './event-schema.js';
import {
  nodeStep,
  nodeStories,
  type ApiOutage,
  type Milestone,
  type NodeStep,
  type NodeStory,
} from './node-outcomes.js';
import { summarizeRun, type RunSummary } from './run-summary.js';

export type { ApiOutage, Milestone, NodeStory } from './node-outcomes.js';

export interface TaskSpan {
  host: string;
  task: string;
  module: string;
  handler: boolean;
  /** ms since the epoch: when the task began and ended on this host. */
  start: number;
  end: number;
  status: string;
  ignored: boolean;
  msg?: string;
  delegatedTo?: string;
}

export interface BatchSpan {
  play: string;
  /** 1-based, of `count`; a play without serial has one batch of all its hosts. */
  index: number;
  count: number;
  hosts: string[];
  start: number;
  end: number;
}

export interface Failure {
  host: string;
  task: string;
  at: number;
  status: string;
  msg: string;
  ignored: boolean;
}

export interface RunTimeline {
  summary: RunSummary;
  start: number;
  end: number;
  batches: BatchSpan[];
  spans: TaskSpan[];
  milestones: Milestone[];
  /** What happened to each node a migration touched or read, from k8s_node's results. */
  nodes: NodeStory[];
  /** How long the cluster's API was away while a node that serves it switched (a single control plane). */
  apiOutages: ApiOutage[];
  failures: Failure[];
  diffs: { host: string; task: string; diff: FileDiff }[];
  recap?: Record<string, HostCounts>;
  stops: RolloutStop[];
}

export function buildTimeline(events: EventLine[]): RunTimeline {
  const t = (e: EventLine): number => Date.parse(e.at);
  const start = events.length > 0 ? t(events[0]!) : 0;
  const end = events.length > 0 ? t(events[events.length - 1]!) : 0;
  const tl: RunTimeline = {
    summary: summarizeRun(events),
    start,
    end,
    batches: [],
    spans: [],
    milestones: [],
    nodes: [],
    apiOutages: [],
    failures: [],
    diffs: [],
    stops: [],
  };
  let task = { name: '', module: '', handler: false };
  let batch: BatchSpan | undefined;
  const steps: NodeStep[] = [];
  for (const e of events) {
    if (batch) batch.end = t(e);
    switch (e.kind) {
      case 'play-start':
        // The engine announces batches only when serial cuts more than one: else the play is one.
        batch = { play: e.name, index: 1, count: 1, hosts: e.hosts, start: t(e), end: t(e) };
        if (e.hosts.length > 0) tl.batches.push(batch);
        break;
      case 'batch-start':
        if (batch && batch.count === 1 && tl.batches[tl.batches.length - 1] === batch) tl.batches.pop();
        batch = { play: e.play, index: e.index, count: e.count, hosts: e.hosts, start: t(e), end: t(e) };
        tl.batches.push(batch);
        break;
      case 'play-end':
        batch = undefined;
        break;
      case 'task-start':
        task = { name: e.name, module: e.module, handler: e.handler };
        break;
      case 'task-result': {
        const r = e.result;
        const span: TaskSpan = {
          host: r.host,
          task: e.task,
          module: task.module,
          handler: task.handler,
          start: t(e) - r.durationMs,
          end: t(e),
          status: r.status,
          ignored: r.ignored ?? false,
          msg: r.msg,
          delegatedTo: r.delegatedTo,
        };
        tl.spans.push(span);
        if (r.status === 'failed' || r.status === 'unreachable')
          tl.failures.push({
            host: r.host,
            task: e.task,
            at: t(e),
            status: r.status,
            msg: r.msg ?? '',
            ignored: span.ignored,
          });
        for (const diff of r.diffs) tl.diffs.push({ host: r.host, task: e.task, diff });
        const step = nodeStep(task.module, e.task, r, span.start, span.end);
        if (step) steps.push(step);
        break;
      }
      case 'rollout-stopped':
        tl.stops.push(e.stop);
        break;
      case 'run-end':
        tl.recap = e.recap;
        break;
      default:
        break;
    }
  }
  const untouched = [...new Set(tl.stops.flatMap((x) => x.untouched))];
  ({ milestones: tl.milestones, stories: tl.nodes, apiOutages: tl.apiOutages } = nodeStories(steps, untouched));
  return tl;
}

/** How long each node was out of service: from the start of its drain to Ready again (on either runtime). */
export function outOfService(tl: RunTimeline): { host: string; ms: number }[] {
  const out: { host: string; ms: number }[] = [];
  for (const ready of tl.milestones.filter((m) => m.label === 'Ready' || m.label === 'back')) {
    const drain = tl.milestones.find((m) => m.host === ready.host && m.label === 'drained' && m.at <= ready.at);
    if (drain) out.push({ host: ready.host, ms: ready.at - (drain.at - drain.tookMs) });
  }
  return out;
}
