// What happened to each node of a migration, from what k8s_node returned
// (its `milestone`: drained, ready-on-<runtime>, uncordoned; the node's facts)
// and the failures on that node, never from task names: migrated (drained,
// switched, Ready on the new runtime, uncordoned), rolled back (drained, then
// Ready on the runtime it was drained on, uncordoned), not touched, or left in
// a state the report names. For a node whose wait for Ready rode through an
// unreachable API server (a single control plane), how long the cluster's API
// was away: from the start of the step that stopped the node's old runtime to
// the end of that wait, both the events' own timestamps.
import type { EventLine } from './event-schema.js';

type Result = Extract<EventLine, { kind: 'task-result' }>['result'];

export type MilestoneLabel = 'drained' | 'switched' | 'switch-failed' | 'Ready' | 'back' | 'uncordoned';

/** A step of a node's migration: when it was reached and how long it took to get there. */
export interface Milestone {
  host: string;
  label: MilestoneLabel;
  /** As the reports print it: "Ready on containerd", "switch failed", "back on docker". */
  text: string;
  at: number;
  tookMs: number;
  task: string;
  /** For a failed switch: why. */
  why?: string;
}

/** For a node whose own API server went away with its runtime: how long, from the events. */
export interface ApiOutage {
  host: string;
  ms: number;
}

export type NodeOutcome = 'migrated' | 'rolled back' | 'not touched' | 'left';

export interface NodeStory {
  host: string;
  outcome: NodeOutcome;
  /** The outcome in words, with the state a node was left in. */
  summary: string;
  /** What failed on the node (task: message), when something did. */
  why?: string;
}

/** One k8s_node result or one failure on a node, in the order of the events. */
export interface NodeStep {
  host: string;
  task: string;
  /** k8s_node's action; undefined for a failure of another module. */
  action?: string;
  /** systemd's unit, when the step stopped one. */
  stopped?: string;
  status: string;
  ignored: boolean;
  start: number;
  end: number;
  data: Record<string, unknown>;
  msg: string;
}

/** k8s_node's action: its `action` field; records made before it had one are read by their data's shape. */
function actionOf(data: Record<string, unknown>): string | undefined {
  if (typeof data.action === 'string') return data.action;
  return 'pods_to_evict' in data ? 'drain' : 'pods' in data ? 'runtime' : undefined;
}

/** k8s_node's milestone: its `milestone` field; records made before it had one are read from the action. */
function milestoneOf(s: NodeStep): string | undefined {
  if (typeof s.data.milestone === 'string') return s.data.milestone;
  if (s.action === 'wait_ready')
    return s.data.ready === false ? undefined : `ready-on-${str(s.data.runtime_name) || 'its runtime'}`;
  return s.action === 'drain' ? 'drained' : s.action === 'uncordon' ? 'uncordoned' : undefined;
}

/** The step a task result gives a node's story, if any. */
export function nodeStep(module: string, task: string, r: Result, start: number, end: number): NodeStep | undefined {
  const action = module === 'k8s_node' ? actionOf(r.data) : undefined;
  const failed = r.status === 'failed' || r.status === 'unreachable';
  const unit = module === 'systemd' && typeof r.data.name === 'string' ? r.data.name : undefined;
  const stopped = unit !== undefined && r.changes.some((c) => c.startsWith(`stop ${unit}`)) ? unit : undefined;
  if (action === undefined && !failed && stopped === undefined) return undefined;
  const host = module === 'k8s_node' && typeof r.data.node === 'string' ? r.data.node : r.host;
  return {
    host,
    task,
    action,
    stopped,
    status: r.status,
    ignored: r.ignored ?? false,
    start,
    end,
    data: r.data,
    msg: r.msg ?? '',
  };
}

