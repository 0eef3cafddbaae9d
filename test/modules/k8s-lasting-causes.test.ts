import { expect } from 'chai';
import { LASTING_CAUSES, lastingCause } from '../../src/modules/k8s/lasting-causes.js';

// The Ready condition messages as kubelets print them (the kubelet joins its
// runtime and network errors with ","; see lasting-causes.ts for each source).
const LASTING: Record<string, string> = {
  sandbox_image:
    'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network ' +
    'plugin returns error: cni plugin not initialized,failed to get sandbox image ' +
    '"registry.k8s.io/pause:3.9": failed to pull image "registry.k8s.io/pause:3.9": ' +
    'failed to pull and unpack image "registry.k8s.io/pause:3.9": ' +
    'failed to resolve reference "registry.k8s.io/pause:3.9": failed to do request: ' +
    'Head "https://registry.k8s.io/v2/pause/manifests/3.9": dial tcp: i/o timeout',
  cri_plugin_disabled: 'rpc error: code = Unimplemented desc = unknown service runtime.v1alpha2.RuntimeService',
  cgroup_driver:
    'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
    'runc create failed: expected cgroupsPath to be of format "slice:prefix:name" for systemd ' +
    'cgroups, got "/kubepods/burstable/pod1/2" instead: unknown',
  unknown_flag: 'failed to parse kubelet flag: unknown flag: --container-runtime',
  runtime_socket_missing:
    'rpc error: code = Unavailable desc = connection error: desc = "transport: ' +
    'Error while dialing dial unix /run/containerd/containerd.sock: connect: ' +
    'no such file or directory"',
};

describe('k8s_node wait_ready: the reasons waiting cannot cure', () => {
  it("each entry matches the kubelet's own words for its cause, and no other entry does", () => {
    expect(LASTING_CAUSES.map((c) => c.id).sort()).to.deep.equal(Object.keys(LASTING).sort());
    for (const [id, message] of Object.entries(LASTING)) expect(lastingCause(message)?.id, id).to.equal(id);
    // The other spellings: v1 from kubelet 1.26, dockershim's cgroup check, Docker's socket, grpc's later lower case.
    expect(
      lastingCause(
        'validate CRI v1 runtime API for endpoint "unix:///run/containerd/containerd.sock": rpc error: ' +
          'code = Unimplemented desc = unknown service runtime.v1.RuntimeService',
      )?.id,
    ).to.equal('cri_plugin_disabled');
    expect(
      lastingCause(
        'failed to run Kubelet: misconfiguration: kubelet cgroup driver: "systemd" is different from docker cgroup driver: "cgroupfs"',
      )?.id,
    ).to.equal('cgroup_driver');
    expect(
      lastingCause('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?')
        ?.id,
    ).to.equal('runtime_socket_missing');
    expect(
      lastingCause(
        'connection error: desc = "transport: error while dialing: dial unix /run/cri-dockerd.sock: connect: no such file or directory"',
      )?.id,
    ).to.equal('runtime_socket_missing');
  });

  it('transient reasons are not in the list: the wait goes on to its deadline', () => {
    for (const message of [
      '[container runtime status check may not have completed yet, PLEG is not healthy: pleg has yet to be successful]',
      'PLEG is not healthy: pleg was last seen active 3m0.5s ago; threshold is 3m0s',
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
      'container runtime is down',
      'Kubelet stopped posting node status.',
      'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
      '',
    ])
      expect(lastingCause(message), message).to.equal(undefined);
  });
});
