// What state an action of k8s_node leaves the node in, said in its result so a
// report tells a node's story from results, never from task names: cordoned,
// uncordoned, drained, or ready-on-<runtime> once a wait ends Ready (on
// containerd after a switch; on docker again after a rollback). Reads
// (runtime, annotate) and a wait that ends NotReady reach no milestone. For a
// cordon or drain that fails, the result's failure says so instead.
import type { NodeFacts } from '../../facts/k8s-node.js';

export function milestoneOf(action: string, node: Pick<NodeFacts, 'ready' | 'runtime_name'>): { milestone?: string } {
  switch (action) {
    case 'cordon':
      return { milestone: 'cordoned' };
    case 'uncordon':
      return { milestone: 'uncordoned' };
    case 'drain':
      return { milestone: 'drained' };
    case 'wait_ready':
      return node.ready ? { milestone: `ready-on-${node.runtime_name || 'unknown'}` } : {};
    default:
      return {};
  }
}
