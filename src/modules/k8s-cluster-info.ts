// k8s_cluster_info: what a migration must know of the whole cluster before it
// drains a node, from one `kubectl get nodes,pods,poddisruptionbudgets` on the
// host the task runs on. Read-only (runs under --check, never a change). Its
// read is the run's shared cluster read (engine/run-cache.ts), so the first
// batch's k8s_node runtime checks reuse it instead of calling kubectl again.
//
//   - k8s_cluster_info: { kubeconfig: /etc/kubernetes/admin.conf }
//     register: cluster
//
// kubeconfig, context  as k8s_node      timeout  s the API server may be away (default 300)
// Returned: nodes (name → ready, container_runtime, unschedulable), not_ready
// (names of nodes whose Ready condition is not True), docker_socket_pods
// (namespace/name of pods that mount Docker's socket or its run directory),
// blocking_pdbs (namespace/name of PodDisruptionBudgets that allow no disruption now).
import { clusterKey, readCluster } from '../facts/k8s-cluster.js';
import type { KubectlTarget } from '../facts/k8s-kubectl.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { DEFAULT_TIMEOUT_S } from './k8s/args.js';
import { mountsDockerSocket } from './k8s/runtime.js';

const schema = {
  type: 'object',
  properties: {
    kubeconfig: { type: 'string', minLength: 1, description: 'path of a kubeconfig on the host that runs kubectl' },
    context: { type: 'string', minLength: 1, description: 'kubeconfig context' },
    timeout: {
      type: 'integer',
      minimum: 1,
      description: `seconds the read rides through an unreachable API server (default ${DEFAULT_TIMEOUT_S})`,
    },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const k8sClusterInfo: ModuleDef<Args> = {
  name: 'k8s_cluster_info',
  summary: "read the cluster's nodes, the pods that mount Docker's socket and the blocking disruption budgets",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const patience = {
      until: Date.now() + (args.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      unreachableMs: 0,
      signal: ctx.signal,
    };
    const target: KubectlTarget = { kubeconfig: args.kubeconfig, context: args.context, patience };
    const read = () => readCluster(ctx.conn, target);
    const cluster = await (ctx.cache ? ctx.cache.shared(clusterKey(ctx.conn.host, target), ctx.host, read) : read());
    const nodes = [...cluster.nodes.values()];
    const id = (o: { namespace: string; name: string }) => `${o.namespace}/${o.name}`;
    const pods = [...cluster.podsOn.values()].flat();
    return {
      changes: [],
      data: {
        nodes: Object.fromEntries(
          nodes.map((n) => [
            n.name,
            { ready: n.ready, container_runtime: n.container_runtime, unschedulable: n.unschedulable },
          ]),
        ),
        not_ready: nodes.filter((n) => !n.ready).map((n) => n.name),
        docker_socket_pods: pods.filter((p) => mountsDockerSocket(p.hostPaths)).map(id),
        blocking_pdbs: cluster.pdbs.filter((b) => b.disruptionsAllowed === 0).map(id),
      },
    };
  },
};