const ok = (s: NodeStep) => s.status === 'ok' || s.status === 'changed';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Each node's milestones and outcome, from its steps; `untouched` are the nodes a stopped rollout never reached. */
export function nodeStories(
  steps: NodeStep[],
  untouched: string[],
): { milestones: Milestone[]; stories: NodeStory[]; apiOutages: ApiOutage[] } {
  const milestones: Milestone[] = [];
  const stories: NodeStory[] = [];
  const apiOutages: ApiOutage[] = [];
  // Only a run that used k8s_node is a migration; a failure alone makes no node story.
  const read = steps.filter((s) => s.action !== undefined).map((s) => s.host);
  const hosts = read.length === 0 ? [] : [...new Set([...read, ...untouched])];
  for (const host of hosts) {
    const mine = steps.filter((s) => s.host === host);
    const ms: Milestone[] = [];
    const mark = (s: NodeStep, label: MilestoneLabel, text: string, at: number, tookMs: number, why?: string) =>
      ms.push({ host, label, text, at, tookMs, task: s.task, ...(why ? { why } : {}) });
    let drainedEnd: number | undefined;
    let drainedOn = '';
    let stoppedOld: NodeStep | undefined;
    let failure: NodeStep | undefined;
    let readyOn = '';
    let back = '';
    let uncordoned = false;
    let last: Record<string, unknown> = {};
    for (const s of mine) {
      if (s.action && Object.keys(s.data).length > 0) last = s.data;
      if (s.stopped !== undefined) {
        if (ok(s) && drainedOn && s.stopped === drainedOn && !stoppedOld) stoppedOld = s;
        if (ok(s)) continue;
      }
      if (!ok(s)) {
        if (s.ignored || drainedEnd === undefined || failure || uncordoned) continue;
        // The first failure between the drain and the uncordon is the switch failing (also a
        // check after a Ready on the new runtime); the rescue's own failures are not.
        failure = s;
        mark(s, 'switch-failed', 'switch failed', s.end, s.end - drainedEnd, s.msg);
        continue;
      }
      const milestone = milestoneOf(s);
      if (milestone === 'drained') {
        drainedEnd = s.end;
        drainedOn = str(s.data.runtime_name);
        mark(s, 'drained', 'drained', s.end, s.end - s.start);
      } else if (milestone?.startsWith('ready-on-')) {
        const runtime = milestone.slice('ready-on-'.length);
        if (typeof s.data.api_unreachable_s === 'number' && stoppedOld)
          apiOutages.push({ host, ms: s.end - stoppedOld.start });
        // Ready on the runtime it was drained on, after the drain, is a rollback's: "back".
        if (failure || (drainedOn !== '' && runtime === drainedOn)) {
          back = runtime;
          mark(s, 'back', `back on ${runtime}`, s.end, s.end - s.start);
        } else {
          // The wait for Ready begins once the runtime is switched and kubelet restarted.
          if (drainedEnd !== undefined) mark(s, 'switched', 'switched', s.start, s.start - drainedEnd);
          readyOn = runtime;
          mark(s, 'Ready', `Ready on ${runtime}`, s.end, s.end - s.start);
        }
      } else if (milestone === 'uncordoned' && drainedEnd !== undefined) {
        uncordoned = true;
        mark(s, 'uncordoned', 'uncordoned', s.end, s.end - s.start);
      }
    }
    milestones.push(...ms);
    stories.push({
      host,
      ...outcome({ drained: drainedEnd !== undefined, failure, readyOn, back, uncordoned, last, mine }),
    });
  }
  return { milestones, stories, apiOutages };
}

interface Facts {
  drained: boolean;
  failure?: NodeStep;
  readyOn: string;
  back: string;
  uncordoned: boolean;
  last: Record<string, unknown>;
  mine: NodeStep[];
}

function outcome(f: Facts): Omit<NodeStory, 'host'> {
  const runtime = str(f.last.container_runtime);
  const because = (s: NodeStep | undefined) => (s ? { why: `${s.task}: ${s.msg}` } : {});
  if (!f.drained) {
    const failed = f.mine.find((s) => !ok(s) && !s.ignored);
    return { outcome: 'not touched', summary: `not touched${runtime ? ` (on ${runtime})` : ''}`, ...because(failed) };
  }
  if (!f.failure && f.readyOn && f.uncordoned) return { outcome: 'migrated', summary: `migrated to ${f.readyOn}` };
  if (f.back && f.uncordoned)
    return { outcome: 'rolled back', summary: `rolled back to ${f.back}`, ...because(f.failure) };
  // Anything else stopped halfway: say where, from the node's last facts.
  const ready = f.last.ready === true ? 'Ready' : 'NotReady';
  return {
    outcome: 'left',
    summary: `left ${f.uncordoned ? 'schedulable' : 'cordoned'}, ${ready}, on ${runtime || 'no runtime'}`,
    ...because(f.failure),
  };
}
