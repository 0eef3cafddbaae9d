// What the engine tells the world. Reporters consume these; the engine never prints.
import type { SourcePos } from '../errors.js';
import type { FileDiff } from '../modules/contract.js';

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface TaskResult {
  host: string;
  status: HostStatus;
  /** One line per change applied (or, under --check, that would be applied). */
  changes: string[];
  diffs: FileDiff[];
  msg?: string;
  /** Module output (rc, stdout, stderr, dest, …). */
  data: Record<string, unknown>;
  durationMs: number;
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

export type RunEvent =
  | { kind: 'run-start'; playbook: string; check: boolean; diff: boolean }
  | { kind: 'play-start'; name: string; hosts: string[]; source: SourcePos }
  | { kind: 'task-start'; name: string; module: string; hosts: string[]; source: SourcePos }
  | { kind: 'task-result'; task: string; result: TaskResult }
  | { kind: 'play-end'; name: string }
  | { kind: 'run-end'; recap: Recap; durationMs: number };

export type EventKind = RunEvent['kind'];
export type Emit = (event: RunEvent) => void;
