// Simulated Docker-era nodes (test/sim/node, a SIMULATION) in the shapes clusters come in: a Kubespray
// node and a kubeadm control plane with static pods, migrated by hand over ssh as in node.test.ts.
import { expect } from 'chai';
import { hostNames } from '../support/run.js';
import { clusterState, startControlPlane, type ControlPlane } from './control-plane/index.js';
import { ENDPOINT, migrate, realVersions, V127, v2Config } from './hand-migration.js';
import { readSimNode, seedDockerNode, sh, shell, type DockerNodeOptions } from './node/index.js';

describe('simulated Docker-era nodes, cluster shapes: Kubespray layout, a kubeadm control plane (static pods)', () => {
  let cp: ControlPlane;
  let CONTAINERD_VERSION = '';
  const host = (i = 0) => hostNames()[i]!;
  const node = (name: string) => cp.state.nodes.find((n) => n.name === name)!;
  before(async () => {
    CONTAINERD_VERSION = realVersions().containerd;
    cp = await startControlPlane(clusterState({ nodes: [] }));
  });
  after(async () => cp?.stop());

  const KUBESPRAY: DockerNodeOptions = {
    kubeletVersion: '1.23.17',
    flavour: 'kubespray',
    cgroupDriver: 'systemd',
    reachableRegistries: ['registry.k8s.io'],
  };
  const CONTROL: DockerNodeOptions = { ...V127, controlPlane: true };
  // A control plane's API servers make the stand-in refuse other kubelets' reports while they are down.
  afterEach(() => cp.apiServers.stop());

  it('Kubespray: kubelet reads KUBELET_ARGS over several backslash-joined lines and its own config file; systemctl cat shows the unit', async () => {
    await seedDockerNode(host(), KUBESPRAY, cp);
    const sim = await readSimNode(host());
    expect(sim.kubelet).to.include({ runtime: 'docker', ready: true });
    expect(sim.kubelet!.argv).to.include.members([
      '--config=/etc/kubernetes/kubelet-config.yaml',
      '--runtime-cgroups=/systemd/system.slice',
      '--network-plugin=cni',
      '--v=2',
    ]);
    expect(sim.kubelet!.cgroupDriver).to.equal('systemd');
    const cat = await sh(host(), 'systemctl cat kubelet');
    expect(cat.split('\n')[0]).to.equal('# /etc/systemd/system/kubelet.service');
    expect(cat).to.contain('EnvironmentFile=-/etc/kubernetes/kubelet.env').and.contain('$KUBELET_ARGS');
    const continued = (await sh(host(), 'cat /etc/kubernetes/kubelet.env')).split('\n').filter((l) => l.endsWith('\\'));
    expect(continued.length).to.be.greaterThan(3);
  });

  it(
    'Kubespray: runtime flags set in the wrong file (/etc/default/kubelet) are not read: ' +
      'the node stays on Docker, NotReady with Docker stopped',
    async () => {
      await seedDockerNode(host(), KUBESPRAY, cp);
      await sh(
        host(),
        [
          'systemctl stop kubelet; systemctl stop docker',
          `${v2Config('registry.k8s.io/pause:3.6', true)}`,
          `echo 'KUBELET_EXTRA_ARGS="--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}"' > /etc/default/kubelet`,
          'systemctl restart containerd; systemctl start kubelet',
        ].join('\n'),
      );
      expect(node(host()).ready).to.equal(false);
      expect((await readSimNode(host())).kubelet).to.include({ runtime: 'docker', cause: 'DockerUnreachable' });
      // The same flags appended to KUBELET_ARGS in kubelet.env: Ready on containerd.
      await sh(
        host(),
        `sed -i 's|^KUBELET_ARGS="|KUBELET_ARGS="--container-runtime=remote ` +
          `--container-runtime-endpoint=${ENDPOINT} |' /etc/kubernetes/kubelet.env && systemctl restart ` +
          `kubelet`,
      );
      expect(node(host())).to.include({ ready: true, runtime: `containerd://${CONTAINERD_VERSION}` });
    },
  );

  it(
    'a kubeadm control-plane node: its API server goes with Docker, and comes back (503 while starting) ' +
      'once kubelet runs its static pods on containerd',
    async () => {
      const api = await cp.apiServerFor(host());
      await seedDockerNode(host(), CONTROL, cp);
      cp.apiServers.settle();
      await sh(host(), `cat > /tmp/api.conf <<'EOF'\n${api.kubeconfigText}\nEOF`);
      const kubectl = (args: string) => shell(host(), `kubectl --kubeconfig=/tmp/api.conf ${args}`);
      expect((await kubectl(`get node ${host()} -o name`)).out.trim()).to.equal(`node/${host()}`);
      await sh(host(), 'systemctl stop kubelet');
      expect(cp.apiServers.serving(host())).to.equal(true); // its containers outlive the kubelet
      await sh(host(), 'systemctl stop docker');
      expect(cp.apiServers.serving(host())).to.equal(false);
      expect((await kubectl('get nodes')).err).to.match(/The connection to the server 127\.0\.0\.1:\d+ was refused/);
      await migrate(host(), CONTROL, {
        config: v2Config('registry.k8s.io/pause:3.9', true),
        flags: '--pod-infra-container-image=registry.k8s.io/pause:3.9',
        more: `echo 'containerRuntimeEndpoint: ${ENDPOINT}' >> /var/lib/kubelet/config.yaml`,
      });
      expect(await sh(host(), 'cat /run/sim-node/static-pods.json')).to.contain('"runtime": "containerd"');
      // Starting: node requests get 503 until it has turned two away; the kubelet's report waits for it.
      expect((await kubectl(`get node ${host()}`)).err).to.contain('ServiceUnavailable');
      expect((await kubectl(`get node ${host()}`)).err).to.contain('ServiceUnavailable');
      expect((await kubectl(`get node ${host()} -o jsonpath={.status.nodeInfo.containerRuntimeVersion}`)).out).to.equal(
        `containerd://${CONTAINERD_VERSION}`,
      );
    },
  );

  it('a control-plane node whose images cannot be pulled on containerd: its API server stays down', async () => {
    await cp.apiServerFor(host());
    await seedDockerNode(host(), { ...CONTROL, reachableRegistries: [] }, cp);
    cp.apiServers.settle();
    expect(cp.apiServers.serving(host())).to.equal(true); // on Docker the images are there
    await migrate(host(), CONTROL, {
      config: v2Config('registry.k8s.io/pause:3.9', true),
      flags: '--pod-infra-container-image=registry.k8s.io/pause:3.9',
      more: `echo 'containerRuntimeEndpoint: ${ENDPOINT}' >> /var/lib/kubelet/config.yaml`,
    });
    expect(cp.apiServers.serving(host())).to.equal(false);
    expect((await readSimNode(host())).kubelet).to.include({ cause: 'SandboxImageUnreachable' });
    expect(await sh(host(), 'cat /run/sim-node/static-pods.json')).to.contain('"runtime": null');
  });
});
