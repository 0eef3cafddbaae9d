// One run in a line's worth of facts, from its events alone: what `runbook runs`
// lists and what `--limit @last-failed` retries.
import type { EventLine } from './event-schema.js';

export type RunResult = 'ok' | 'failed' | 'unreachable' | 'interrupted';

export interface RunSummary {
  playbook: string;
  check: boolean;
  /** The first event's time (ISO 8601). */
  started: string;
  durationMs: number;
  hosts: string[];
  /** `interrupted`: stopped by SIGINT/SIGTERM, or the events end before the run did (a killed process). */
  result: RunResult;
  /** Failed or unreachable hosts, as Ansible's .retry lists them. */
  failedHosts: string[];
  rolloutStopped: boolean;
}

type Of<K extends EventLine['kind']> = Extract<EventLine, { kind: K }>;
const ofKind = <K extends EventLine['kind']>(events: EventLine[], kind: K): Of<K>[] =>
  events.filter((e): e is Of<K> => e.kind === kind);

export function summarizeRun(events: EventLine[]): RunSummary {
  const start = ofKind(events, 'run-start')[0];
  const end = ofKind(events, 'run-end')[0];
  const first = events[0];
  const last = events[events.length - 1];
  const played = [...new Set(ofKind(events, 'play-start').flatMap((p) => p.hosts))];
  const recap = end ? Object.entries(end.recap) : [];
  const failedHosts = recap.filter(([, c]) => c.failed > 0 || c.unreachable > 0).map(([h]) => h);
  // A signal's wind-down ends with a recap too; the run-interrupted event says it was cut short.
  const result: RunResult =
    !end || ofKind(events, 'run-interrupted').length > 0
      ? 'interrupted'
      : recap.some(([, c]) => c.failed > 0)
        ? 'failed'
        : recap.some(([, c]) => c.unreachable > 0)
          ? 'unreachable'
          : 'ok';
  return {
    playbook: start?.playbook ?? '?',
    check: start?.check ?? false,
    started: first?.at ?? '',
    durationMs: end ? end.durationMs : first && last ? Date.parse(last.at) - Date.parse(first.at) : 0,
    hosts: end ? recap.map(([h]) => h) : played,
    result,
    failedHosts,
    rolloutStopped: events.some((e) => e.kind === 'rollout-stopped'),
  };
}

/** 4.2 s, 3 min 5 s, 1 h 2 min: how long a run or a step took. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
