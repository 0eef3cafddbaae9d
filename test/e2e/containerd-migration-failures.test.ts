// playbooks/containerd.yaml end to end, where a node cannot move: each is rolled back or refused, and the
// rollout stops there. The happy path is containerd-migration.test.ts.
import { expect } from 'chai';
import { readSimNode, sh } from '../sim/node/index.js';
import { runFile } from '../support/run.js';
import { KUBECONFIG } from './sim-cluster.js';
import { changes, cleanupPlaybook, migrationSuite, stops } from './migration-run.js';

describe('playbooks/containerd.yaml on a simulated Docker-era cluster (end to end): rollbacks and refusals', function () {
  const { c, apply, node } = migrationSuite(this);

  it('a node whose sandbox registry is unreachable is rolled back, and the rollout stops there', async () => {
    const [first, second, third] = c.workers as [string, string, string];
    await c.reseed({ [second]: { reachableRegistries: [] } });
    c.cp.state.requests.length = 0;
    // Nothing carried from Docker: the node must pull, and cannot.
    const run = await apply({ extraVars: { carry_images: 'false' } });
    const [stop] = stops(run.events);
    expect(stop).to.deep.include({ done: [first], failed: [second], untouched: [third] });
    expect(node(first).runtime).to.match(/^containerd:\/\//);
    expect(node(second)).to.include({ ready: true, unschedulable: false });
    expect(node(second).runtime).to.match(/^docker:\/\//);
    expect(await sh(second, 'cat /etc/containerd/config.toml')).to.contain('disabled_plugins = ["cri"]');
    expect(node(third).runtime).to.match(/^docker:\/\//);
    expect(c.cp.state.requests.some((r) => r.includes(`/nodes/${third}`) && !r.startsWith('GET'))).to.equal(false);
    const failure = run.results.find(
      (r) => r.host === second && r.status === 'failed' && r.msg?.includes('rolled back'),
    );
    expect(failure?.msg).to.contain('rolled back to Docker');
  });

  it('a PodDisruptionBudget that blocks the drain stops the rollout, naming it; the node is left uncordoned', async () => {
    const [first] = c.workers as [string];
    await c.reseed({}, { pdbOn: first });
    const run = await apply();
    const [stop] = stops(run.events);
    expect(stop?.failed).to.deep.equal([first]);
    const drain = run.task('Cordon and drain the node').get(first)!;
    expect(drain.status).to.equal('failed');
    expect(drain.msg).to.contain('db-pdb');
    expect(
      run
        .task('Warn about PodDisruptionBudgets that allow no disruption (they would block a drain)')
        .get(c.controlHost)!.data.debug,
    ).to.contain('default/db-pdb');
    expect(node(first)).to.include({ unschedulable: false, ready: true });
    expect(node(first).runtime).to.match(/^docker:\/\//);
    // Nothing on the node changed, and the report says so instead of claiming a rollback.
    expect(stop?.failures[0]?.msg)
      .to.contain(`${first} was not touched`)
      .and.contain('db-pdb')
      .and.not.contain('rolled back');
    expect(
      run
        .task(
          'Restore the files this run replaced (the oldest backup of each made after the mark), remove those it created',
        )
        .get(first)?.status ?? 'skipped',
    ).to.equal('skipped');
    expect(run.task('Stop kubelet').has(first)).to.equal(false);
  });

  it('a failed control-plane switch is rolled back: the API serves again and the node is uncordoned', async () => {
    // The workers migrate; the control plane cannot pull its sandbox or static pod images on containerd.
    await c.reseed({ [c.controlHost]: { reachableRegistries: [] } });
    const run = await apply({ extraVars: { carry_images: 'false' } });
    const [stop] = stops(run.events);
    expect(stop).to.deep.include({ failed: [c.controlHost], untouched: [] });
    expect(stop?.failures[0]?.msg).to.contain('rolled back to Docker').and.contain('Ready and uncordoned');
    for (const w of c.workers) expect(node(w).runtime, w).to.match(/^containerd:\/\//);
    expect(c.cp.apiServers.serving(c.controlHost)).to.equal(true);
    expect(node(c.controlHost)).to.include({ ready: true, unschedulable: false });
    expect(node(c.controlHost).runtime).to.match(/^docker:\/\//);
    expect(node(c.controlHost).annotations['kubeadm.alpha.kubernetes.io/cri-socket']).to.equal(
      'unix:///var/run/cri-dockerd.sock',
    );
    expect(await sh(c.controlHost, 'cat /etc/containerd/config.toml')).to.contain('disabled_plugins = ["cri"]');
    expect((await readSimNode(c.controlHost)).kubelet).to.include({ runtime: 'docker', ready: true });
    // kubectl on the control-plane host answers again.
    expect(
      (await sh(c.controlHost, `kubectl --kubeconfig=${KUBECONFIG} get node ${c.controlHost} -o name`)).trim(),
    ).to.equal(`node/${c.controlHost}`);
  });

  it('crictl proves the switch on the node: a pod of the node that does not come back on containerd rolls it back', async () => {
    const [first] = c.workers as [string];
    // Docker has the image; containerd would have to pull it from a registry this node cannot reach.
    await c.reseed({}, { imageOn: { node: first, image: 'quay.io/calico/node:v3.26.1' } });
    const run = await apply({ limit: [first] });
    const proof = run
      .task('Proof on the node, through crictl, that containerd is ready and runs every pod the API has on this node')
      .get(first)!;
    expect(proof.status).to.equal('failed');
    expect(proof.msg).to.contain(`no ready sandbox through crictl for: kube-system/net-agent-${first}`);
    const [stop] = stops(run.events);
    expect(stop?.failures[0]?.msg).to.contain('rolled back to Docker');
    expect(node(first)).to.include({ ready: true, unschedulable: false });
    expect(node(first).runtime).to.match(/^docker:\/\//);
  });

  it('playbooks/docker-cleanup.yaml refuses a node still on Docker and changes nothing on it', async () => {
    await c.reseed();
    const run = await runFile(cleanupPlaybook, {
      inventory: c.inventory,
      limit: [c.workers[0]!],
      extraVars: { remove_docker_packages: 'true', prune_docker_data: 'true' },
    });
    const refused = run.task('Refuse a node that still runs on Docker').get(c.workers[0]!)!;
    expect(refused.status).to.equal('failed');
    expect(refused.msg).to.contain('still runs on docker://').and.contain('nothing was changed');
    expect(changes(run)).to.equal(0);
    expect(
      (await sh(c.workers[0]!, 'systemctl is-active docker; systemctl is-enabled docker')).trim().split('\n'),
    ).to.deep.equal(['active', 'enabled']);
  });
});
