// SIMULATION, test support: a Docker-era cluster on lab hosts for the migration
// playbook — its own lab (a kubeadm control-plane node whose API server runs as
// a static pod on its Docker, and three workers: RPM 1.19, Kubespray 1.23,
// kubeadm 1.27 with cri-dockerd), the control-plane stand-in, a crictl release
// served over HTTP, seeded nodes, and an inventory in Kubespray's shape.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab } from '../lab/lab.js';
import { labDir, nthAddress } from '../lab/paths.js';
import { startRegistry, type LabRegistry } from '../lab/registry.js';
import { lab, setSharedLab } from '../lab/shared.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/index.js';
import { clusterState } from '../sim/control-plane/state.js';
import { installKubectl } from '../sim/kubectl/index.js';
import { pushImagesUpstream, seedDockerNode, sh, type DockerNodeOptions } from '../sim/node/index.js';
import { controlPlaneImages } from '../sim/node/docker-era.js';
import { startHttpServer, type TestServer } from '../support/http-server.js';

export const KUBECONFIG = '/root/.kube/sim-config';
export const CRICTL_VERSION = 'v1.28.0';
export const SANDBOX = 'registry.k8s.io/pause:3.9';

export interface SimCluster {
  cp: ControlPlane;
  controlHost: string;
  workers: string[];
  inventory: string;
  /** The same cluster reached as the lab's sudo user (a password for sudo), with ansible_become. */
  sudoInventory: string;
  sudoPassword: string;
  http: TestServer;
  /** A real registry (Debian's docker-registry) on a lab address, empty at start: a mirror the nodes may be told of. */
  registry: LabRegistry;
  /**
   * Re-seeds every node (the control plane too) as a Docker node and resets the control plane's workloads;
   * the control-plane host gets kubectl of its kubeletVersion.
   */
  reseed(
    overrides?: Partial<Record<string, Partial<DockerNodeOptions>>>,
    extra?: { pdbOn?: string; imageOn?: { node: string; image: string } },
  ): Promise<void>;
  stop(): Promise<void>;
}

/** The control-plane node: kubeadm 1.27 on cri-dockerd, its API server a static pod. */
export const CONTROL_PLANE: DockerNodeOptions = {
  kubeletVersion: '1.27.3',
  flavour: 'kubeadm',
  cgroupDriver: 'systemd',
  reachableRegistries: ['registry.k8s.io'],
  controlPlane: true,
};
export const FLAVOURS: DockerNodeOptions[] = [
  {
    kubeletVersion: '1.19.16',
    flavour: 'rpm',
    cgroupDriver: 'cgroupfs',
    logOpts: { maxSize: '100m', maxFile: '5' },
    reachableRegistries: ['registry.k8s.io'],
  },
  {
    kubeletVersion: '1.23.17',
    flavour: 'kubespray',
    cgroupDriver: 'systemd',
    reachableRegistries: ['registry.k8s.io'],
  },
  {
    kubeletVersion: '1.27.3',
    flavour: 'kubeadm',
    cgroupDriver: 'systemd',
    logOpts: { maxSize: '50m', maxFile: '3' },
    reachableRegistries: ['registry.k8s.io'],
  },
];

function crictlTarball(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'crictl-'));
  // The lab nodes have the stand-in's program (seedDockerNode copies test/sim/node/host/*.js there).
  writeFileSync(
    join(dir, 'crictl'),
    `#!/bin/sh\n# SIMULATION: a stand-in crictl ` +
      `(test/sim/node/host/crictl.ts)\nSIM_CRICTL_VERSION=${CRICTL_VERSION} exec node ` +
      `/usr/local/lib/sim-node/crictl.js "$@"\n`,
    { mode: 0o755 },
  );
  return execFileSync('tar', ['-czf', '-', '-C', dir, 'crictl']);
}

function sharedLabOrNone(): Lab | undefined {
  try {
    return lab();
  } catch {
    return undefined; // the demo runs without a test run's lab
  }
}

