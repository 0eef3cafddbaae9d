// The migration on clusters of each Docker-era release, every node of that
// release and the control-plane host carrying kubectl of it (the SIMULATION
// stand-in of test/sim/kubectl, which refuses the flags that release lacks):
// a flag a release does not have fails here. Then a cluster reached as a sudo
// login whose become settings come from -e alone. One lab, re-seeded per case.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kubectlCalls } from '../sim/kubectl/index.js';
import type { DockerNodeOptions } from '../sim/node/index.js';
import { sh } from '../sim/node/index.js';
import { runFile, type Recorded, type RunOpts } from '../support/run.js';
import { FLAVOURS, startSimCluster, type SimCluster } from './sim-cluster.js';

const playbook = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'containerd.yaml');
const DRAIN = 'Cordon and drain the node';

/** No fatal line, nothing rescued, no rollout stopped, on any host. */
function expectClean(run: Recorded): void {
  expect(
    run.results.filter((r) => r.status === 'failed' || r.status === 'unreachable').map((r) => `${r.host}: ${r.msg}`),
    'no fatal line',
  ).to.deep.equal([]);
  for (const [h, counts] of run.recap) expect(counts, h).to.include({ failed: 0, unreachable: 0, rescued: 0 });
  expect(run.events.filter((e) => e.kind === 'rollout-stopped')).to.deep.equal([]);
}

describe('playbooks/containerd.yaml on clusters of each release, with kubectl of that release (end to end)', function () {
  this.timeout(300_000);
  let c: SimCluster;
  const nodes = () => [...c.workers, c.controlHost];
  const node = (name: string) => c.cp.state.nodes.find((n) => n.name === name)!;
  const writes = () => c.cp.state.requests.filter((r) => !r.startsWith('GET'));
  const changed = (run: Recorded) => [...run.recap.values()].reduce((n, x) => n + x.changed, 0);
  const apply = (o: RunOpts = {}) =>
    runFile(playbook, { inventory: c.inventory, ...o, extraVars: { allow_docker_sock_pods: 'true', ...o.extraVars } });

  before(async () => {
    c = await startSimCluster();
  });
  after(async () => c?.stop());

  /** Every node (the control plane last) on containerd, Ready, schedulable; then a re-run that changes and drains nothing. */
  async function migratesThenRerunsClean(o: RunOpts): Promise<Recorded> {
    const first = await apply(o);
    expectClean(first);
    const drained = [...first.task(DRAIN).entries()].filter(([, r]) => r.status === 'changed').map(([h]) => h);
    expect(drained).to.deep.equal(nodes());
    for (const h of nodes()) {
      expect(node(h).runtime, h).to.match(/^containerd:\/\//);
      expect(node(h), h).to.include({ ready: true, unschedulable: false });
    }
    c.cp.state.requests.length = 0;
    const again = await apply(o);
    expectClean(again);
    expect(changed(again)).to.equal(0);
    expect([...again.task(DRAIN).values()].map((r) => r.status)).to.deep.equal(nodes().map(() => 'skipped'));
    expect(writes()).to.deep.equal([]);
    return first;
  }

  for (const [release, emptyDir] of [
    ['1.19.16', '--delete-local-data'],
    ['1.20.15', '--delete-emptydir-data'],
    ['1.23.17', '--delete-emptydir-data'],
    ['1.27.3', '--delete-emptydir-data'],
  ] as const) {
    it(`a ${release} cluster migrates through kubectl ${release} (drain with ${emptyDir}), and a re-run changes nothing`, async () => {
      const at = (o: DockerNodeOptions): DockerNodeOptions => ({ ...o, kubeletVersion: release });
      await c.reseed(
        Object.fromEntries([
          [c.controlHost, { kubeletVersion: release }],
          ...c.workers.map((w, i) => [w, at(FLAVOURS[i]!)]),
        ]),
      );
      expect(node(c.workers[0]!).kubeletVersion).to.equal(`v${release}`);
      const first = await migratesThenRerunsClean({});
      for (const h of nodes()) {
        const cmd = String(first.task(DRAIN).get(h)?.data.cmd).replace(/\\=/g, '=');
        expect(cmd, h).to.contain(` ${emptyDir}=true `);
      }
      // Every kubectl line of both runs went through the release's kubectl; it was asked its release once.
      const calls = await kubectlCalls(c.controlHost);
      expect(calls.filter((a) => a.includes('drain'))).to.have.length(nodes().length);
      expect(calls.filter((a) => a[0] === 'version')).to.deep.equal([['version', '--client', '--output=json']]);
      // That kubectl is of the cluster's release.
      const version = JSON.parse(await sh(c.controlHost, 'kubectl version --client -o json')) as {
        clientVersion: { gitVersion: string };
      };
      expect(version.clientVersion.gitVersion).to.equal(`v${release}`);
    });
  }

  it('a cluster reached as a sudo login, its become settings from -e alone, migrates and re-runs to no change; the password is shown nowhere', async () => {
    await c.reseed();
    // The sudo inventory without its become lines: only the login.
    const inventory = c.sudoInventory.replace(/\.yaml$/, '-login.yaml');
    writeFileSync(
      inventory,
      readFileSync(c.sudoInventory, 'utf8').replace(/^ {4}ansible_become(_password)?: .*\n/gm, ''),
    );
    expect(readFileSync(inventory, 'utf8')).to.contain('ansible_user:').and.not.contain('ansible_become');
    const become = { ansible_become: 'true', ansible_become_password: c.sudoPassword };
    const first = await migratesThenRerunsClean({ inventory, extraVars: become });
    for (const h of nodes()) {
      // Written through sudo: root's files.
      expect(
        (await sh(h, 'stat -c %U:%G /etc/containerd/config.toml /etc/crictl.yaml')).trim().split('\n'),
        h,
      ).to.deep.equal(['root:root', 'root:root']);
    }
    const everything = JSON.stringify(first.events);
    expect(everything).to.not.contain(c.sudoPassword).and.not.contain(JSON.stringify(c.sudoPassword).slice(1, -1));
  });
});
