// What the control plane says about a node, its pods and the disruption
// budgets, read with `kubectl get … -o json` on the host that runs kubectl.
import type { Connection } from '../transport/connection.js';
import { kubectlGetJson, type KubectlTarget } from './k8s-kubectl.js';

export interface NodeFacts {
  name: string;
  ready: boolean;
  /** The Ready condition's reason and message, e.g. KubeletNotReady. */
  ready_reason: string;
  ready_message: string;
  unschedulable: boolean;
  /** nodeInfo.containerRuntimeVersion, e.g. "containerd://1.6.20". */
  container_runtime: string;
  runtime_name: string;
  runtime_version: string;
  kubelet_version: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
}

export interface PodFacts {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** The controller's kind (ReplicaSet, DaemonSet, …), or '' for a bare pod. */
  controller: string;
  mirror: boolean;
  emptyDir: boolean;
  hostPaths: string[];
  /** The images of its containers (init containers too). */
  images: string[];
}

export interface PdbFacts {
  namespace: string;
  name: string;
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values?: string[] }[];
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
}

type Meta = {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
export type Obj = { metadata?: Meta; spec?: Record<string, unknown>; status?: Record<string, unknown> };

/** The node, or null when the control plane has no node of that name. */
export async function readNode(conn: Connection, target: KubectlTarget, name: string): Promise<NodeFacts | null> {
  // `--` keeps a name that starts with "-" from being read as an option.
  const node = (await kubectlGetJson(conn, target, ['node', '--', name])) as Obj | null;
  return node ? nodeFacts(node, name) : null;
}

/** A Node object as kubectl prints it, read into facts. */
export function nodeFacts(node: Obj, name = node.metadata?.name ?? ''): NodeFacts {
  const status = (node.status ?? {}) as {
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    nodeInfo?: Record<string, string>;
  };
  const ready = status.conditions?.find((c) => c.type === 'Ready');
  const runtime = status.nodeInfo?.containerRuntimeVersion ?? '';
  const [runtimeName = '', runtimeVersion = ''] = runtime.split('://');
  return {
    name: node.metadata?.name ?? name,
    ready: ready?.status === 'True',
    ready_reason: ready?.reason ?? '',
    ready_message: ready?.message ?? '',
    unschedulable: node.spec?.unschedulable === true,
    container_runtime: runtime,
    runtime_name: runtimeName,
    runtime_version: runtimeVersion,
    kubelet_version: status.nodeInfo?.kubeletVersion ?? '',
    annotations: node.metadata?.annotations ?? {},
    labels: node.metadata?.labels ?? {},
  };
}

/** The pods bound to `node`, optionally only those matching a label selector. */
export async function listNodePods(
  conn: Connection,
  target: KubectlTarget,
  node: string,
  selector?: string,
): Promise<PodFacts[]> {
  const args = [
    'pods',
    '--all-namespaces',
    `--field-selector=spec.nodeName=${node}`,
    ...(selector ? [`--selector=${selector}`] : []),
  ];
  const list = (await kubectlGetJson(conn, target, args)) as { items?: Obj[] } | null;
  return (list?.items ?? []).map(podFacts);
}

/** A Pod object as kubectl prints it, read into facts. */
export function podFacts(p: Obj): PodFacts {
  const meta = (p.metadata ?? {}) as Meta & { ownerReferences?: { kind: string; controller?: boolean }[] };
  const volumes = (p.spec?.volumes ?? []) as { emptyDir?: object; hostPath?: { path: string } }[];
  const containers = [
    ...((p.spec?.initContainers ?? []) as { image?: string }[]),
    ...((p.spec?.containers ?? []) as { image?: string }[]),
  ];
  return {
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    labels: meta.labels ?? {},
    controller: meta.ownerReferences?.find((o) => o.controller)?.kind ?? '',
    mirror: 'kubernetes.io/config.mirror' in (meta.annotations ?? {}),
    emptyDir: volumes.some((v) => v.emptyDir !== undefined),
    hostPaths: volumes.flatMap((v) => (v.hostPath ? [v.hostPath.path] : [])),
    images: containers.flatMap((c) => (c.image ? [c.image] : [])),
  };
}

export async function listPdbs(conn: Connection, target: KubectlTarget): Promise<PdbFacts[]> {
  const list = (await kubectlGetJson(conn, target, ['poddisruptionbudgets', '--all-namespaces'])) as {
    items?: Obj[];
  } | null;
  return (list?.items ?? []).map(pdbFacts);
}

/** A PodDisruptionBudget object as kubectl prints it, read into facts. */
export function pdbFacts(b: Obj): PdbFacts {
  const selector = (b.spec?.selector ?? {}) as Pick<PdbFacts, 'matchLabels' | 'matchExpressions'>;
  const status = (b.status ?? {}) as Record<string, number>;
  return {
    namespace: b.metadata?.namespace ?? '',
    name: b.metadata?.name ?? '',
    matchLabels: selector.matchLabels ?? {},
    matchExpressions: selector.matchExpressions ?? [],
    disruptionsAllowed: status.disruptionsAllowed ?? 0,
    currentHealthy: status.currentHealthy ?? 0,
    desiredHealthy: status.desiredHealthy ?? 0,
  };
}
