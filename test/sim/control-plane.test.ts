// The control-plane stand-in (a SIMULATION) driven by the real kubectl from the
// test machine: what it serves must be what kubectl needs for the migration.
import { expect } from 'chai';
import { guardedDb, placement, smallCluster } from './control-plane/fixtures.js';
import { startControlPlane, type ControlPlane } from './control-plane/index.js';
import { kubectlFor, type KubectlRun } from './control-plane/kubectl.js';
import { onceWatchingNodes } from './control-plane/once-watched.js';

const NODES = ['cp1', 'w1', 'w2'];

describe('control-plane stand-in (simulated Kubernetes API) with the real kubectl', () => {
  let cp: ControlPlane;
  let kubectl: (...args: string[]) => Promise<KubectlRun>;
  const start = async (state = smallCluster(NODES)) => {
    cp = await startControlPlane(state);
    kubectl = kubectlFor(cp);
  };
  afterEach(async () => cp?.stop());

  it('get nodes -o wide shows each node container runtime; jsonpath reads it', async () => {
    await start();
    cp.setNode('w2', { runtime: 'containerd://1.6.20' });
    const wide = await kubectl('get', 'nodes', '-o', 'wide');
    expect(wide.rc, wide.stderr).to.equal(0);
    expect(wide.stdout).to.match(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP.*CONTAINER-RUNTIME$/m);
    expect(wide.stdout).to.match(/^cp1\s+Ready\s+control-plane\s.*docker:\/\/20\.10\.7$/m);
    expect(wide.stdout).to.match(/^w2\s+Ready\s+<none>\s.*containerd:\/\/1\.6\.20$/m);
    const path = await kubectl('get', 'node', 'w2', '-o', 'jsonpath={.status.nodeInfo.containerRuntimeVersion}');
    expect(path.stdout).to.equal('containerd://1.6.20');
    const missing = await kubectl('get', 'node', 'nope');
    expect(missing.rc).to.equal(1);
    expect(missing.stderr).to.contain('Error from server (NotFound): nodes "nope" not found');
  });

  it('cordon marks the node SchedulingDisabled, a second cordon is a no-op, uncordon undoes it', async () => {
    await start();
    expect((await kubectl('cordon', 'w1')).stdout).to.equal('node/w1 cordoned\n');
    expect(cp.state.nodes.find((n) => n.name === 'w1')!.unschedulable).to.equal(true);
    expect((await kubectl('cordon', 'w1')).stdout).to.equal('node/w1 already cordoned\n');
    expect((await kubectl('get', 'nodes')).stdout).to.match(/^w1\s+Ready,SchedulingDisabled\s/m);
    expect(cp.state.requests.filter((r) => r.startsWith('PATCH'))).to.deep.equal(['PATCH /api/v1/nodes/w1']);
    expect((await kubectl('uncordon', 'w1')).stdout).to.equal('node/w1 uncordoned\n');
    expect(cp.state.nodes.find((n) => n.name === 'w1')!.unschedulable).to.equal(false);
  });

  it('drain evicts ReplicaSet pods, which are rescheduled on other schedulable nodes; DaemonSet pods stay', async () => {
    await start();
    const before = cp.state.pods.length;
    const r = await kubectl('drain', 'w1', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=20s');
    expect(r.rc, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('node/w1 drained');
    expect(r.stderr).to.contain('ignoring DaemonSet-managed Pods: kube-system/log-agent-w1');
    const onW1 = cp.state.pods.filter((p) => p.node === 'w1');
    expect(onW1.map((p) => p.name)).to.deep.equal(['log-agent-w1']);
    expect(cp.state.pods).to.have.length(before);
    const web = cp.state.pods.filter((p) => p.labels.app === 'web');
    expect(web).to.have.length(3);
    expect(web.every((p) => p.owner?.name === 'web-5d8f7c' && ['cp1', 'w2'].includes(p.node))).to.equal(true);
    expect(cp.state.requests.filter((q) => q.endsWith('/eviction'))).to.have.length(3);
    // kubectl waits for each evicted pod to be gone (404) before it reports success.
    expect(cp.state.requests).to.include('GET /api/v1/namespaces/default/pods/web-5d8f7c-a1b2c');
  });

  it('drain refuses emptyDir pods without --delete-emptydir-data and DaemonSet pods without --ignore-daemonsets', async () => {
    await start();
    const before = placement(cp.state);
    const r = await kubectl('drain', 'w1', '--timeout=10s');
    expect(r.rc).to.equal(1);
    expect(r.stderr).to.contain(
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f7c-j7k8l',
    );
    expect(r.stderr).to.contain(
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/log-agent-w1',
    );
    expect(placement(cp.state)).to.deep.equal(before);
  });

  it('a PodDisruptionBudget blocks eviction: kubectl says so and the API names the budget, as the real one does', async () => {
    await start(smallCluster(NODES, guardedDb('w2')));
    const r = await kubectl('drain', 'w2', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=2s');
    expect(r.rc).to.equal(1);
    expect(r.stderr).to.contain(
      `error when evicting pods/"db-0" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    );
    expect(r.stderr).to.contain('global timeout reached: 2s');
    expect(cp.state.pods.find((p) => p.name === 'db-0')!.node).to.equal('w2');
    // kubectl prints only the message; the budget's name is in details.causes.
    const res = await fetch(`${cp.url}/api/v1/namespaces/default/pods/db-0/eviction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'db-0', namespace: 'default' },
      }),
    });
    expect(res.status).to.equal(429);
    const status = (await res.json()) as { reason: string; details: { causes: { type: string; message: string }[] } };
    expect(status.reason).to.equal('TooManyRequests');
    expect(status.details.causes[0]).to.deep.equal({
      type: 'DisruptionBudget',
      message: 'The disruption budget db-pdb needs 1 healthy pods and has 1 currently',
    });
    const pdbs = JSON.parse((await kubectl('get', 'pdb', '-A', '-o', 'json')).stdout) as {
      items: { status: { disruptionsAllowed: number } }[];
    };
    expect(pdbs.items[0]!.status.disruptionsAllowed).to.equal(0);
  });

  it('annotate sets a value, needs --overwrite to change it, and `key-` removes it', async () => {
    await start();
    const key = 'kubeadm.alpha.kubernetes.io/cri-socket';
    const refused = await kubectl('annotate', 'node', 'w1', `${key}=unix:///run/containerd/containerd.sock`);
    expect(refused.rc).to.equal(1);
    expect(refused.stderr).to.contain('--overwrite is false');
    await kubectl(
      'annotate',
      'node',
      'w1',
      `${key}=unix:///run/containerd/containerd.sock`,
      'example.com/batch=1',
      '--overwrite',
    );
    expect(cp.state.nodes.find((n) => n.name === 'w1')!.annotations).to.deep.equal({
      [key]: 'unix:///run/containerd/containerd.sock',
      'example.com/batch': '1',
    });
    await kubectl('annotate', 'node', 'w1', 'example.com/batch-');
    expect(cp.state.nodes.find((n) => n.name === 'w1')!.annotations).to.not.have.property('example.com/batch');
    const patched = await kubectl(
      'patch',
      'node',
      'w1',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/batch","value":"b1"}]',
    );
    expect(patched.rc, patched.stderr).to.equal(0);
    expect(cp.state.nodes.find((n) => n.name === 'w1')!.labels.batch).to.equal('b1');
  });

  it('wait --for=condition=Ready returns when the node turns Ready, and times out while it stays NotReady', async () => {
    await start();
    cp.setNode('w2', { ready: false });
    expect((await kubectl('get', 'nodes')).stdout).to.match(/^w2\s+NotReady\s/m);
    // Ready only once the wait watches: it must have waited for the change, not found it done.
    const late = onceWatchingNodes(cp, () => cp.setNode('w2', { ready: true }));
    // A deadline no test run reaches: "condition met" can only come from the change.
    const ok = await kubectl('wait', '--for=condition=Ready', 'node/w2', '--timeout=600s');
    late.cancel();
    expect(await late.acted, 'kubectl wait never watched the nodes').to.equal(true);
    expect(ok.rc, ok.stderr).to.equal(0);
    expect(ok.stdout).to.equal('node/w2 condition met\n');
    cp.setNode('w2', { ready: false });
    const timedOut = await kubectl('wait', '--for=condition=Ready', 'node/w2', '--timeout=2s');
    expect(timedOut.rc).to.equal(1);
    // Its own --timeout ended it (our 60 s kill would leave no such message); a slow machine only adds to the 2 s.
    expect(timedOut.stderr).to.contain('timed out waiting for the condition on nodes/w2');
    expect(timedOut.ms).to.be.at.least(2000);
  });

  it('get pods -A with a spec.nodeName field selector or a label selector lists only those pods', async () => {
    await start();
    const onW2 = await kubectl('get', 'pods', '-A', '--field-selector', 'spec.nodeName=w2', '-o', 'json');
    const names = (JSON.parse(onW2.stdout) as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    );
    expect(names.sort()).to.deep.equal(['log-agent-w2', 'web-5d8f7c-g5h6i']);
    const table = await kubectl('get', 'pods', '-A', '-l', 'app in (web,cache)', '-o', 'wide');
    expect(table.stdout.trim().split('\n')).to.have.length(5);
    expect(table.stdout).to.match(/^default\s+cache-5d8f7c-j7k8l\s+1\/1\s+Running\s.*\sw1$/m);
  });

  it('a status report on the simulation endpoint changes Ready, runtime and the Ready condition message', async () => {
    await start();
    const message = 'failed to run Kubelet: unknown flag: --container-runtime';
    const body = { ready: false, runtime: 'containerd://1.6.20', reason: 'KubeletNotReady', message };
    const res = await fetch(`${cp.url}/sim/nodes/w1/status`, { method: 'PUT', body: JSON.stringify(body) });
    expect(res.status).to.equal(200);
    const wide = await kubectl('get', 'nodes', '-o', 'wide');
    expect(wide.stdout).to.match(/^w1\s+NotReady\s.*containerd:\/\/1\.6\.20$/m);
    const condition = await kubectl(
      'get',
      'node',
      'w1',
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
    );
    expect(condition.stdout).to.equal(message);
  });
});
