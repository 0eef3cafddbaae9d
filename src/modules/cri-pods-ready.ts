// cri_pods_ready: proof, on the node itself and through the CRI (crictl), that
// its container runtime is ready and runs a ready sandbox for each of the
// given pods, the ones the API server binds to the node. Read-only: it fails,
// naming what is missing, and `until:` retries it while pods are recreated.
//
//   - cri_pods_ready: { pods: "{{ node_after.pods }}" }
//     register: proof
//     until: proof is succeeded
//
// pods     namespace/name of each pod (k8s_node action: runtime returns them)
// crictl   the crictl to run (default: crictl, from PATH); it talks to the
//          endpoint /etc/crictl.yaml names
// Returned: runtime_ready, pods (how many were asked for), missing
// (namespace/name of each without a ready sandbox).
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    pods: {
      type: 'array',
      items: { type: 'string', pattern: '^[^/]+/[^/]+$' },
      description: 'namespace/name of each pod that must run on the node',
    },
    crictl: { type: 'string', minLength: 1, description: 'the crictl to run (default: crictl, from PATH)' },
  },
  required: ['pods'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const criPodsReady: ModuleDef<Args> = {
  name: 'cri_pods_ready',
  summary: 'prove through crictl on the node that its runtime is ready and runs a ready sandbox for each given pod',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const crictl = shellJoin([args.crictl ?? 'crictl']);
    const info = await ctx.conn.exec(`${crictl} info`);
    const ready = info.rc === 0 && runtimeReady(info.stdout);
    if (!ready) {
      const why =
        info.rc === 0
          ? 'its RuntimeReady condition is not true'
          : (info.stderr.trim() || info.stdout.trim()).split('\n').slice(-1)[0];
      return {
        changes: [],
        data: { runtime_ready: false, pods: args.pods.length, missing: args.pods },
        failed: `crictl info: the runtime is not ready (${why})`,
      };
    }
    const missing: string[] = [];
    for (const pod of args.pods) if (!(await podReady(ctx.conn, crictl, pod))) missing.push(pod);
    const data = { runtime_ready: true, pods: args.pods.length, missing };
    if (missing.length > 0)
      return { changes: [], data, failed: `no ready sandbox through crictl for: ${missing.join(' ')}` };
    return {
      changes: [],
      data,
      msg: `runtime ready; each of the node's ${args.pods.length} pod(s) has a ready sandbox`,
    };
  },
};

/** `crictl info`'s status: the RuntimeReady condition is true. */
export function runtimeReady(infoJson: string): boolean {
  try {
    const info = JSON.parse(infoJson) as { status?: { conditions?: { type?: string; status?: unknown }[] } };
    return (info.status?.conditions ?? []).some((c) => c.type === 'RuntimeReady' && c.status === true);
  } catch {
    return false;
  }
}

// Asked by the pod's exact name in its namespace: crictl's --name is a regular expression.
async function podReady(conn: Connection, crictl: string, pod: string): Promise<boolean> {
  const [ns, name] = pod.split('/') as [string, string];
  const re = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const r = await conn.exec(`${crictl} pods --state ready --namespace ${shellJoin([ns])} --name ${shellJoin([re])} -q`);
  return r.rc === 0 && r.stdout.trim() !== '';
}
