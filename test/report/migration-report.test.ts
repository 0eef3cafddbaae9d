// SIMULATION: the report of a real `runbook apply playbooks/containerd.yaml` on
// the simulated Docker-era cluster (test/e2e/sim-cluster.ts), in its own lab.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimCluster, type SimCluster } from '../e2e/sim-cluster.js';
import { repoRoot } from '../lab/paths.js';
import { extraLabSpot } from '../support/cli-run.js';
import { dumpDom, needChromium, screenshot } from './chromium.js';
import { runbookInHome } from '../support/cli-spawn.js';

const playbook = 'playbooks/containerd.yaml'; // as an operator types it, from the repository
const outputDir = join(repoRoot(), '.test-output', 'report');
/** Any duration formatDuration writes: on a loaded machine a step may pass a minute ("1 min 5 s"). */
const DURATION = String.raw`(?:[\d.]+ m?s|\d+ min \d+ s|\d+ h \d+ min)`;

const runbook = runbookInHome;

describe('runbook report of a containerd migration (simulated cluster)', function () {
  this.timeout(600_000);
  let c: SimCluster;
  const home = mkdtempSync(join(tmpdir(), 'runbook-home-'));
  before(async () => {
    const spot = extraLabSpot('sim-report', 60);
    c = await startSimCluster({ labName: spot.name, firstAddress: spot.firstAddress });
    await c.reseed();
  });
  after(async () => {
    await c?.stop();
  });

  it('says when each node was drained, switched and Ready again, and how long each took; the page draws it', async function () {
    const run = await runbook(
      ['apply', playbook, '-i', c.inventory, '--plain', '-e', 'allow_docker_sock_pods=true'],
      home,
    );
    expect(run.code, run.stdout.slice(-3000)).to.equal(0);
    const nodes = [...c.workers, c.controlHost];

    const text = (await runbook(['report', 'last'], home)).stdout;
    const section = text.slice(text.indexOf('NODES (migrated, rolled back, not touched, or where each was left)'));
    const t = String.raw`\d\d:\d\d:\d\d\.\d{3} \(${DURATION}\)`;
    // The single control plane's line also says how long the cluster's API was away (from the events' timestamps).
    const api = (n: string) => (n === c.controlHost ? `; the cluster's API away ${DURATION}` : '');
    for (const n of nodes)
      expect(section).to.match(
        new RegExp(
          `^ {2}${n}: migrated to containerd — drained ${t}, switched ${t}, Ready on containerd ${t}, uncordoned ${t}; out of service ${DURATION}${api(n)}$`,
          'm',
        ),
      );
    // The rollout: every worker's Ready comes before the next node's drain, the control plane last.
    const times = (label: string) =>
      nodes.map((n) => new RegExp(`${n}: .*${label} (\\d\\d:\\d\\d:\\d\\d\\.\\d{3})`).exec(section)![1]!);
    const drained = times('drained');
    const ready = times('Ready on containerd');
    for (let i = 1; i < nodes.length; i++)
      expect(drained[i]! > ready[i - 1]!, `${nodes[i]} drained after ${nodes[i - 1]} was Ready`).to.equal(true);
    expect(text).not.to.contain('FAILURES');

    needChromium(this);
    mkdirSync(outputDir, { recursive: true });
    const page = join(outputDir, 'migration.html');
    expect((await runbook(['report', 'last', '--html', page], home)).code).to.equal(0);
    const dom = dumpDom(page);
    for (const n of nodes) {
      const cell = (label: string) => String.raw`<td>${label} [\d:.]+ \(${DURATION}\)</td>`;
      expect(dom).to.match(
        new RegExp(
          `<tr class="milestone migrated"><td>${n}</td><td class="outcome">migrated to ` +
            `containerd</td>${cell('drained')}${cell('switched')}${cell('Ready on containerd')}${cell('uncordoned')}`,
        ),
      );
      expect(dom).to.contain(`<div class="tl-row marked" data-host="${n}">`);
    }
    expect(dom.match(/<div class="tl-mark drained"[^>]*><span>drained<\/span><\/div>/g)).to.have.length(nodes.length);
    expect(readFileSync(page, 'utf8')).not.to.contain(c.sudoPassword);
    screenshot(page, join(outputDir, 'migration.png'), '1280,1000');
  });
});
