// SIMULATION: the plain state rendered as the API objects kubectl decodes
// (Node, Pod, PodDisruptionBudget, ReplicaSet/DaemonSet), with only the fields
// drain, wait, get -o wide and the runbook module read.
import { pdbStatus } from './pdb.js';
import {
  findWorkload,
  podReady,
  type ClusterState,
  type SimNode,
  type SimPdb,
  type SimPod,
  type SimWorkload,
} from './state.js';

export function nodeJson(node: SimNode): Record<string, unknown> {
  const ready = node.ready ? 'True' : 'False';
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: node.name,
      uid: node.uid,
      resourceVersion: String(node.resourceVersion),
      creationTimestamp: node.created,
      labels: node.labels,
      annotations: node.annotations,
    },
    spec: {
      ...(node.unschedulable
        ? {
            unschedulable: true,
            taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: node.created }],
          }
        : {}),
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: ready,
          reason: node.readyReason ?? (node.ready ? 'KubeletReady' : 'KubeletNotReady'),
          message:
            node.readyMessage ??
            (node.ready ? 'kubelet is posting ready status' : 'container runtime is down (simulated)'),
          lastHeartbeatTime: node.created,
          lastTransitionTime: node.created,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: node.address },
        { type: 'Hostname', address: node.name },
      ],
      nodeInfo: {
        kubeletVersion: node.kubeletVersion,
        kubeProxyVersion: node.kubeletVersion,
        containerRuntimeVersion: node.runtime,
        osImage: 'Debian GNU/Linux 12 (bookworm) (simulated)',
        kernelVersion: '6.1.0-sim',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: node.uid.replace(/-/g, ''),
        systemUUID: node.uid,
        bootID: node.uid,
      },
    },
  };
}

export function podJson(state: ClusterState, pod: SimPod): Record<string, unknown> {
  const ready = podReady(state, pod);
  const owner = pod.owner ? findWorkload(state, pod.owner.kind, pod.namespace, pod.owner.name) : undefined;
  const volumes = [
    ...(pod.emptyDir ? [{ name: 'scratch', emptyDir: {} }] : []),
    ...pod.hostPaths.map((path, i) => ({ name: `host-${i}`, hostPath: { path, type: '' } })),
  ];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: pod.name,
      namespace: pod.namespace,
      uid: pod.uid,
      resourceVersion: String(pod.resourceVersion),
      creationTimestamp: pod.created,
      labels: pod.labels,
      ...(pod.annotations ? { annotations: pod.annotations } : {}),
      ...(pod.owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: pod.owner.kind,
                name: pod.owner.name,
                uid: owner?.uid ?? '',
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      ...(pod.node ? { nodeName: pod.node } : {}),
      containers: [
        {
          name: 'app',
          image: pod.image ?? 'registry.k8s.io/pause:3.9',
          volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/mnt/${v.name}` })),
        },
      ],
      volumes,
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: pod.node ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      ...(pod.node ? { hostIP: state.nodes.find((n) => n.name === pod.node)?.address } : {}),
    },
  };
}

export function pdbJson(state: ClusterState, pdb: SimPdb): Record<string, unknown> {
  const s = pdbStatus(state, pdb);
  return {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    metadata: {
      name: pdb.name,
      namespace: pdb.namespace,
      uid: pdb.uid,
      resourceVersion: String(state.revision),
      creationTimestamp: pdb.created,
    },
    spec: {
      selector: { matchLabels: pdb.selector },
      ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
      ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
    },
    status: { ...s, observedGeneration: 1 },
  };
}

export function workloadJson(state: ClusterState, w: SimWorkload): Record<string, unknown> {
  const pods = state.pods.filter(
    (p) => p.namespace === w.namespace && p.owner?.kind === w.kind && p.owner.name === w.name,
  );
  return {
    kind: w.kind,
    apiVersion: 'apps/v1',
    metadata: { name: w.name, namespace: w.namespace, uid: w.uid, resourceVersion: String(state.revision) },
    spec: w.kind === 'ReplicaSet' ? { replicas: pods.length } : {},
    status: { replicas: pods.length },
  };
}
