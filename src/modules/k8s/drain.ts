// drain: the pods kubectl drain would evict are read first, so a node that is
// cordoned with nothing left to evict is "ok" and a re-run changes nothing.
import type { KubectlTarget } from '../../facts/k8s-kubectl.js';
import type { DrainFlags } from '../../facts/kubectl-client.js';
import { listNodePods, type NodeFacts, type PodFacts } from '../../facts/k8s-node.js';
import type { ModuleContext, ModulePlan } from '../contract.js';
import { DEFAULT_TIMEOUT_S, type K8sNodeArgs } from './args.js';
import { kubectlChange } from './kubectl-change.js';
import { pdbFailure } from './pdb-blame.js';

// kubectl retries a refused eviction every 5 s and only then sees its timeout,
// so its own message comes within ~5 s of it. But an eviction request the API
// server never answers holds kubectl past --timeout forever: it is stopped
// this long after the timeout.
export const KUBECTL_OVERRUN_S = 15;

/** What kubectl drain evicts: not mirror pods, not DaemonSet pods when they are ignored. */
export function podsToEvict(pods: PodFacts[], ignoreDaemonsets: boolean): PodFacts[] {
  return pods.filter((p) => !p.mirror && !(ignoreDaemonsets && p.controller === 'DaemonSet'));
}

/** The drain's command line in the words of the host's kubectl release (`flags`). */
export function drainArgs(args: K8sNodeArgs, timeoutS: number, flags: DrainFlags): string[] {
  return [
    'drain',
    `--ignore-daemonsets=${args.ignore_daemonsets ?? true}`,
    `${flags.emptyDir}=${args.delete_emptydir_data ?? true}`,
    `--force=${args.force ?? false}`,
    `--timeout=${timeoutS}s`,
    ...(args.grace_period !== undefined ? [`--grace-period=${args.grace_period}`] : []),
    ...(args.pod_selector ? [`--pod-selector=${args.pod_selector}`] : []),
    // Only when asked: they exist from 1.18 (missingDrainFlags refuses them before).
    ...(args.disable_eviction ? ['--disable-eviction=true'] : []),
    ...(args.skip_wait_for_delete_timeout
      ? [`--skip-wait-for-delete-timeout=${args.skip_wait_for_delete_timeout}`]
      : []),
    '--',
    args.name,
  ];
}

/** What the task asks for that the host's kubectl does not have, as a sentence; undefined when nothing. */
export function missingDrainFlags(args: K8sNodeArgs, flags: DrainFlags): string | undefined {
  if (flags.evictionOptions) return undefined;
  const asked = [
    ...(args.disable_eviction ? ['disable_eviction (--disable-eviction)'] : []),
    ...(args.skip_wait_for_delete_timeout ? ['skip_wait_for_delete_timeout (--skip-wait-for-delete-timeout)'] : []),
  ];
  return asked.length ? `kubectl ${flags.client} has no ${asked.join(' or ')}: it came in kubectl 1.18` : undefined;
}

export async function planDrain(
  args: K8sNodeArgs,
  ctx: ModuleContext,
  target: KubectlTarget,
  node: NodeFacts,
  data: Record<string, unknown>,
  flags: DrainFlags,
): Promise<ModulePlan> {
  const missing = missingDrainFlags(args, flags);
  if (missing)
    return {
      changes: [],
      data,
      failed: `${missing} (kubectl on ${ctx.conn.host}); drop the option or use a newer kubectl there`,
    };
  const pods = await listNodePods(ctx.conn, target, args.name, args.pod_selector);
  const evict = podsToEvict(pods, args.ignore_daemonsets ?? true);
  const ids = evict.map((p) => `${p.namespace}/${p.name}`);
  const planData = { ...data, pods_to_evict: ids };
  if (node.unschedulable && evict.length === 0) {
    return { changes: [], data: planData, msg: `node ${args.name} is cordoned and has no pods to evict` };
  }
  const timeoutS = args.timeout ?? DEFAULT_TIMEOUT_S;
  const what = [
    ...(node.unschedulable ? [] : ['cordon']),
    ...(evict.length ? [`evict ${evict.length} pod(s): ${short(ids)}`] : []),
  ];
  return {
    data: planData,
    changes: [
      // The drain itself is not retried when the API server is away: a refused
      // eviction past its timeout must fail with kubectl's own words.
      kubectlChange(
        ctx,
        { ...target, patience: undefined },
        {
          summary: `drain node ${args.name}: ${what.join(', ')}`,
          args: drainArgs(args, timeoutS, flags),
          limitS: timeoutS + KUBECTL_OVERRUN_S,
          // kubectl prints `pod/NAME evicted` without the namespace: map back to ours.
          successData: (r) => {
            const names = new Set([...r.stdout.matchAll(/^pod\/(\S+) evicted$/gm)].map((m) => m[1]));
            return { evicted: evict.filter((p) => names.has(p.name)).map((p) => `${p.namespace}/${p.name}`) };
          },
          async onFailure(r) {
            if (/violate the pod's disruption budget/.test(r.stderr))
              return pdbFailure(ctx.conn, target, args.name, r.stderr, pods, timeoutS);
            return { failed: true, msg: `drain of node ${args.name} failed: ${reasons(r.stderr)}` };
          },
        },
      ),
    ],
  };
}

// kubectl lists each refused pod on a `cannot …` line after a long summary line.
function reasons(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  const cannot = lines.filter((l) => l.startsWith('cannot '));
  const errors = lines.filter((l) => l.startsWith('error'));
  return (cannot.length ? cannot : errors.length ? errors : lines.filter(Boolean).slice(-3)).join('\n');
}

function short(ids: string[]): string {
  return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')}, … (${ids.length - 5} more)`;
}
