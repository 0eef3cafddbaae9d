// k8s_node wait_ready against the control-plane stand-in (a SIMULATION), over
// the real SSH transport and the real kubectl: a reason that waiting cannot cure
// fails the wait after a few polls, a transient one waits to the deadline, and
// a node that turns Ready meanwhile ends the wait well.
import { expect } from 'chai';
import { CONFIRM_POLLS } from '../../src/modules/k8s/lasting-causes.js';
import { smallCluster } from '../sim/control-plane/fixtures.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/index.js';
import { nodePlay } from '../sim/control-plane/playbook.js';
import { hostNames } from '../support/run.js';

const SANDBOX =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized,' +
  ('failed to get sandbox image "registry.k8s.io/pause:3.9": failed to pull image "registry.k8s.io/pause:3.9": ' +
    'failed to pull and unpack image "registry.k8s.io/pause:3.9": ') +
  'failed to resolve reference "registry.k8s.io/pause:3.9": failed to do request: Head "https://registry.k8s.io/v2/pause/manifests/3.9": dial tcp: i/o timeout';

describe('k8s_node wait_ready: fails fast on a reason that will not heal (against the simulated control plane)', () => {
  let cp: ControlPlane;
  const control = () => hostNames()[0]!;
  const worker = () => hostNames()[1]!;
  beforeEach(async () => {
    cp = await startControlPlane(smallCluster(hostNames()));
  });
  afterEach(async () => cp.stop());
  const { run: play, task, result } = nodePlay(() => cp, worker, control);

  it('an unpullable sandbox image fails the wait after its confirmation polls, long before the timeout, naming the cause', async () => {
    cp.setNode(worker(), { ready: false, runtime: 'containerd://1.6.20', readyMessage: SANDBOX });
    const run = await play(task('wait', 'action: wait_ready, timeout: 300'));
    const r = result(run, 'wait');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal(
      `node ${worker()} will not become Ready by waiting: the sandbox (pause) ` +
        `image cannot be pulled (Ready condition, ${CONFIRM_POLLS} polls: KubeletNotReady: ${SANDBOX})`,
    );
    // The result says how the wait ended and what the node runs: the report reads these.
    expect(r.data).to.deep.include({ action: 'wait_ready', ready: false, runtime_name: 'containerd' });
    expect(r.data.wait).to.deep.include({ outcome: 'lasting', cause: 'sandbox_image', polls: CONFIRM_POLLS });
    // Ended by the confirmed cause ("lasting"), not by the 300 s it was given ("timeout").
    expect(cp.state.requests.filter((x) => !x.startsWith('GET'))).to.deep.equal([]);
  });

  it('a transient reason (PLEG not healthy yet) waits to the deadline; a node that turns Ready ends the wait well', async () => {
    const pleg =
      '[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]';
    cp.setNode(worker(), { ready: false, readyMessage: pleg });
    const run = await play(task('wait', 'action: wait_ready, timeout: 15'));
    const r = result(run, 'wait');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal(`node ${worker()} is not Ready after 15 s (Ready condition: KubeletNotReady: ${pleg})`);
    expect(r.data.wait).to.deep.include({ outcome: 'timeout' });
    // Seen on at least as many polls as confirm a lasting cause, and still waited to the deadline.
    expect((r.data.wait as { polls: number }).polls).to.be.at.least(CONFIRM_POLLS);

    // A lasting reason that goes away before it is confirmed (a kubelet restarted on a fixed config) is no failure.
    cp.setNode(worker(), { ready: false, readyMessage: SANDBOX });
    const fixed = setTimeout(() => cp.setNode(worker(), { ready: true, runtime: 'containerd://1.6.20' }), 1000);
    const healed = await play(task('wait', 'action: wait_ready, timeout: 300'));
    clearTimeout(fixed);
    const h = result(healed, 'wait');
    expect(h.status, h.msg).to.equal('ok');
    expect(h.msg).to.equal(`node ${worker()} became Ready`);
    expect(h.data).to.deep.include({ action: 'wait_ready', ready: true, runtime_name: 'containerd' });
    expect(h.data.wait).to.deep.include({ outcome: 'ready' });
  });
});
