// SIMULATION, test support only: the cluster the control-plane stand-in serves,
// as plain data. Tests build it with `clusterState()`, read it after running
// kubectl or a playbook, and change it (a node going NotReady) directly.
import { randomUUID } from 'node:crypto';

export interface SimNode {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  /** nodeInfo.containerRuntimeVersion, e.g. "docker://20.10.7" or "containerd://1.6.20". */
  runtime: string;
  kubeletVersion: string;
  /** The Ready condition's reason and message as the kubelet last reported them (defaults when absent). */
  readyReason?: string;
  readyMessage?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  address: string;
  uid: string;
  resourceVersion: number;
  created: string;
}

export type OwnerKind = 'ReplicaSet' | 'DaemonSet';

export interface SimPod {
  namespace: string;
  name: string;
  /** spec.nodeName; '' while Pending (no schedulable Ready node was left for it). */
  node: string;
  labels: Record<string, string>;
  owner?: { kind: OwnerKind; name: string };
  emptyDir: boolean;
  /** hostPath volumes, e.g. /var/run/docker.sock. */
  hostPaths: string[];
  /** The container image (default registry.k8s.io/pause:3.9): a node that cannot pull it cannot run the pod. */
  image?: string;
  /** e.g. kubernetes.io/config.mirror: the API's copy of a static pod, which kubectl drain leaves alone. */
  annotations?: Record<string, string>;
  uid: string;
  resourceVersion: number;
  created: string;
}

export interface SimPdb {
  namespace: string;
  name: string;
  /** spec.selector.matchLabels. */
  selector: Record<string, string>;
  minAvailable?: number;
  maxUnavailable?: number;
  uid: string;
  created: string;
}

/** A ReplicaSet or DaemonSet that exists (kubectl drain GETs a pod's controller). */
export interface SimWorkload {
  kind: OwnerKind;
  namespace: string;
  name: string;
  uid: string;
}

export interface ClusterState {
  nodes: SimNode[];
  pods: SimPod[];
  pdbs: SimPdb[];
  workloads: SimWorkload[];
  /** Cluster-wide counter, as etcd's revision: every write takes the next value. */
  revision: number;
  /** Every request served, "METHOD path?query", for tests that assert on what kubectl did. */
  requests: string[];
  /** Misbehaviour on demand: eviction requests that never get an answer (a wedged API server). */
  faults: { hangEvictions?: boolean };
}

type Part<T, K extends keyof T> = Pick<T, K> & Partial<Omit<T, K>>;

export interface ClusterSpec {
  nodes: Part<SimNode, 'name'>[];
  pods?: (Part<Omit<SimPod, 'owner'>, 'name' | 'node'> & { owner?: SimPod['owner'] })[];
  pdbs?: Part<SimPdb, 'name' | 'selector'>[];
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Fills in defaults: Ready, schedulable, Docker runtime, the kubelet's labels, namespace "default"; one ReplicaSet or DaemonSet per owner named. */
export function clusterState(spec: ClusterSpec): ClusterState {
  const nodes = spec.nodes.map((n, i) => ({
    ready: true,
    unschedulable: false,
    runtime: 'docker://20.10.7',
    kubeletVersion: 'v1.23.17',
    annotations: {},
    address: `10.0.0.${i + 11}`,
    uid: randomUUID(),
    resourceVersion: 1,
    created: now(),
    ...n,
    // The labels every kubelet registers its node with.
    labels: {
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...n.labels,
    },
  }));
  const pods = (spec.pods ?? []).map((p) =>
    newPod({ namespace: 'default', labels: {}, emptyDir: false, hostPaths: [], ...p }),
  );
  const pdbs = (spec.pdbs ?? []).map((p) => ({ namespace: 'default', uid: randomUUID(), created: now(), ...p }));
  const workloads: SimWorkload[] = [];
  for (const p of pods) {
    const owner = p.owner;
    if (
      owner &&
      !workloads.some((w) => w.kind === owner.kind && w.namespace === p.namespace && w.name === owner.name)
    ) {
      workloads.push({ ...owner, namespace: p.namespace, uid: randomUUID() });
    }
  }
  return { nodes, pods, pdbs, workloads, revision: 1, requests: [], faults: {} };
}

export function newPod(p: Omit<SimPod, 'uid' | 'resourceVersion' | 'created'>): SimPod {
  return { ...p, uid: randomUUID(), resourceVersion: 1, created: now() };
}

export function findWorkload(
  state: ClusterState,
  kind: OwnerKind,
  namespace: string,
  name: string,
): SimWorkload | undefined {
  return state.workloads.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
}

/** A pod counts as Running and Ready when it is bound to a Ready node. */
export function podReady(state: ClusterState, pod: SimPod): boolean {
  return state.nodes.some((n) => n.name === pod.node && n.ready);
}

export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
