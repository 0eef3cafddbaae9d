// When a drain is refused by a PodDisruptionBudget, kubectl names only the
// pod ("Cannot evict pod as it would violate the pod's disruption budget"; the
// API server puts the budget's name in a Status cause kubectl does not print).
// An operator needs the budget: find it from the pod's labels.
import { lastLines, type KubectlTarget } from '../../facts/k8s-kubectl.js';
import { listPdbs, type PdbFacts, type PodFacts } from '../../facts/k8s-node.js';
import type { Connection } from '../../transport/connection.js';
import type { ApplyResult } from '../contract.js';

const BLOCKED = /error when evicting pods\/"([^"]+)" -n "([^"]+)"[^\n]*violate the pod's disruption budget/g;

/** The pods kubectl reported as held by a disruption budget, as namespace/name. */
export function blockedPods(stderr: string): string[] {
  return [...new Set([...stderr.matchAll(BLOCKED)].map((m) => `${m[2]}/${m[1]}`))];
}

export function selects(pdb: PdbFacts, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(pdb.matchLabels).every(([k, v]) => labels[k] === v);
  return (
    byLabel &&
    pdb.matchExpressions.every((e) => {
      const has = e.key in labels;
      const v = labels[e.key] ?? '';
      if (e.operator === 'In') return has && (e.values ?? []).includes(v);
      if (e.operator === 'NotIn') return !has || !(e.values ?? []).includes(v);
      if (e.operator === 'Exists') return has;
      return !has; // DoesNotExist
    })
  );
}

function gaveUp(stderr: string): string {
  const line = stderr
    .split('\n')
    .reverse()
    .find((l) => /global timeout reached/.test(l));
  return line?.trim() ?? lastLines(stderr, 1);
}

export interface Blame {
  namespace: string;
  name: string;
  pods: string[];
  disruptions_allowed: number;
  current_healthy: number;
  desired_healthy: number;
}

/** A failed result naming the budgets that held the drain back. */
export async function pdbFailure(
  conn: Connection,
  target: KubectlTarget,
  node: string,
  stderr: string,
  pods: PodFacts[],
  timeoutS: number,
): Promise<ApplyResult> {
  const held = blockedPods(stderr);
  let budgets: PdbFacts[] = [];
  try {
    budgets = await listPdbs(conn, target);
  } catch {
    // Still fail with what kubectl said; the budget's name is a courtesy.
  }
  const blame: Blame[] = [];
  for (const b of budgets) {
    const covered = held.filter((id) => {
      const pod = pods.find((p) => `${p.namespace}/${p.name}` === id);
      return pod !== undefined && pod.namespace === b.namespace && selects(b, pod.labels);
    });
    if (covered.length === 0) continue;
    const { namespace, name } = b;
    blame.push({
      namespace,
      name,
      pods: covered,
      disruptions_allowed: b.disruptionsAllowed,
      current_healthy: b.currentHealthy,
      desired_healthy: b.desiredHealthy,
    });
  }
  const who = blame.length
    ? blame
        .map(
          (b) =>
            `PodDisruptionBudget ${b.namespace}/${b.name} (allows ${b.disruptions_allowed} disruptions: ` +
            `${b.current_healthy} healthy, ${b.desired_healthy} needed) for pod ${b.pods.join(', ')}`,
        )
        .join('; ')
    : `a PodDisruptionBudget (pods ${held.join(', ')}; no budget matched their labels)`;
  return {
    failed: true,
    msg: `drain of node ${node} blocked by ${who}; kubectl gave up after its ${timeoutS} s timeout (${gaveUp(stderr)}) and the node stays cordoned`,
    data: { blocked_by: blame, blocked_pods: held },
  };
}
