// k8s_node on a lab host: the real kubectl there, over the real SSH transport,
// against the control-plane stand-in (a SIMULATION on 127.0.0.1, which every lab
// host shares). Playbooks run against a worker and delegate to the first host,
// as the migration playbook does with its control-plane host.
import { expect } from 'chai';
import { DEFAULT_TIMEOUT_S } from '../../src/modules/k8s/args.js';
import { moduleCatalog } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/parse/playbook.js';
import { guardedDb, placement, smallCluster } from '../sim/control-plane/fixtures.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/index.js';
import { onceWatchingNodes } from '../sim/control-plane/once-watched.js';
import { KUBECONFIG, nodePlay } from '../sim/control-plane/playbook.js';
import { onHost } from '../support/host-shell.js';
import { hostNames, project } from '../support/run.js';

describe('k8s_node module (against the simulated control plane)', () => {
  let cp: ControlPlane;
  const control = () => hostNames()[0]!;
  const worker = () => hostNames()[1]!;
  const node = (name = worker()) => cp.state.nodes.find((n) => n.name === name)!;

  beforeEach(async () => {
    cp = await startControlPlane(smallCluster(hostNames()));
  });
  afterEach(async () => cp.stop());

  const { run: play, task, result } = nodePlay(() => cp, worker, control);

  it('cordon changes a schedulable node and is ok the second time; uncordon likewise', async () => {
    const run = await play(
      task('cordon', 'action: cordon') +
        task('cordon again', 'action: cordon') +
        task('uncordon', 'action: uncordon') +
        task('uncordon again', 'action: uncordon'),
    );
    expect(result(run, 'cordon').status).to.equal('changed');
    expect(result(run, 'cordon').delegatedTo).to.equal(control());
    // What the node reached, said by the result (the report reads it, not the task's name).
    expect(result(run, 'cordon').data).to.include({ action: 'cordon', milestone: 'cordoned' });
    expect(result(run, 'uncordon again').data).to.include({ action: 'uncordon', milestone: 'uncordoned' });
    expect(result(run, 'cordon again').status).to.equal('ok');
    expect(result(run, 'uncordon').status).to.equal('changed');
    expect(result(run, 'uncordon again')).to.include({ status: 'ok', msg: `node ${worker()} is already schedulable` });
    expect(node().unschedulable).to.equal(false);
    expect(cp.state.requests.filter((r) => r.startsWith('PATCH'))).to.have.length(2);
  });

  it('drain evicts the pods, which move to other nodes, leaves DaemonSet pods; a second drain is ok', async () => {
    const before = cp.state.pods.length;
    const run = await play(
      task('drain', 'action: drain, timeout: 60') + task('drain again', 'action: drain, timeout: 60'),
    );
    const first = result(run, 'drain');
    expect(first.status, first.msg).to.equal('changed');
    expect(first.changes[0]).to.match(new RegExp(`^drain node ${worker()}: cordon, evict 3 pod\\(s\\): `));
    expect((first.data.evicted as string[]).sort()).to.deep.equal([
      'default/cache-5d8f7c-j7k8l',
      'default/web-5d8f7c-a1b2c',
      'default/web-5d8f7c-d3e4f',
    ]);
    expect(cp.state.pods.filter((p) => p.node === worker()).map((p) => p.name)).to.deep.equal([
      `log-agent-${worker()}`,
    ]);
    expect(cp.state.pods).to.have.length(before);
    expect(cp.state.pods.filter((p) => p.labels.app === 'web' && p.node !== worker())).to.have.length(3);
    expect(node().unschedulable).to.equal(true);
    const again = result(run, 'drain again');
    expect(again).to.include({ status: 'ok', msg: `node ${worker()} is cordoned and has no pods to evict` });
  });

  it('a drain held by a PodDisruptionBudget fails within its timeout, naming the budget', async () => {
    await cp.stop();
    cp = await startControlPlane(smallCluster(hostNames(), guardedDb(worker())));
    const started = Date.now();
    const run = await play(task('drain', 'action: drain, timeout: 3'));
    const r = result(run, 'drain');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain(
      `drain of node ${worker()} blocked by PodDisruptionBudget default/db-pdb (allows 0 disruptions: 1 healthy, 1 needed) for pod default/db-0`,
    );
    expect(r.data.blocked_by).to.deep.equal([
      {
        namespace: 'default',
        name: 'db-pdb',
        pods: ['default/db-0'],
        disruptions_allowed: 0,
        current_healthy: 1,
        desired_healthy: 1,
      },
    ]);
    // kubectl retries a refused eviction every 5 s, then honours --timeout: the message is its own,
    // not our stop at timeout + 15 s; and far from the default timeout of minutes.
    expect(r.msg).to.not.contain('did not finish within');
    expect(Date.now() - started).to.be.below(DEFAULT_TIMEOUT_S * 1000);
    expect(cp.state.pods.find((p) => p.name === 'db-0')!.node).to.equal(worker());
  });

  it('a drain whose evictions get no answer is stopped at timeout + 15 s: kubectl alone would wait forever', async () => {
    cp.state.faults.hangEvictions = true;
    const started = Date.now();
    const run = await play(task('drain', 'action: drain, timeout: 1'));
    const r = result(run, 'drain');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal(`kubectl drain did not finish within 16 s on ${control()}; stopped it`);
    // Not before timeout + 15 s; a hang would fail on the message above or the mocha timeout.
    expect(Date.now() - started).to.be.at.least(16_000);
    // Ended on the host too, not left to go on evicting once the API answers again.
    expect(onHost(control(), "ps -eo comm= | grep '^kubectl' || true")).to.equal('');
  });

  it('drain without delete_emptydir_data fails with kubectl reason and evicts nothing', async () => {
    const before = placement(cp.state);
    const run = await play(task('drain', 'action: drain, delete_emptydir_data: false, timeout: 20'));
    const r = result(run, 'drain');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.contain(
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f7c-j7k8l',
    );
    expect(placement(cp.state)).to.deep.equal(before);
  });

  it('runtime and wait_ready read the node and change nothing; wait_ready waits for Ready, or fails after its timeout', async () => {
    cp.setNode(worker(), { runtime: 'containerd://1.6.20', ready: false });
    // Ready only once wait_ready's kubectl wait watches: runtime must read it NotReady, and wait must wait.
    const turnsReady = onceWatchingNodes(cp, () => cp.setNode(worker(), { ready: true }));
    const run = await play(
      task('runtime', 'action: runtime', '      register: rt\n') + task('wait', 'action: wait_ready, timeout: 300'),
    );
    turnsReady.cancel();
    expect(await turnsReady.acted, 'wait_ready never watched the node').to.equal(true);
    const rt = result(run, 'runtime');
    expect(rt.status).to.equal('ok');
    expect(rt.data).to.include({
      container_runtime: 'containerd://1.6.20',
      runtime_name: 'containerd',
      runtime_version: '1.6.20',
      ready: false,
      kubelet_version: 'v1.23.17',
    });
    expect(rt.data.docker_socket_pods).to.deep.equal([`kube-system/log-agent-${worker()}`]);
    expect(result(run, 'wait')).to.include({ status: 'ok', msg: `node ${worker()} became Ready` });
    expect(result(run, 'wait').data.ready).to.equal(true);

    cp.setNode(worker(), { ready: false, readyMessage: 'failed to run Kubelet: unknown flag: --container-runtime' });
    const started = Date.now();
    const late = await play(task('wait', 'action: wait_ready, timeout: 2'));
    expect(result(late, 'wait').status).to.equal('failed');
    expect(result(late, 'wait').msg).to.contain(
      `node ${worker()} is not Ready after 2 s (Ready condition: KubeletNotReady: failed to run Kubelet: unknown flag: --container-runtime)`,
    );
    // Its own 2 s, not the default deadline of minutes: generous, so a loaded machine cannot make it red.
    expect(Date.now() - started).to.be.below(DEFAULT_TIMEOUT_S * 1000);
    expect(cp.state.requests.filter((r) => !r.startsWith('GET'))).to.deep.equal([]);
  });

  it('annotate changes only what differs, null removes a key, a re-run is ok; the diff shows the values', async () => {
    const key = 'kubeadm.alpha.kubernetes.io/cri-socket';
    node().annotations['example.com/keep'] = 'yes';
    node().annotations['example.com/old'] = 'x';
    const args = `action: annotate, annotations: { "${key}": "unix:///run/containerd/containerd.sock", "example.com/keep": "yes", "example.com/old": null }`;
    const run = await play(task('annotate', args) + task('annotate again', args));
    const first = result(run, 'annotate');
    expect(first.status).to.equal('changed');
    expect(first.changes).to.deep.equal([
      `annotate node ${worker()}: ${key}=unix:///run/containerd/containerd.sock example.com/old-`,
    ]);
    expect(first.diffs[0]).to.deep.include({
      before: `${key}: /var/run/dockershim.sock\nexample.com/old: x\n`,
      after: `${key}: unix:///run/containerd/containerd.sock\n`,
    });
    expect(node().annotations).to.deep.equal({
      [key]: 'unix:///run/containerd/containerd.sock',
      'example.com/keep': 'yes',
    });
    expect(result(run, 'annotate again').status).to.equal('ok');
  });

  it('--check reports cordon, drain and annotate as changes and leaves the cluster as it was', async () => {
    const before = JSON.stringify({ nodes: cp.state.nodes, pods: cp.state.pods });
    const run = await play(
      task('cordon', 'action: cordon') +
        task('drain', 'action: drain') +
        task('annotate', 'action: annotate, annotations: { "example.com/batch": "1" }') +
        task('runtime', 'action: runtime'),
      { check: true },
    );
    for (const name of ['cordon', 'drain', 'annotate']) expect(result(run, name).status, name).to.equal('changed');
    expect(result(run, 'runtime').data.runtime_name).to.equal('docker');
    expect(JSON.stringify({ nodes: cp.state.nodes, pods: cp.state.pods })).to.equal(before);
    expect(cp.state.requests.filter((r) => !r.startsWith('GET'))).to.deep.equal([]);
  });

  it('node names and annotation values with shell syntax reach kubectl as one literal argument each', async () => {
    // No "/" in the first three: kubectl would read it as type/name before asking the server. They run in ~.
    onHost(control(), 'rm -f ~/k8s-pwned* /tmp/k8s-pwned*');
    const odd = [
      `${worker()}; touch k8s-pwned1`,
      '$(touch k8s-pwned2)',
      '`touch k8s-pwned3`',
      '--kubeconfig=/etc/passwd',
    ];
    const tasks = odd
      .map(
        (n, i) =>
          `    - name: odd${i}\n      k8s_node: { name: ${JSON.stringify(n)}, kubeconfig: ${KUBECONFIG}, ` +
          `action: cordon }\n      delegate_to: ${control()}\n      ignore_errors: true\n`,
      )
      .join('');
    const value = `$(touch /tmp/k8s-pwned4) "double" 'single'; rm -rf /tmp/nothing \`id\``;
    const run = await play(
      tasks + task('odd value', `action: annotate, annotations: { "example.com/note": ${JSON.stringify(value)} }`),
    );
    odd.slice(0, 3).forEach((n, i) => {
      expect(result(run, `odd${i}`).msg, n).to.equal(`node ${JSON.stringify(n)} not found (kubectl on ${control()})`);
    });
    // kubectl reads a name with "/" as type/name and refuses it; the leading dashes did not make it an option.
    expect(result(run, 'odd3').status).to.equal('failed');
    expect(result(run, 'odd3').msg).to.contain('kubectl get node -- --kubeconfig=/etc/passwd failed');
    expect(result(run, 'odd value').status).to.equal('changed');
    expect(node().annotations['example.com/note']).to.equal(value);
    expect(onHost(control(), 'ls ~/k8s-pwned* /tmp/k8s-pwned* 2>/dev/null || true')).to.equal('');
    expect(cp.state.nodes.every((n) => !n.unschedulable)).to.equal(true);
  });

  it('argument mistakes are load errors: a misspelt action, annotate without annotations, a key kubectl would misread', () => {
    const load = (args: string) => {
      const dir = project({ 'p.yaml': `- hosts: all\n  tasks:\n    - k8s_node: ${args}\n` });
      try {
        loadPlaybook(`${dir}/p.yaml`, moduleCatalog);
        return 'loaded';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(load('{ name: n1, action: drian }')).to.contain('did you mean "drain"');
    expect(load('{ name: n1, action: annotate }')).to.contain('missing required argument "annotations"');
    expect(load('{ name: n1, action: annotate, annotations: { "a=b": x } }')).to.contain('invalid argument "a=b"');
    expect(
      load('{ name: n1, action: drain, timeout: 5, grace_period: 3, pod_selector: "app=web", force: true }'),
    ).to.equal('loaded');
  });

  describe('an API server that went away (a kubeadm control plane switching runtimes)', () => {
    // kubectl on the control host talks to that host's own API server (a static pod there, simulated).
    const viaOwnApi = async () => {
      const api = await cp.apiServerFor(control());
      return nodePlay(() => ({ ...cp, kubeconfigText: api.kubeconfigText }), worker, control);
    };

    it('every action rides through an API server that is still starting, and says how long it waited', async () => {
      const p = await viaOwnApi();
      // Down, then back up: it answers its first node requests 503 ServiceUnavailable, as one starting does.
      await cp.apiServers.set(control(), false);
      await cp.apiServers.set(control(), true);
      const run = await p.run(
        p.task('runtime', 'action: runtime, timeout: 60') + p.task('uncordon', 'action: uncordon, timeout: 60'),
      );
      const r = p.result(run, 'runtime');
      expect(r.status, r.msg).to.equal('ok');
      expect(r.msg).to.match(/^the API server was unreachable for \d+ s first$/);
      expect(r.data.api_unreachable_s).to.be.a('number');
      expect(r.data.runtime_name).to.equal('docker');
      // Back for good: the next step does not wait.
      expect(p.result(run, 'uncordon')).to.include({ status: 'ok', msg: `node ${worker()} is already schedulable` });
    });

    it('a drain and a wait for Ready ride through it too (the migration drains, then waits, through a control plane that may be away)', async () => {
      const p = await viaOwnApi();
      await cp.apiServers.set(control(), false);
      await cp.apiServers.set(control(), true);
      const run = await p.run(p.task('drain', 'action: drain, timeout: 60'));
      const drain = p.result(run, 'drain');
      expect(drain.status, drain.msg).to.equal('changed');
      // A step that changes something reports the wait in its data.
      expect(drain.data.api_unreachable_s).to.be.a('number');
      expect(node().unschedulable).to.equal(true);
      await cp.apiServers.set(control(), false);
      await cp.apiServers.set(control(), true);
      const waited = p.result(await p.run(p.task('wait', 'action: wait_ready, timeout: 60')), 'wait');
      expect(waited.status, waited.msg).to.equal('ok');
      expect(waited.msg).to.match(/the API server was unreachable for \d+ s first$/);
    });

    it("an API server that stays away fails the step at its deadline, with kubectl's words", async () => {
      const p = await viaOwnApi();
      await cp.apiServers.set(control(), false);
      const run = await p.run(p.task('runtime', 'action: runtime, timeout: 3'));
      const r = p.result(run, 'runtime');
      expect(r.status).to.equal('failed');
      expect(r.msg).to.match(
        /^the API server did not answer for \d+ s, until this step's deadline: The connection to the server 127\.0\.0\.1:\d+ was refused/,
      );
    });
  });
});
