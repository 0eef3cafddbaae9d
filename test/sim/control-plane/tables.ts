// SIMULATION: server-side printing. `kubectl get` without -o json asks for a
// meta.k8s.io Table; columns with priority 1 are the ones `-o wide` adds.
import { pdbStatus } from './pdb.js';
import { podReady, type ClusterState, type SimNode, type SimPdb, type SimPod } from './state.js';

interface Column {
  name: string;
  priority?: number;
  cell(item: never): string | number;
}

export interface Row {
  cells: (string | number)[];
  object: Record<string, unknown>;
}

function age(created: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const nodeColumns = (): Column[] => [
  { name: 'Name', cell: (n: SimNode) => n.name },
  {
    name: 'Status',
    cell: (n: SimNode) => `${n.ready ? 'Ready' : 'NotReady'}${n.unschedulable ? ',SchedulingDisabled' : ''}`,
  },
  {
    name: 'Roles',
    cell: (n: SimNode) =>
      Object.keys(n.labels)
        .flatMap((k) => (k.startsWith('node-role.kubernetes.io/') ? [k.split('/')[1]] : []))
        .join(',') || '<none>',
  },
  { name: 'Age', cell: (n: SimNode) => age(n.created) },
  { name: 'Version', cell: (n: SimNode) => n.kubeletVersion },
  { name: 'Internal-IP', priority: 1, cell: (n: SimNode) => n.address },
  { name: 'External-IP', priority: 1, cell: () => '<none>' },
  { name: 'OS-Image', priority: 1, cell: () => 'Debian GNU/Linux 12 (bookworm) (simulated)' },
  { name: 'Kernel-Version', priority: 1, cell: () => '6.1.0-sim' },
  { name: 'Container-Runtime', priority: 1, cell: (n: SimNode) => n.runtime },
];

const podColumns = (state: ClusterState): Column[] => [
  { name: 'Name', cell: (p: SimPod) => p.name },
  { name: 'Ready', cell: (p: SimPod) => (podReady(state, p) ? '1/1' : '0/1') },
  { name: 'Status', cell: (p: SimPod) => (p.node ? 'Running' : 'Pending') },
  { name: 'Restarts', cell: () => 0 },
  { name: 'Age', cell: (p: SimPod) => age(p.created) },
  { name: 'IP', priority: 1, cell: () => '<none>' },
  { name: 'Node', priority: 1, cell: (p: SimPod) => p.node || '<none>' },
];

const pdbColumns = (state: ClusterState): Column[] => [
  { name: 'Name', cell: (b: SimPdb) => b.name },
  { name: 'Min Available', cell: (b: SimPdb) => (b.minAvailable === undefined ? 'N/A' : b.minAvailable) },
  { name: 'Max Unavailable', cell: (b: SimPdb) => (b.maxUnavailable === undefined ? 'N/A' : b.maxUnavailable) },
  { name: 'Allowed Disruptions', cell: (b: SimPdb) => pdbStatus(state, b).disruptionsAllowed },
  { name: 'Age', cell: (b: SimPdb) => age(b.created) },
];

const nameOnly: Column[] = [{ name: 'Name', cell: (x: { name: string }) => x.name }];

export const columns = {
  nodes: nodeColumns,
  pods: podColumns,
  poddisruptionbudgets: pdbColumns,
  other: () => nameOnly,
};

/** A Table of `items`; each row carries its object as PartialObjectMetadata unless asked for all of it. */
export function table<T>(
  cols: Column[],
  items: T[],
  toJson: (item: T) => Record<string, unknown>,
  includeObject: string | null,
  revision: number,
): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: String(revision) },
    columnDefinitions: cols.map((c) => ({
      name: c.name,
      type: 'string',
      format: c.name === 'Name' ? 'name' : '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: items.map((item) => {
      const full = toJson(item);
      const object =
        includeObject === 'Object'
          ? full
          : includeObject === 'None'
            ? undefined
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: full.metadata };
      return { cells: cols.map((c) => (c.cell as (i: T) => string | number)(item)), object };
    }),
  };
}
