// SIMULATION: PodDisruptionBudget status as the disruption controller computes
// it, and the eviction check the API server makes against it.
import { labelsMatch, podReady, type ClusterState, type SimPdb, type SimPod } from './state.js';

export interface PdbStatus {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export function pdbPods(state: ClusterState, pdb: SimPdb): SimPod[] {
  return state.pods.filter((p) => p.namespace === pdb.namespace && labelsMatch(pdb.selector, p.labels));
}

// Expected pods are the matching pods (the real controller asks the owners' scale).
export function pdbStatus(state: ClusterState, pdb: SimPdb): PdbStatus {
  const pods = pdbPods(state, pdb);
  const expectedPods = pods.length;
  const currentHealthy = pods.filter((p) => podReady(state, p)).length;
  const desiredHealthy = pdb.minAvailable ?? Math.max(0, expectedPods - (pdb.maxUnavailable ?? 0));
  return {
    expectedPods,
    currentHealthy,
    desiredHealthy,
    disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy),
  };
}

export type EvictionVerdict =
  | { ok: true }
  | { ok: false; code: 429 | 500; reason: string; message: string; cause?: { type: string; message: string } };

/** The API server's answer to evicting `pod` (registry/core/pod/storage/eviction.go). */
export function evictionVerdict(state: ClusterState, pod: SimPod): EvictionVerdict {
  // A pod that is not running and ready is not protected: evicting it harms no budget.
  if (!podReady(state, pod)) return { ok: true };
  const pdbs = state.pdbs.filter((b) => b.namespace === pod.namespace && labelsMatch(b.selector, pod.labels));
  if (pdbs.length > 1) {
    return {
      ok: false,
      code: 500,
      reason: 'InternalError',
      message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    };
  }
  const pdb = pdbs[0];
  if (!pdb) return { ok: true };
  const s = pdbStatus(state, pdb);
  if (s.disruptionsAllowed > 0) return { ok: true };
  return {
    ok: false,
    code: 429,
    reason: 'TooManyRequests',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    // The real server names the budget only here, in details.causes.
    cause: {
      type: 'DisruptionBudget',
      message: `The disruption budget ${pdb.name} needs ${s.desiredHealthy} healthy pods and has ${s.currentHealthy} currently`,
    },
  };
}
