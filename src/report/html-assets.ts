// The HTML report's own style and script, inlined into the page: it must open
// from a file, offline, with nothing fetched.

export const REPORT_CSS = `
:root { --ok: #3a9d5d; --changed: #d99a1e; --failed: #c8382e; --unreachable: #8e3bb5; --skipped: #9aa3ad; --ink: #1d232b; --line: #dde2e8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background: #f6f7f9; }
header, section { background: #fff; margin: 12px 16px; padding: 12px 16px; border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 0 0 8px; }
.meta { color: #55606c; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
.badge.ok { background: var(--ok); } .badge.failed { background: var(--failed); }
.badge.unreachable { background: var(--unreachable); } .badge.interrupted { background: #666; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.msg { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 12px; }
td.outcome .why { font-size: 12px; color: #5f6368; white-space: pre-wrap; }
.tl-axis, .tl-row { display: flex; align-items: center; }
.tl-label { width: 170px; flex: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; }
.tl-track { position: relative; flex: 1; height: 18px; background: #f0f2f5; border-radius: 3px; }
.tl-batch { margin-top: 8px; font-weight: 600; color: #55606c; }
.tl-span {
  position: absolute; top: 2px; height: 14px; min-width: 2px; border-radius: 2px; cursor: pointer; opacity: .9;
  overflow: hidden; print-color-adjust: exact; -webkit-print-color-adjust: exact;
}
/* The task's name on its bar, so a printed page says what each bar is (cut with … where the bar is short). */
.tl-name { display: block; padding: 0 3px; font-size: 10px; line-height: 14px; color: #fff; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tl-span.skipped .tl-name { color: var(--ink); }
.tl-span.ok { background: var(--ok); } .tl-span.changed { background: var(--changed); } .tl-span.failed { background: var(--failed); }
.tl-span.unreachable { background: var(--unreachable); } .tl-span.skipped { background: var(--skipped); }
.tl-span.ignored { background: repeating-linear-gradient(45deg, var(--failed), var(--failed) 3px, #f4b9b4 3px, #f4b9b4 6px); }
.tl-mark { position: absolute; top: -3px; width: 2px; height: 24px; background: #1f5fbf; }
.tl-mark span { position: absolute; top: -14px; left: 3px; font-size: 10px; color: #1f5fbf; white-space: nowrap; }
.tl-mark.switched span, .tl-mark.switch-failed span { top: 24px; } /* below the bar: a switch and Ready are often close */
.tl-mark.switch-failed { background: #b3261e; } .tl-mark.switch-failed span { color: #b3261e; }
.tl-row.marked { margin: 14px 0; }
.tl-axis .tl-track { background: none; height: 16px; font-size: 11px; color: #55606c; }
.tl-axis .tl-track span { position: absolute; transform: translateX(-50%); }
.hide-ok .tl-span.ok, .hide-ok .tl-span.skipped { display: none; }
#tl-detail { min-height: 1.5em; margin-top: 8px; font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; }
.legend span { display: inline-block; margin-right: 10px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
pre.diff { background: #f8f9fb; padding: 6px 8px; overflow-x: auto; font-size: 12px; margin: 4px 0 10px; }
pre.diff .add { color: #1a7f37; } pre.diff .del { color: #b42318; } pre.diff .hunk { color: #6b4fbb; }
`;

// Draws the timeline from the JSON the page carries: one row per host and
// batch, one bar per task, positioned by time; a click shows the task's details.
export const REPORT_JS = `
(function () {
  var data = JSON.parse(document.getElementById('run-data').textContent);
  var chart = document.getElementById('timeline-chart');
  var detail = document.getElementById('tl-detail');
  var total = Math.max(1, data.end - data.start);
  var pct = function (t) { return ((t - data.start) / total) * 100; };
  var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
  var clock = function (t) { return new Date(t).toISOString().slice(11, 23); };
  var secs = function (ms) { return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s'; };
  var axis = el('div', 'tl-axis'); axis.appendChild(el('div', 'tl-label', 'UTC'));
  var ticks = el('div', 'tl-track');
  [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
    var s = el('span', null, clock(data.start + f * total));
    s.style.left = (f * 100) + '%'; s.style.transform = 'translateX(' + (-100 * f) + '%)'; ticks.appendChild(s);
  });
  axis.appendChild(ticks); chart.appendChild(axis);
  data.batches.forEach(function (b) {
    chart.appendChild(el('div', 'tl-batch', b.play + ' - batch ' + b.index + '/' + b.count + ' (' + secs(b.end - b.start) + ')'));
    b.hosts.forEach(function (host) {
      var row = el('div', 'tl-row'); row.setAttribute('data-host', host);
      row.appendChild(el('div', 'tl-label', host));
      var track = el('div', 'tl-track');
      data.spans.forEach(function (s) {
        if (s.host !== host || s.end < b.start - 1 || s.start > b.end + 1) return;
        var bar = el('div', 'tl-span ' + (s.ignored ? 'ignored' : s.status));
        bar.style.left = pct(s.start) + '%'; bar.style.width = Math.max(0.2, pct(s.end) - pct(s.start)) + '%';
        var text = s.task + '\\n' + host + (s.delegatedTo ? ' -> ' + s.delegatedTo : '') + ': ' +
          (s.ignored ? 'failed (ignored)' : s.status) + ', ' + clock(s.start) + ' for ' + secs(s.end - s.start) +
          (s.msg ? '\\n' + s.msg : '');
        bar.title = text;
        bar.appendChild(el('span', 'tl-name', s.task));
        bar.addEventListener('click', function () { detail.textContent = text; });
        track.appendChild(bar);
      });
      data.milestones.forEach(function (m) {
        if (m.host !== host || m.at < b.start - 1 || m.at > b.end + 1) return;
        var mark = el('div', 'tl-mark ' + m.label); row.classList.add('marked'); mark.style.left = pct(m.at) + '%';
        mark.title = m.text + ' at ' + clock(m.at) + ' (' + secs(m.tookMs) + ')' + (m.why ? '\\n' + m.why : '');
        mark.appendChild(el('span', null, m.text)); track.appendChild(mark);
      });
      row.appendChild(track); chart.appendChild(row);
    });
  });
  document.getElementById('hide-ok').addEventListener('change', function (e) { chart.classList.toggle('hide-ok', e.target.checked); });
  chart.setAttribute('data-rendered', String(chart.querySelectorAll('.tl-row').length));
})();
`;
