// `runbook runs`: one line per recorded run, newest first.
import { formatDuration, type RunSummary } from './run-summary.js';

export interface RunRow {
  id: string;
  summary?: RunSummary;
  error?: string;
}

const MAX_HOSTS_SHOWN = 6;

export function formatRunsTable(rows: readonly RunRow[]): string {
  const lines = rows.map((r) => {
    const s = r.summary;
    if (!s) return [r.id, '-', 'unreadable', '-', r.error ?? '', ''];
    const result = `${s.check ? 'check ' : ''}${s.result}${s.failedHosts.length > 0 ? ` (${s.failedHosts.length})` : ''}`;
    const hosts =
      s.hosts.length > MAX_HOSTS_SHOWN
        ? `${s.hosts.slice(0, MAX_HOSTS_SHOWN).join(',')},+${s.hosts.length - MAX_HOSTS_SHOWN}`
        : s.hosts.join(',');
    return [r.id, s.started.slice(0, 19).replace('T', ' '), result, formatDuration(s.durationMs), s.playbook, hosts];
  });
  const table = [['ID', 'STARTED (UTC)', 'RESULT', 'DURATION', 'PLAYBOOK', 'HOSTS'], ...lines];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((l) => l[i]!.length)));
  return (
    table
      .map((l) =>
        l
          .map((cell, i) => (i === l.length - 1 ? cell : cell.padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
