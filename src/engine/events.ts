// What the engine tells the world. Reporters consume these; the engine never prints.
import type { SourcePos } from '../errors.js';
import type { FileDiff } from '../modules/contract.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

/** One loop item's outcome (a task without a loop has none). */
export interface ItemResult {
  item: unknown;
  /** loop_control.label, rendered: shown instead of the item. */
  label?: string;
  status: HostStatus;
  msg?: string;
}

export interface TaskResult {
  host: string;
  /** Set when the task ran on another host through delegate_to. */
  delegatedTo?: string;
  status: HostStatus;
  /** The task failed but had ignore_errors: it counts as ignored and the host goes on. */
  ignored?: boolean;
  /** A failure whose result says changed (a command that ran, changed_when): counted changed when ignored. */
  changed?: boolean;
  /** The task failed inside a block whose rescue takes the failure over: it counts as rescued, not failed. */
  rescued?: boolean;
  /** One line per change applied (or, under --check, that would be applied). */
  changes: string[];
  diffs: FileDiff[];
  msg?: string;
  /** Module output (rc, stdout, stderr, dest, …). */
  data: Record<string, unknown>;
  items?: ItemResult[];
  durationMs: number;
  /** Shown, not counted: an include_role's own result (ansible-core 2.14 counts only the tasks it runs). */
  uncounted?: boolean;
}

export interface HostCounts {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type Recap = Map<string, HostCounts>;

export const noCounts = (): HostCounts => ({
  ok: 0,
  changed: 0,
  unreachable: 0,
  failed: 0,
  skipped: 0,
  rescued: 0,
  ignored: 0,
});

/** The one way a result is counted: the recap, the live view and the report all count through it. */
export function countResult(c: HostCounts, r: TaskResult): void {
  if (r.uncounted) return;
  if (r.status === 'failed' && r.ignored) {
    // As ansible-core 2.14's strategy: an ignored failure also counts ok, and changed when its result says changed.
    c.ignored++;
    c.ok++;
    if (r.changed) c.changed++;
  } else if (r.status === 'failed' && r.rescued) c.rescued++;
  else if (r.status === 'changed') {
    c.ok++;
    c.changed++;
  } else c[r.status]++;
}

/** Why a rollout stopped before its last batch, and where each host stands. */
export interface RolloutStop {
  play: string;
  reason: string;
  /** Hosts whose batches completed without failing. */
  done: string[];
  failed: string[];
  /** Hosts in batches that never started. */
  untouched: string[];
  /** Each failed host's last failure: where a node was left is said there (the playbook's own message). */
  failures: { host: string; task: string; msg: string }[];
}

/** A host an interrupt left mid-way, and what is known of where it stands. */
export interface InterruptedHost {
  host: string;
  /** The last task that changed something on it in the interrupted batch. */
  lastChanged?: string;
  /** The innermost block with a `rescue:` it was inside (its rescue did not run). */
  block?: string;
  /** That block's operator note (`vars: runbook_interrupt_note`), said as written. */
  note?: string;
}

/** Where an interrupted run stopped: the final word before run-end. */
export interface RunInterruption {
  /** What stopped it (SIGINT, SIGTERM). */
  signal: string;
  /** The play under way, if any. */
  play?: string;
  /** Hosts of the batch under way that changed something or were inside a block with a rescue. */
  midway: InterruptedHost[];
  /** Hosts of the play's batches that never started. */
  untouched: string[];
}

export type RunEvent =
  | { kind: 'run-start'; playbook: string; check: boolean; diff: boolean }
  | { kind: 'play-start'; name: string; hosts: string[]; source: SourcePos }
  | { kind: 'batch-start'; play: string; index: number; count: number; hosts: string[] }
  | { kind: 'task-start'; name: string; module: string; hosts: string[]; source: SourcePos; handler: boolean }
  | { kind: 'task-retry'; task: string; host: string; attempt: number; retriesLeft: number; msg?: string }
  | { kind: 'task-result'; task: string; result: TaskResult }
  | { kind: 'rollout-stopped'; stop: RolloutStop }
  /** The first signal: no new task starts; running ones get `graceS` seconds, then are stopped. */
  | { kind: 'run-interrupting'; signal: string; graceS: number }
  | { kind: 'run-interrupted'; interruption: RunInterruption }
  | { kind: 'play-end'; name: string }
  /** A warning, said once per run: text as ansible-playbook 2.14 words it where it warns of the same. */
  | { kind: 'warning'; msg: string }
  | { kind: 'run-end'; recap: Recap; durationMs: number };

export type Emit = (event: RunEvent) => void;

/** The version of the event lines in `--json FILE` and the run record (schemas/events.v1.schema.json). */
export const EVENTS_SCHEMA_VERSION = 1;

/** An event as written to a file: with the schema version and when it was emitted (ISO 8601, UTC, ms). */
export type StampedEvent = RunEvent & { version: typeof EVENTS_SCHEMA_VERSION; at: string };

/**
 * `emit` that stamps each event with the time it was emitted: the engine emits
 * synchronously, so a report can compute when each task ran and how long each step took.
 */
export function stampingEmit(emit: (e: StampedEvent) => void, now: () => number = Date.now): Emit {
  return (event) => emit({ ...event, version: EVENTS_SCHEMA_VERSION, at: new Date(now()).toISOString() });
}
