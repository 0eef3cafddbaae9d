import { expect } from 'chai';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lab/paths.js';
import { noStackTrace } from '../cli/support.js';
import { dumpDom, needChromium, printToPdf, screenshot } from './chromium.js';
import { recordedCli, SECRET } from './record-support.js';

const outputDir = join(repoRoot(), '.test-output', 'report');
/** Any duration formatDuration writes: on a loaded machine a run may pass a minute ("1 min 5 s"). */
const DURATION = String.raw`(?:[\d.]+ m?s|\d+ min \d+ s|\d+ h \d+ min)`;

interface Measured {
  recap: { head: string; headRight: number; cells: number[] }[];
  bars: { task: string | null; width: number; textWidth: number; fontPx: number }[];
}

// Right edges of the recap's header texts and cell texts, and each timeline bar's name, as laid out.
const MEASURE = `(function () {
  var right = function (el) { var r = document.createRange(); r.selectNodeContents(el); return Math.round(r.getBoundingClientRect().right); };
  var heads = [].slice.call(document.querySelectorAll('#recap th'));
  var rows = [].slice.call(document.querySelectorAll('#recap tr.recap'));
  var recap = heads.map(function (h, i) {
    return { head: h.textContent, headRight: right(h), cells: rows.map(function (r) { return right(r.children[i]); }) };
  });
  var bars = [].slice.call(document.querySelectorAll('#timeline-chart .tl-span')).map(function (b) {
    var n = b.querySelector('.tl-name');
    return {
      task: n ? n.textContent : null, width: Math.round(b.getBoundingClientRect().width),
      textWidth: n ? n.scrollWidth : 0, fontPx: n ? parseFloat(getComputedStyle(n).fontSize) : 0,
    };
  });
  document.body.setAttribute('data-measured', JSON.stringify({ recap: recap, bars: bars }));
})();`;

