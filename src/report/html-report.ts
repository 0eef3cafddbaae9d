// `runbook report RUN --html OUT`: one self-contained page (inline style and
// script, nothing fetched): the timeline of batches and hosts, each node's
// migration steps, the failures with their messages, the diffs and the recap.
// Every text from the events is escaped; the timeline's data rides in a JSON
// script element that the inline script draws.
import { formatDiff } from './diff.js';
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { formatDuration } from './run-summary.js';
import { outOfService, type RunTimeline } from './run-timeline.js';
import { clock, describeResult, milestoneText } from './text-report.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

// JSON inside <script>: no "</script>", no HTML comment opener, no line separators JS chokes on.
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const row = (cells: string[], cls = ''): string => `<tr${cls ? ` class="${cls}"` : ''}>${cells.join('')}</tr>`;
const td = (text: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</td>`;
// `numeric`: the columns whose numbers are right-aligned, their headers with them.
const th = (names: string[], numeric: readonly string[] = []): string =>
  `<tr>${names.map((n) => `<th${numeric.includes(n) ? ' class="num"' : ''}>${escapeHtml(n)}</th>`).join('')}</tr>`;

function milestonesSection(tl: RunTimeline): string {
  if (tl.nodes.length === 0) return '';
  const down = outOfService(tl);
  const rows = tl.nodes.map(({ host, outcome, summary, why }) => {
    const of = (...labels: string[]) =>
      tl.milestones
        .filter((m) => m.host === host && labels.includes(m.label))
        .map(milestoneText)
        .join(', ');
    const api = tl.apiOutages
      .filter((a) => a.host === host)
      .map((a) => `; the cluster's API away ${formatDuration(a.ms)}`);
    const away =
      down
        .filter((d) => d.host === host)
        .map((d) => formatDuration(d.ms))
        .join(', ') + api.join('');
    const cls = `milestone ${outcome.replace(' ', '-')}`;
    const said = `<td class="outcome">${escapeHtml(summary)}${why ? `<div class="why">because ${escapeHtml(why)}</div>` : ''}</td>`;
    return row(
      [
        td(host),
        said,
        td(of('drained')),
        td(of('switched', 'switch-failed')),
        td(of('Ready', 'back')),
        td(of('uncordoned')),
        td(away, 'num'),
      ],
      cls,
    );
  });
  return `<section id="nodes"><h2>Nodes: migrated, rolled back, not touched, or left</h2>
<p class="meta">Each time, and in brackets how long that step took (drain; from the drain to the switch, or to its failure; the wait for Ready).
Out of service: from the start of the drain to Ready, on either runtime.</p>
<table>${th(['node', 'outcome', 'drained', 'switched', 'Ready', 'uncordoned', 'out of service'], ['out of service'])}${rows.join('')}</table></section>`;
}

function failuresSection(tl: RunTimeline): string {
  if (tl.failures.length === 0) return '<section id="failures"><h2>Failures</h2><p>None.</p></section>';
  const rows = tl.failures.map((f) =>
    row(
      [td(clock(f.at)), td(f.host), td(f.task), td(f.ignored ? `${f.status} (ignored)` : f.status), td(f.msg, 'msg')],
      'failure',
    ),
  );
  const stops = tl.stops.map(
    (s) =>
      `<p><strong>Rollout stopped</strong> [${escapeHtml(s.play)}]: ${escapeHtml(s.reason)}. Done: ` +
      `${escapeHtml(s.done.join(', ') || 'none')}; failed: ` +
      `${escapeHtml(s.failed.join(', ') || 'none')}; untouched: ` +
      `${escapeHtml(s.untouched.join(', ') || 'none')}.</p>`,
  );
  return (
    `<section id="failures"><h2>Failures ` +
    `(${tl.failures.length})</h2>${stops.join('')}<table>${th(['at', 'host', 'task', 'status', 'message'])}${rows.join('')}</table></section>`
  );
}

function diffLine(line: string): string {
  const cls = line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
  return cls ? `<span class="${cls}">${escapeHtml(line)}</span>` : escapeHtml(line);
}

function diffsSection(tl: RunTimeline): string {
  if (tl.diffs.length === 0) return '';
  const items = tl.diffs.map(
    (d) =>
      `<details class="diff"><summary>${escapeHtml(`${d.host}: ${d.diff.path}`)} <span ` +
      `class="meta">[${escapeHtml(d.task)}]</span></summary><pre ` +
      `class="diff">${formatDiff(d.diff).trimEnd().split('\n').map(diffLine).join('\n')}</pre></details>`,
  );
  return `<section id="diffs"><h2>Diffs (${tl.diffs.length})</h2>${items.join('\n')}</section>`;
}

function recapSection(tl: RunTimeline): string {
  if (!tl.recap)
    return '<section id="recap"><h2>Recap</h2><p>None: the run ended before its recap (interrupted).</p></section>';
  const keys = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
  const rows = Object.entries(tl.recap).map(([host, c]) =>
    row(
      [td(host), ...keys.map((k) => td(String(c[k]), 'num'))],
      c.failed > 0 || c.unreachable > 0 ? 'recap bad' : 'recap',
    ),
  );
  return `<section id="recap"><h2>Recap</h2><table>${th(['host', ...keys], keys)}${rows.join('')}</table></section>`;
}

export function formatHtmlReport(id: string, tl: RunTimeline): string {
  const s = tl.summary;
  const data = { start: tl.start, end: tl.end, batches: tl.batches, spans: tl.spans, milestones: tl.milestones };
  const legend = ['ok', 'changed', 'failed', 'ignored', 'unreachable', 'skipped']
    .map((k) => `<span><i class="tl-span ${k}" style="position:static"></i>${k}</span>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(`runbook run ${id}: ${s.playbook}`)}</title>
<style>${REPORT_CSS}</style></head>
<body>
<header><h1>${escapeHtml(s.playbook)}${s.check ? ' <span class="meta">(--check)</span>' : ''}</h1>
<div class="meta">run ${escapeHtml(id)} · started ${escapeHtml(s.started.replace('T', ' ').replace('Z', ' UTC'))}
· took ${escapeHtml(formatDuration(s.durationMs))} · ${s.hosts.length} host(s): ${escapeHtml(s.hosts.join(', '))}</div>
<p>Result: <span id="result" class="badge ${s.result}">${escapeHtml(describeResult(tl))}</span></p></header>
<section id="timeline"><h2>Timeline</h2>
<div class="legend meta">${legend} <label><input type="checkbox" id="hide-ok"> hide ok and skipped tasks</label></div>
<div id="timeline-chart"></div><noscript>The timeline needs JavaScript; the tables below do not.</noscript>
<div id="tl-detail" class="meta">Click a bar for its task.</div></section>
${milestonesSection(tl)}
${failuresSection(tl)}
${diffsSection(tl)}
${recapSection(tl)}
<script type="application/json" id="run-data">${scriptJson(data)}</script>
<script>${REPORT_JS}</script>
</body></html>
`;
}
