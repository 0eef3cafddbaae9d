// `runbook report RUN`: a recorded run as text: the batches and, per host, when
// each task ran; each node's migration steps; the failures; the diffs; the recap.
import { formatDiff } from './diff.js';
import { formatRecapLine } from './recap.js';
import { formatDuration } from './run-summary.js';
import { outOfService, type Milestone, type RunTimeline } from './run-timeline.js';
import { formatStop } from './stop.js';

/** 12:30:40.123 (UTC): the clock time of an event. */
export const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

/** "Ready on containerd 12:30:40.123 (9.0 s)": a milestone as both reports print it. */
export const milestoneText = (m: Milestone): string => `${m.text} ${clock(m.at)} (${formatDuration(m.tookMs)})`;

export function describeResult(tl: RunTimeline): string {
  const s = tl.summary;
  const hosts = s.failedHosts.length > 0 ? ` (${s.failedHosts.join(', ')})` : '';
  return `${s.result}${hosts}${s.rolloutStopped ? ', rollout stopped' : ''}`;
}

export function formatTextReport(id: string, tl: RunTimeline): string {
  const s = tl.summary;
  const out: string[] = [
    `RUN ${id}: ${s.playbook}${s.check ? ' (--check)' : ''}`,
    `started ${s.started.replace('T', ' ').replace('Z', ' UTC')}, took ${formatDuration(s.durationMs)}, result: ${describeResult(tl)}`,
    `hosts: ${s.hosts.join(', ') || 'none'}`,
  ];
  let play = '';
  for (const b of tl.batches) {
    if (b.play !== play) out.push('', `PLAY [${b.play}]`);
    play = b.play;
    out.push(
      `  BATCH ${b.index}/${b.count}: ${b.hosts.join(', ')}  ${clock(b.start)} → ${clock(b.end)} (${formatDuration(b.end - b.start)})`,
    );
    for (const host of b.hosts) {
      const spans = tl.spans.filter((x) => x.host === host && x.start >= b.start - 1 && x.end <= b.end + 1);
      for (const x of spans) {
        const status = x.ignored ? 'ignored' : x.status;
        out.push(
          `    ${clock(x.start)} ${formatDuration(x.end - x.start).padStart(9)}  ${host.padEnd(14)} ` +
            `${status.padEnd(11)} ${x.handler ? 'HANDLER ' : ''}${x.task}`,
        );
      }
    }
  }
  if (tl.nodes.length > 0) {
    out.push('', 'NODES (migrated, rolled back, not touched, or where each was left)');
    const down = outOfService(tl);
    for (const { host, summary, why } of tl.nodes) {
      const steps = tl.milestones.filter((m) => m.host === host).map(milestoneText);
      const away = down.filter((d) => d.host === host).map((d) => formatDuration(d.ms));
      const api = tl.apiOutages.filter((a) => a.host === host).map((a) => formatDuration(a.ms));
      out.push(
        `  ${host}: ${summary}${steps.length > 0 ? ` — ${steps.join(', ')}` : ''}` +
          `${away.length > 0 ? `; out of service ${away.join(', ')}` : ''}` +
          `${api.length > 0 ? `; the cluster's API away ${api.join(', ')}` : ''}`,
      );
      if (why) out.push(`    because ${why}`);
    }
  }
  if (tl.failures.length > 0) {
    out.push('', 'FAILURES');
    for (const f of tl.failures)
      out.push(
        `  ${clock(f.at)} ${f.host} [${f.task}] ${f.status.toUpperCase()}${f.ignored ? ' (ignored)' : ''}: ${f.msg}`,
      );
  }
  if (tl.diffs.length > 0) {
    out.push('', 'DIFFS');
    for (const d of tl.diffs) out.push(`  ${d.host} [${d.task}]`, formatDiff(d.diff).trimEnd());
  }
  for (const stop of tl.stops) out.push('', formatStop(stop).trimEnd());
  out.push('', 'PLAY RECAP');
  if (tl.recap) for (const [host, c] of Object.entries(tl.recap)) out.push(formatRecapLine(host, c));
  else out.push('  none: the run ended before its recap (interrupted)');
  return out.join('\n') + '\n';
}
