// SIMULATION: `runbook apply playbooks/containerd.yaml` on the simulated
// Docker-era cluster (sim-cluster.ts), in its own lab, with node_ready_timeout
// 300: a worker whose sandbox image no registry serves is rolled back as soon
// as its kubelet's reason is confirmed, not after 300 s, and `runbook report`
// (text and HTML) says it was rolled back, not switched.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EventLine } from '../../src/report/event-schema.js';
import { readEventLines } from '../../src/record/read-events.js';
import { repoRoot } from '../lab/paths.js';
import { dumpDom, needChromium } from '../report/chromium.js';
import { extraLabSpot } from '../support/cli-run.js';
import { runbookInHome } from '../support/cli-spawn.js';
import { startSimCluster, type SimCluster } from './sim-cluster.js';

const playbook = 'playbooks/containerd.yaml';
const outputDir = join(repoRoot(), '.test-output', 'report');
const UNSERVED = 'registry.example.invalid/pause:3.9';
const WAIT = 'Wait until the node is Ready (and, on a control-plane node, its API server back)';

const runbook = runbookInHome;

describe('a node that cannot come back fails fast and is reported rolled back (simulated cluster)', function () {
  this.timeout(600_000);
  let c: SimCluster;
  const home = mkdtempSync(join(tmpdir(), 'runbook-home-'));
  before(async () => {
    const spot = extraLabSpot('sim-failfast', 120);
    c = await startSimCluster({ labName: spot.name, firstAddress: spot.firstAddress });
  });
  after(async () => {
    await c?.stop();
  });

  it(
    "an unpullable sandbox image ends the wait with the kubelet's reason, well before node_ready_timeout; " +
      'text and HTML reports say "rolled back"',
    async function () {
      const [first, second, third] = c.workers as [string, string, string];
      await c.reseed();
      // The second worker's containerd gets a sandbox image no registry serves and Docker does not hold.
      mkdirSync(join(dirname(c.inventory), 'host_vars'), { recursive: true });
      writeFileSync(
        join(dirname(c.inventory), 'host_vars', `${second}.yaml`),
        `containerd_sandbox_image: ${UNSERVED}\n`,
      );
      const run = await runbook(
        [
          'apply',
          playbook,
          '-i',
          c.inventory,
          '--plain',
          '-e',
          'allow_docker_sock_pods=true',
          '-e',
          'node_ready_timeout=300',
        ],
        home,
      );
      expect(run.code, run.stdout.slice(-3000)).not.to.equal(0);

      // The run's record: the wait on the second worker ended on the lasting cause, not the deadline.
      const runs = readdirSync(join(home, 'runs')).filter((f) => f.endsWith('.jsonl'));
      expect(runs).to.have.length(1);
      const events: EventLine[] = readEventLines(join(home, 'runs', runs[0]!));
      const results = events.flatMap((e) => (e.kind === 'task-result' && e.task === WAIT ? [e.result] : []));
      const wait = results.find((r) => r.host === second);
      if (!wait) expect.fail(`no wait for Ready on ${second}:\n${run.stdout.slice(-4000)}`);
      expect(wait.status).to.equal('failed');
      expect(wait.msg)
        .to.contain(`node ${second} will not become Ready by waiting: the sandbox (pause) image cannot be pulled`)
        .and.contain(`failed to get sandbox image "${UNSERVED}"`);
      expect(wait.data.wait).to.deep.include({ outcome: 'lasting', cause: 'sandbox_image', polls: 3 });
      // Ended by the cause, not the 300 s deadline (outcome "lasting", never "timeout"): no clock is asserted.
      expect(wait.data).to.deep.include({ action: 'wait_ready', ready: false, runtime_name: 'containerd' });
      // The first worker's wait ended Ready on containerd; the rollout stopped before the third.
      expect(results.find((r) => r.host === first)?.data).to.deep.include({
        action: 'wait_ready',
        ready: true,
        runtime_name: 'containerd',
      });
      expect(results.some((r) => r.host === third)).to.equal(false);
      const node = (name: string) => c.cp.state.nodes.find((n) => n.name === name)!;
      expect(node(second)).to.include({ ready: true, unschedulable: false });
      expect(node(second).runtime).to.match(/^docker:\/\//);

      const text = (await runbook(['report', 'last'], home)).stdout;
      const nodes = text.slice(text.indexOf('NODES ('), text.indexOf('\nFAILURES'));
      const line = (n: string) => nodes.split('\n').find((l) => l.startsWith(`  ${n}: `)) ?? '';
      expect(line(second)).to.match(
        new RegExp(
          `^  ${second}: rolled back to docker — drained [\\d:.]+ \\([^)]+\\), ` +
            `switch failed [\\d:.]+ \\([^)]+\\), back on docker [\\d:.]+ \\([^)]+\\), ` +
            `uncordoned [\\d:.]+ \\([^)]+\\); out of service `,
        ),
      );
      const why = nodes.split('\n')[nodes.split('\n').indexOf(line(second)) + 1];
      expect(why).to.contain(
        `    because ${WAIT}: node ${second} will not become Ready by waiting: the sandbox (pause) image cannot be pulled`,
      );
      expect(line(second)).not.to.match(/switched|Ready on/);
      expect(line(first)).to.match(
        new RegExp(
          `^  ${first}: migrated to containerd — drained .*, switched .*, Ready on containerd .*, uncordoned .*; out of service `,
        ),
      );
      expect(line(third)).to.equal(`  ${third}: not touched`);

      needChromium(this);
      mkdirSync(outputDir, { recursive: true });
      const page = join(outputDir, 'fail-fast.html');
      expect((await runbook(['report', 'last', '--html', page], home)).code).to.equal(0);
      const dom = dumpDom(page);
      expect(dom).to.contain(
        `<tr class="milestone rolled-back"><td>${second}</td><td class="outcome">rolled back to docker<div ` +
          `class="why">because ${WAIT}: node ${second} will not become Ready by waiting`,
      );
      expect(dom).to.match(
        new RegExp(`<tr class="milestone migrated"><td>${first}</td><td class="outcome">migrated to containerd</td>`),
      );
      expect(dom).to.contain(`<tr class="milestone not-touched"><td>${third}</td><td class="outcome">not touched</td>`);
      expect(dom).to.match(/<div class="tl-mark switch-failed"[^>]*><span>switch failed<\/span><\/div>/);
    },
  );
});