// RUNBOOK_E2E_FIRST_ADDRESS moves it, so two test runs on one machine (two work trees, or the two
// lanes of `npm test`, which have their own RUNBOOK_LAB_NAME too) can run side by side.
const E2E_SPOT = {
  labName: `${process.env.RUNBOOK_LAB_NAME ?? 'test'}-e2e`,
  firstAddress: process.env.RUNBOOK_E2E_FIRST_ADDRESS ?? '127.0.4.2',
};

/** `workerCount`: 3 (one of each flavour), or more for the bench's larger cluster (the flavours in turn). */
export async function startSimCluster(where = E2E_SPOT, workerCount = 3): Promise<SimCluster> {
  const shared = sharedLabOrNone();
  const own: Lab = await startLab({
    hosts: workerCount + 1,
    dir: labDir(where.labName),
    firstAddress: where.firstAddress,
  });
  setSharedLab(own); // the sim's helpers reach hosts through the shared lab
  const [controlHost, ...workers] = own.hosts.map((h) => h.name) as [string, ...string[]];
  const tarball = crictlTarball();
  const tarName = `/crictl-${CRICTL_VERSION}-linux-amd64.tar.gz`;
  const http = await startHttpServer({
    [tarName]: tarball,
    [`${tarName}.sha256`]: `${createHash('sha256').update(tarball).digest('hex')}\n`,
  });
  const cp = await startControlPlane(workload(controlHost, workers));
  // After the hosts' addresses (first … first+3), on the same /24.
  const registry = await startRegistry(nthAddress(where.firstAddress, Math.max(9, workerCount + 2)));
  // kubectl on the control-plane host talks to that node's own API server (a static pod there).
  const api = await cp.apiServerFor(controlHost);
  await sh(controlHost, `mkdir -p /root/.kube && cat > ${KUBECONFIG} <<'EOF'\n${api.kubeconfigText}\nEOF`);
  const dir = mkdtempSync(join(tmpdir(), 'e2e-inv-'));
  const inventory = join(dir, 'hosts.yaml');
  const sudoInventory = join(dir, 'hosts-sudo.yaml');
  const sudo = own.sudoUser;
  if (!sudo) throw new Error("the simulated cluster needs the lab's sudo user");
  const host = (name: string) => {
    const h = own.hosts.find((x) => x.name === name)!;
    return `    ${name}: { ansible_host: ${h.address}, ansible_ssh_private_key_file: ${own.keyFile} }\n`;
  };
  const hostsYaml =
    `all:\n  hosts:\n${[controlHost, ...workers].map(host).join('')}` +
    (`  children:\n    kube_control_plane:\n      hosts:\n        ${controlHost}:\n    kube_node:\n      ` +
      `hosts:\n${workers.map((w) => `        ${w}:\n`).join('')}`) +
    `    k8s_cluster:\n      children:\n        kube_control_plane:\n        kube_node:\n` +
    `  vars:\n    runbook_known_hosts_file: ${own.knownHostsFile}\n    kubeconfig: ${KUBECONFIG}\n    containerd_sandbox_image: ${SANDBOX}\n` +
    (`    drain_timeout: 20\n    node_ready_timeout: 30\n    api_timeout: 60\n    crictl_version: ` +
      `${CRICTL_VERSION}\n    crictl_urls: ["${http.url(tarName)}"]\n`);
  writeFileSync(inventory, hostsYaml);
  // A login that is not root, whose sudo asks for a password: the playbook is the same.
  writeFileSync(
    sudoInventory,
    `${hostsYaml}    ansible_user: ${sudo.name}\n    ansible_become: true\n    ansible_become_password: ${JSON.stringify(sudo.password)}\n`,
  );
  let pushed = false;
  const cluster: SimCluster = {
    cp,
    controlHost,
    workers,
    inventory,
    sudoInventory,
    sudoPassword: sudo.password,
    http,
    registry,
    async reseed(overrides = {}, extra = {}) {
      const upstreamRegistry = registry.address;
      const control = { ...CONTROL_PLANE, upstreamRegistry, ...overrides[controlHost] };
      const fresh = workload(controlHost, workers, extra, control);
      cp.state.pods = fresh.pods;
      cp.state.pdbs = fresh.pdbs;
      cp.state.workloads = fresh.workloads;
      for (const n of cp.state.nodes) n.unschedulable = false;
      await seedDockerNode(controlHost, control, cp);
      // A control plane carries the kubectl of its own release (a SIMULATION in front of the real one).
      await installKubectl(controlHost, control.kubeletVersion);
      cp.apiServers.settle();
      await Promise.all(
        workers.map((w, i) =>
          seedDockerNode(
            w,
            { ...(FLAVOURS[i % FLAVOURS.length] as DockerNodeOptions), upstreamRegistry, ...overrides[w] },
            cp,
          ),
        ),
      );
      // Once a cluster: the images of what runs here, in the registry that stands in for the internet.
      if (!pushed) {
        await Promise.all([controlHost, ...workers].map((h) => pushImagesUpstream(h, registry.address)));
        pushed = true;
      }
      await Promise.all(
        [controlHost, ...workers].map((w) => sh(w, 'rm -f /usr/local/bin/crictl /etc/crictl.yaml /tmp/crictl-*')),
      );
    },
    async stop() {
      await cp.stop();
      await http.close();
      await registry.stop();
      setSharedLab(shared);
      await own.stop();
    },
  };
  return cluster;
}

