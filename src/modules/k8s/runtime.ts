// k8s_node action runtime: the node's facts and its pods. Within a run, every
// node's check reads them from one shared read of the whole cluster (one
// kubectl call for all nodes), made after the last k8s_node change (a drain
// moves pods onto other nodes); a node this run changed reads the cluster anew
// each time (engine/run-cache.ts). Outside a run, or for a node the shared read
// does not know (added since), the node and its pods are read on their own.
import { clusterKey, readCluster } from '../../facts/k8s-cluster.js';
import type { KubectlTarget } from '../../facts/k8s-kubectl.js';
import { listNodePods, readNode, type NodeFacts, type PodFacts } from '../../facts/k8s-node.js';
import type { ModuleContext } from '../contract.js';

export interface NodeView {
  node: NodeFacts;
  pods: PodFacts[];
}

/** The node and its pods, or null when the control plane has no such node. */
export async function nodeView(ctx: ModuleContext, target: KubectlTarget, name: string): Promise<NodeView | null> {
  if (ctx.cache) {
    const cluster = await ctx.cache.shared(clusterKey(ctx.conn.host, target), ctx.host, () =>
      readCluster(ctx.conn, target),
    );
    const node = cluster.nodes.get(name);
    if (node) return { node, pods: cluster.podsOn.get(name) ?? [] };
  }
  const node = await readNode(ctx.conn, target, name);
  return node ? { node, pods: await listNodePods(ctx.conn, target, name) } : null;
}

/** What runtime returns besides the node's facts: its pods, their images, and those that mount Docker's socket. */
export function runtimeData(pods: readonly PodFacts[]): Record<string, unknown> {
  // Pods that mount Docker's socket break once Docker is gone: name them before the switch.
  const sockets = pods.filter((p) => mountsDockerSocket(p.hostPaths));
  const id = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;
  return {
    pods: pods.map(id),
    images: [...new Set(pods.flatMap((p) => p.images))],
    docker_socket_pods: sockets.map(id),
  };
}

/** A pod with one of these host paths reaches Docker's socket: the socket itself, or the run directory it lives in. */
export function mountsDockerSocket(hostPaths: readonly string[]): boolean {
  return hostPaths.some((h) => /\/docker\.sock$|^(\/var)?\/run\/?$/.test(h));
}
