// A run's events turned into what a report shows: when each host ran each
// task, the serial batches, the failures, the diffs, the recap, and for a node
// migration the milestones (drained, switched, Ready again) with how long each took.
// Everything comes from the event lines: the report reads no host and no playbook.
import type { HostCounts, RolloutStop } from '../engine/events.js';
import type { FileDiff } from '../modules/contract.js';
import type { EventLine } from './event-schema.js';
import { summarizeRun, type RunSummary } from './run-summary.js';

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

export type MilestoneLabel = 'drained' | 'switched' | 'Ready';

/** A step of a node's migration: when it was reached and how long it took to get there. */
export interface Milestone {
  host: string;
  label: MilestoneLabel;
  at: number;
  tookMs: number;
  task: string;
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
  failures: Failure[];
  diffs: { host: string; task: string; diff: FileDiff }[];
  recap?: Record<string, HostCounts>;
  stops: RolloutStop[];
}

type Result = Extract<EventLine, { kind: 'task-result' }>['result'];

// k8s_node's drain returns the pods it evicted; its wait_ready returns the node
// without the pod list that `runtime` adds. The task's name says "Ready".
const isDrain = (module: string, r: Result): boolean => module === 'k8s_node' && 'pods_to_evict' in r.data;
const isReadyWait = (module: string, task: string, r: Result): boolean =>
  module === 'k8s_node' && /\bready\b/i.test(task) && !('pods' in r.data) && !('pods_to_evict' in r.data);

export function buildTimeline(events: EventLine[]): RunTimeline {
  const t = (e: EventLine): number => Date.parse(e.at);
  const start = events.length > 0 ? t(events[0]!) : 0;
  const end = events.length > 0 ? t(events[events.length - 1]!) : 0;
  const tl: RunTimeline = { summary: summarizeRun(events), start, end, batches: [], spans: [], milestones: [], failures: [], diffs: [], stops: [] };
  let task = { name: '', module: '', handler: false };
  let batch: BatchSpan | undefined;
  const drainedAt = new Map<string, { start: number; end: number }>();
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
        const span: TaskSpan = { host: r.host, task: e.task, module: task.module, handler: task.handler, start: t(e) - r.durationMs, end: t(e), status: r.status, ignored: r.ignored ?? false, msg: r.msg, delegatedTo: r.delegatedTo };
        tl.spans.push(span);
        if (r.status === 'failed' || r.status === 'unreachable') tl.failures.push({ host: r.host, task: e.task, at: t(e), status: r.status, msg: r.msg ?? '', ignored: span.ignored });
        for (const diff of r.diffs) tl.diffs.push({ host: r.host, task: e.task, diff });
        if (r.status !== 'ok' && r.status !== 'changed') break;
        if (isDrain(task.module, r)) {
          drainedAt.set(r.host, { start: span.start, end: span.end });
          tl.milestones.push({ host: r.host, label: 'drained', at: span.end, tookMs: r.durationMs, task: e.task });
        } else if (isReadyWait(task.module, e.task, r)) {
          // The wait for Ready begins once the runtime is switched and kubelet restarted.
          const drained = drainedAt.get(r.host);
          if (drained) tl.milestones.push({ host: r.host, label: 'switched', at: span.start, tookMs: span.start - drained.end, task: e.task });
          tl.milestones.push({ host: r.host, label: 'Ready', at: span.end, tookMs: r.durationMs, task: e.task });
        }
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
  return tl;
}

/** How long each migrated node was out of service: from the start of its drain to Ready again. */
export function outOfService(tl: RunTimeline): { host: string; ms: number }[] {
  const out: { host: string; ms: number }[] = [];
  for (const ready of tl.milestones.filter((m) => m.label === 'Ready')) {
    const drain = tl.milestones.find((m) => m.host === ready.host && m.label === 'drained' && m.at <= ready.at);
    if (drain) out.push({ host: ready.host, ms: ready.at - (drain.at - drain.tookMs) });
  }
  return out;
}
