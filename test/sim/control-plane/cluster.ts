// SIMULATION: the state plus what turns writes into API behaviour — a new
// resourceVersion per write and an event for open watches (kubectl wait
// watches the node it waits for).
import { randomBytes } from 'node:crypto';
import { nodeJson, podJson } from './objects.js';
import { newPod, type ClusterState, type SimNode, type SimPod } from './state.js';

export type Resource = 'nodes' | 'pods';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Watcher {
  resource: Resource;
  accept(object: Record<string, unknown>): boolean;
  push(type: EventType, object: Record<string, unknown>): void;
}

export class Cluster {
  readonly watchers = new Set<Watcher>();
  /** Kubelet reports sent while no API server served, by node: the last one goes through later. */
  readonly pendingStatus = new Map<string, Record<string, unknown>>();

  constructor(readonly state: ClusterState) {}

  node(name: string): SimNode | undefined {
    return this.state.nodes.find((n) => n.name === name);
  }

  pod(namespace: string, name: string): SimPod | undefined {
    return this.state.pods.find((p) => p.namespace === namespace && p.name === name);
  }

  nodeChanged(node: SimNode): void {
    node.resourceVersion = ++this.state.revision;
    this.publish('nodes', 'MODIFIED', nodeJson(node));
  }

  removePod(pod: SimPod): void {
    this.state.pods = this.state.pods.filter((p) => p !== pod);
    pod.resourceVersion = ++this.state.revision;
    this.publish('pods', 'DELETED', podJson(this.state, pod));
  }

  /**
   * What the ReplicaSet controller and scheduler would do after an eviction: a
   * replacement pod (new name, same owner and labels) on the schedulable Ready
   * node with the fewest pods, or Pending when there is none.
   */
  replace(pod: SimPod): SimPod {
    const candidates = this.state.nodes.filter((n) => n.ready && !n.unschedulable && n.name !== pod.node);
    const load = (n: SimNode) => this.state.pods.filter((p) => p.node === n.name).length;
    const target = [...candidates].sort((a, b) => load(a) - load(b) || a.name.localeCompare(b.name))[0];
    const base = pod.owner?.name ?? pod.name.replace(/-[a-z0-9]{5}$/, '');
    const { uid: _u, resourceVersion: _r, created: _c, ...rest } = pod;
    const fresh = newPod({
      ...rest,
      name: `${base}-${randomBytes(4).toString('hex').slice(0, 5)}`,
      node: target?.name ?? '',
    });
    fresh.resourceVersion = ++this.state.revision;
    this.state.pods.push(fresh);
    this.publish('pods', 'ADDED', podJson(this.state, fresh));
    return fresh;
  }

  private publish(resource: Resource, type: EventType, object: Record<string, unknown>): void {
    for (const w of this.watchers) if (w.resource === resource && w.accept(object)) w.push(type, object);
  }
}
