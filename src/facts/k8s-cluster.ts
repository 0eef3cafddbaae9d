// The whole cluster in one kubectl call: every node, every pod (with the node
// it is bound to) and every PodDisruptionBudget. One process on the control
// plane instead of two per node: what k8s_node's runtime checks share through
// the run's cache (modules/contract.ts RunCache).
import type { Connection } from '../transport/connection.js';
import { kubectlGetJson, type KubectlTarget } from './k8s-kubectl.js';
import { nodeFacts, pdbFacts, podFacts, type NodeFacts, type Obj, type PdbFacts, type PodFacts } from './k8s-node.js';

export interface ClusterFacts {
  nodes: Map<string, NodeFacts>;
  /** Pods by the node they are bound to (pending pods, bound to none, are left out). */
  podsOn: Map<string, PodFacts[]>;
  pdbs: PdbFacts[];
}

export async function readCluster(conn: Connection, target: KubectlTarget): Promise<ClusterFacts> {
  // kubectl lists the three kinds in one List (a request each to the API server, one process).
  const list = (await kubectlGetJson(conn, target, ['nodes,pods,poddisruptionbudgets', '--all-namespaces'])) as {
    items?: (Obj & { kind?: string })[];
  } | null;
  const out: ClusterFacts = { nodes: new Map(), podsOn: new Map(), pdbs: [] };
  for (const item of list?.items ?? []) {
    if (item.kind === 'Node') {
      const node = nodeFacts(item);
      out.nodes.set(node.name, node);
    } else if (item.kind === 'Pod') {
      const on = item.spec?.nodeName;
      if (typeof on !== 'string' || on === '') continue;
      let pods = out.podsOn.get(on);
      if (!pods) {
        pods = [];
        out.podsOn.set(on, pods);
      }
      pods.push(podFacts(item));
    } else if (item.kind === 'PodDisruptionBudget') out.pdbs.push(pdbFacts(item));
  }
  return out;
}

/** The cache key of a cluster read: which host's kubectl, with which kubeconfig and context. */
export function clusterKey(host: string, target: KubectlTarget): string {
  return `k8s-cluster ${host} ${target.kubeconfig ?? ''} ${target.context ?? ''}`;
}