describe('runbook report: a recorded run that failed on one host, as text and as one HTML page', () => {
  const cli = recordedCli();
  let id = '';
  before(function () {
    this.timeout(120_000);
    const r = cli.apply(['--diff']);
    expect(r.code, r.stdout).to.equal(2);
    id = cli
      .files()
      .find((f) => f.endsWith('.jsonl'))!
      .replace(/\.jsonl$/, '');
  });

  it("as text: the batches with each host's tasks in time, the failure with its message, the diffs, the recap; no secret", () => {
    const r = cli.run(['report', 'last']);
    expect(r.code, r.stderr).to.equal(0);
    const text = r.stdout;
    expect(text).to.match(new RegExp(`^RUN ${id.replace('.', '\\.')}: ${cli.playbook}$`, 'm'));
    expect(text).to.match(new RegExp(String.raw`^started .* UTC, took ${DURATION}, result: failed \(node2\)$`, 'm'));
    expect(text).to.match(/^ {2}BATCH 1\/2: node1, node2 {2}\d\d:\d\d:\d\d\.\d{3} → \d\d:\d\d:\d\d\.\d{3} \(/m);
    expect(text).to.match(/^ {2}BATCH 2\/2: node3 /m);
    expect(text).to.match(
      new RegExp(String.raw`^ {4}\d\d:\d\d:\d\d\.\d{3} +${DURATION} {2}node2 +failed +Refuse node2$`, 'm'),
    );
    expect(text).to.match(
      new RegExp(String.raw`^ {4}\d\d:\d\d:\d\d\.\d{3} +${DURATION} {2}node3 +changed +Done$`, 'm'),
    );
    expect(text).to.match(
      /^FAILURES\n {2}\d\d:\d\d:\d\d\.\d{3} node2 \[Refuse node2\] FAILED: node2 is not ready for the motd$/m,
    );
    expect(text)
      .to.match(/^DIFFS\n {2}node[12] \[Write the motd\]\n--- before: \/tmp\/record-motd/m)
      .and.contain('+hello from node3');
    expect(text).to.match(/^node2 +: ok=2 +changed=1 +unreachable=0 +failed=1 /m);
    expect(text).not.to.contain(SECRET);
    // The same run by its id, by the start of its id, and as the file itself.
    expect(cli.run(['report', id]).stdout).to.equal(text);
    expect(cli.run(['report', id.slice(0, 17)]).stdout).to.equal(text);
    expect(cli.run(['report', join(cli.runsDir, `${id}.jsonl`)]).stdout).to.equal(text);
    expect(readFileSync(join(cli.runsDir, `${id}.jsonl`), 'utf8'))
      .to.contain('********')
      .and.not.contain(SECRET);
  });

  it(
    'as HTML in headless Chromium: the timeline is drawn (a row per host and batch, the failed bar) ' +
      'and the failure row is there; one screenshot kept',
    function () {
      this.timeout(180_000);
      needChromium(this);
      mkdirSync(outputDir, { recursive: true });
      const page = join(outputDir, 'failed-run.html');
      const r = cli.run(['report', id, '--html', page]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(`wrote ${page} (run ${id}: ${cli.playbook}, failed)\n`);
      const html = readFileSync(page, 'utf8');
      expect(html).not.to.match(/(src|href)=["']?(https?:)?\/\//);
      expect(html).not.to.contain(SECRET);

      const dom = dumpDom(page);
      expect(dom).to.contain('id="timeline-chart" data-rendered="3"');
      for (const host of ['node1', 'node2', 'node3'])
        expect(dom).to.contain(`<div class="tl-row" data-host="${host}">`);
      expect(dom).to.match(
        new RegExp(
          String.raw`<div class="tl-span failed" title="Refuse node2\nnode2: failed, [\d:.]+ for \d+ ms\n` +
            String.raw`node2 is not ready for the motd" style="left: [\d.]+%; width: [\d.]+%;">`,
        ),
      );
      expect(dom).to.contain('roll out the motd - batch 2/2');
      expect(dom).to.match(
        new RegExp(
          String.raw`<tr class="failure"><td>\d\d:\d\d:\d\d\.\d{3}</td><td>node2</td><td>Refuse node2</td>` +
            `<td>failed</td><td class="msg">node2 is not ready for the motd</td></tr>`,
        ),
      );
      expect(dom).to.contain('<span id="result" class="badge failed">failed (node2)</span>');
      expect(dom).to.match(/<summary>node3: \/tmp\/record-motd/);

      const png = join(outputDir, 'failed-run.png');
      screenshot(page, png);
      expect(statSync(png).size).to.be.above(10_000);
    },
  );

  it(
    "as HTML in headless Chromium: each bar carries its task's name (seen in print, not only on hover), " +
      "the recap's numbers sit right under their headers",
    function () {
      this.timeout(180_000);
      needChromium(this);
      mkdirSync(outputDir, { recursive: true });
      const page = join(outputDir, 'failed-run-measured.html');
      expect(cli.run(['report', id, '--html', page]).code).to.equal(0);
      // The page as shipped, with one more script after its own that measures what Chromium laid out.
      writeFileSync(page, readFileSync(page, 'utf8').replace('</body>', `<script>${MEASURE}</script></body>`));
      const dom = dumpDom(page);
      const json = /data-measured="([^"]*)"/.exec(dom)?.[1];
      expect(json, 'the measuring script ran').to.be.a('string');
      const m = JSON.parse(
        json!
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
      ) as Measured;
      // One bar per task and host, in the page's own data's order, each named after its task.
      const data = JSON.parse(
        /<script type="application\/json" id="run-data">(.*?)<\/script>/s.exec(readFileSync(page, 'utf8'))![1]!,
      ) as { spans: { task: string }[] };
      expect(m.bars.map((b) => b.task).sort()).to.deep.equal(data.spans.map((sp) => sp.task).sort());
      expect(m.bars.map((b) => b.task)).to.include.members(['Refuse node2', 'Write the motd']);
      for (const bar of m.bars) expect(bar.fontPx, JSON.stringify(bar)).to.be.at.least(9);
      const numeric = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'];
      expect(m.recap.map((c) => c.head)).to.deep.equal(['host', ...numeric]);
      for (const col of m.recap.filter((c) => numeric.includes(c.head))) {
        expect(col.cells).to.have.length(3);
        for (const right of col.cells)
          expect(Math.abs(right - col.headRight), `${col.head}: ${JSON.stringify(col)}`).to.be.at.most(1);
      }
      // Printed, the bars keep their colour and their names (looked at: .test-output/report/failed-run-print.pdf).
      printToPdf(page, join(outputDir, 'failed-run-print.pdf'));
      expect(statSync(join(outputDir, 'failed-run-print.pdf')).size).to.be.above(10_000);
    },
  );

  it('a run that is not in the record, or an HTML file that cannot be written: one error line, exit 1', () => {
    const missing = cli.run(['report', 'no-such-run']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr.split('\n')[0]).to.equal(`error: no run "no-such-run" in ${cli.runsDir}, and no such file`);
    const unwritable = cli.run(['report', id, '--html', join(cli.dir, 'no-dir', 'r.html')]);
    expect(unwritable.code).to.equal(1);
    expect(unwritable.stderr).to.match(/^error: --html: cannot write .*no-dir\/r\.html: ENOENT$/m);
    noStackTrace(missing.stderr + unwritable.stderr);
  });
});