// What runs in the cluster: ReplicaSet pods spread over the workers (one with
// emptyDir), a DaemonSet on every node, and optionally a pod guarded by a PDB
// that allows no disruption.
function workload(
  controlHost: string,
  workers: string[],
  extra: { pdbOn?: string; imageOn?: { node: string; image: string } } = {},
  control = CONTROL_PLANE,
) {
  const { pdbOn, imageOn } = extra;
  const rs = (app: string, i: number, node: string, more = {}) => ({
    name: `${app}-7c9d-${i}`,
    node,
    labels: { app },
    owner: { kind: 'ReplicaSet' as const, name: `${app}-7c9d` },
    ...more,
  });
  return clusterState({
    nodes: [{ name: controlHost, labels: { 'node-role.kubernetes.io/control-plane': '' } }],
    pods: [
      ...workers.flatMap((w, i) => [rs('web', i, w), rs('api', i, w)]),
      rs('cache', 0, workers[0] as string, { emptyDir: true }),
      // The API's mirror pods of the control plane's static pods, as its kubelet posts them.
      ...controlPlaneImages(control).map((image) => ({
        name: `${/\/([a-z0-9-]+):/.exec(image)![1]}-${controlHost}`,
        namespace: 'kube-system',
        node: controlHost,
        labels: { tier: 'control-plane' },
        annotations: { 'kubernetes.io/config.mirror': 'sim' },
        image,
      })),
      ...[controlHost, ...workers].map((n) => ({
        name: `kube-proxy-${n}`,
        namespace: 'kube-system',
        node: n,
        labels: { app: 'kube-proxy' },
        owner: { kind: 'DaemonSet' as const, name: 'kube-proxy' },
      })),
      ...(pdbOn
        ? [{ name: 'db-0', node: pdbOn, labels: { app: 'db' }, owner: { kind: 'ReplicaSet' as const, name: 'db' } }]
        : []),
      // A DaemonSet pod whose image only some registries have: it stays on the node through the drain.
      ...(imageOn
        ? [
            {
              name: `net-agent-${imageOn.node}`,
              namespace: 'kube-system',
              node: imageOn.node,
              labels: { app: 'net-agent' },
              owner: { kind: 'DaemonSet' as const, name: 'net-agent' },
              image: imageOn.image,
            },
          ]
        : []),
    ],
    pdbs: pdbOn ? [{ name: 'db-pdb', selector: { app: 'db' }, minAvailable: 1 }] : [],
  });
}
