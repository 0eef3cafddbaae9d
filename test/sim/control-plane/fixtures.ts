// Test support: a small cluster shaped like the one the migration playbook
// meets — a control-plane node and workers on Docker, ReplicaSet pods, a
// DaemonSet on every node (one mounting the Docker socket), an emptyDir pod.
import { clusterState, type ClusterSpec, type ClusterState } from './state.js';

export function smallCluster(nodeNames: string[], extra: Partial<ClusterSpec> = {}): ClusterState {
  const [cp, w1, w2] = nodeNames as [string, string, string];
  const rs = (name: string, node: string, app: string, more = {}) => ({
    name,
    node,
    labels: { app },
    owner: { kind: 'ReplicaSet' as const, name: `${app}-5d8f7c` },
    ...more,
  });
  return clusterState({
    nodes: [
      {
        name: cp,
        labels: { 'node-role.kubernetes.io/control-plane': '' },
        annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': '/var/run/dockershim.sock' },
      },
      { name: w1, annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': '/var/run/dockershim.sock' } },
      { name: w2, annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': '/var/run/dockershim.sock' } },
      ...(extra.nodes ?? []),
    ],
    pods: [
      rs('web-5d8f7c-a1b2c', w1, 'web'),
      rs('web-5d8f7c-d3e4f', w1, 'web'),
      rs('web-5d8f7c-g5h6i', w2, 'web'),
      rs('cache-5d8f7c-j7k8l', w1, 'cache', { emptyDir: true }),
      ...nodeNames.map((n) => ({
        name: `log-agent-${n}`,
        namespace: 'kube-system',
        node: n,
        labels: { app: 'log-agent' },
        owner: { kind: 'DaemonSet' as const, name: 'log-agent' },
        hostPaths: ['/var/run/docker.sock'],
      })),
      ...(extra.pods ?? []),
    ],
    pdbs: extra.pdbs ?? [],
  });
}

/** A pod whose budget allows no disruption: its node cannot be drained. */
export const guardedDb = (node: string): Partial<ClusterSpec> => ({
  pods: [{ name: 'db-0', node, labels: { app: 'db' }, owner: { kind: 'ReplicaSet', name: 'db' } }],
  pdbs: [{ name: 'db-pdb', selector: { app: 'db' }, minAvailable: 1 }],
});

/** Where each pod is, `namespace/name@node`, sorted: to compare before and after. */
export function placement(state: ClusterState): string[] {
  return state.pods.map((p) => `${p.namespace}/${p.name}@${p.node}`).sort();
}
