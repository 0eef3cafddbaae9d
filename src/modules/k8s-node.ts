// k8s_node: one Kubernetes node seen through kubectl on the host the task runs
// on (in a playbook, the control plane: `delegate_to`). Reads the node first,
// so cordon, uncordon, drain and annotate change only what differs; runtime and
// wait_ready only read (and run under --check), returning the node's facts.
//
//   - k8s_node: { name: "{{inventory_hostname}}", action: drain, timeout: 600 }
//     delegate_to: "{{control_plane_host}}"
//
// action      cordon | uncordon | drain | wait_ready | runtime | annotate
// kubeconfig  path on the kubectl host (default: kubectl's own)   context  kubeconfig context
// timeout     s (default 300): how long drain and wait_ready may take, and how
//             long every action rides through an unreachable API server (a
//             kubeadm control plane switching runtimes); the task fails, never hangs
// drain:      grace_period, pod_selector, ignore_daemonsets (true),
//             delete_emptydir_data (true), force (false), disable_eviction,
//             skip_wait_for_delete_timeout (kubectl 1.18+)
// The flags are those of the kubectl on the host (facts/kubectl-client.ts): its
// release is read first, and one runbook cannot drive fails the task before
// anything changes.
// annotate:   annotations: { key: value, key: null (removes) }
// wait_ready fails early on a reason waiting cannot cure (k8s/lasting-causes.ts).
// Returned: action, node, ready, ready_reason, ready_message, unschedulable,
// container_runtime ("containerd://1.6.20"), runtime_name, runtime_version,
// kubelet_version, annotations, milestone (cordoned | uncordoned | drained |
// ready-on-<runtime>: the state the action leaves the node in); runtime adds pods (namespace/name of each pod
// bound to the node) and docker_socket_pods; drain adds
// pods_to_evict, evicted, blocked_by; wait_ready adds wait (outcome: ready |
// lasting | timeout, cause, reason, polls, waited_s).
import { READ_TIMEOUT_S, type KubectlTarget } from '../facts/k8s-kubectl.js';
import { drainFlags, kubectlRelease, type DrainFlags } from '../facts/kubectl-client.js';
import { readNode, type NodeFacts, type PodFacts } from '../facts/k8s-node.js';
import type { ModuleContext, ModuleDef, ModulePlan } from './contract.js';
import { planAnnotate } from './k8s/annotate.js';
import { DEFAULT_TIMEOUT_S, k8sNodeSchema, type K8sNodeArgs } from './k8s/args.js';
import { planDrain } from './k8s/drain.js';
import { nodeView, runtimeData } from './k8s/runtime.js';
import { kubectlChange } from './k8s/kubectl-change.js';
import { milestoneOf } from './k8s/node-milestone.js';
import { waitReady } from './k8s/wait-ready.js';

export const k8sNode: ModuleDef<K8sNodeArgs> = {
  name: 'k8s_node',
  summary: 'cordon, drain, uncordon, annotate or check a Kubernetes node with kubectl',
  checkMode: 'full',
  schema: k8sNodeSchema,
  async plan(args, ctx) {
    const patience = {
      until: Date.now() + (args.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      unreachableMs: 0,
      signal: ctx.signal,
    };
    const target: KubectlTarget = { kubeconfig: args.kubeconfig, context: args.context, patience };
    const release = await kubectlRelease(ctx.conn);
    const flags = drainFlags(release);
    if ('unsupported' in flags)
      return {
        changes: [],
        failed: `${flags.unsupported} (kubectl on ${ctx.conn.host}); install a kubectl of 1.16 or later there`,
        data: { kubectl_version: release.gitVersion },
      };
    const view = args.action === 'runtime' ? await nodeView(ctx, target, args.name) : undefined;
    const node = view === undefined ? await readNode(ctx.conn, target, args.name) : (view?.node ?? null);
    if (!node)
      return { changes: [], failed: `node ${JSON.stringify(args.name)} not found (kubectl on ${ctx.conn.host})` };
    const plan = await planAction(args, ctx, target, node, flags, view?.pods ?? []);
    if (patience.unreachableMs === 0) return plan;
    // Said in the result: how long the API server was away while this step waited for it.
    const away = Math.round(patience.unreachableMs / 1000);
    return {
      ...plan,
      data: { ...plan.data, api_unreachable_s: away },
      msg: `${plan.msg ? `${plan.msg}; ` : ''}the API server was unreachable for ${away} s first`,
    };
  },
};

/** `pods`: the node's pods, read with it for runtime. */
async function planAction(
  args: K8sNodeArgs,
  ctx: ModuleContext,
  target: KubectlTarget,
  node: NodeFacts,
  flags: DrainFlags,
  pods: PodFacts[],
): Promise<ModulePlan> {
  // `action` says what the result is about and `milestone` what state the node
  // reached (node-milestone.ts): the report reads them, never the task's name.
  const data = { ...nodeData(node), action: args.action, ...milestoneOf(args.action, node) };
  switch (args.action) {
    case 'runtime':
      return { changes: [], data: { ...data, ...runtimeData(pods) } };
    case 'wait_ready':
      return waitReady(args, ctx, target, node, (n) => ({
        ...nodeData(n),
        action: args.action,
        ...milestoneOf(args.action, n),
      }));
    case 'cordon':
    case 'uncordon': {
      const wanted = args.action === 'cordon';
      if (node.unschedulable === wanted)
        return { changes: [], data, msg: `node ${args.name} is already ${wanted ? 'cordoned' : 'schedulable'}` };
      const step = {
        summary: `${args.action} node ${args.name}`,
        args: [args.action, `--request-timeout=${READ_TIMEOUT_S}s`, '--', args.name],
        limitS: READ_TIMEOUT_S * 2,
      };
      return { changes: [kubectlChange(ctx, target, step)], data };
    }
    case 'drain':
      return planDrain(args, ctx, target, node, data, flags);
    case 'annotate':
      return planAnnotate(args, ctx, target, node, data);
  }
}

/** The node's facts as the result returns them (and `register:` keeps). */
function nodeData(node: NodeFacts): Record<string, unknown> {
  const { labels: _labels, ...rest } = node;
  return { node: node.name, ...rest };
}
