// SIMULATION: apps/v1 ReplicaSets and DaemonSets (kubectl drain GETs the
// DaemonSet a pod names as its controller), policy/v1 PodDisruptionBudgets, and
// batch/v1 Jobs, of which there are none (a client dry-run of a Job looks for it).
import type { Cluster } from './cluster.js';
import { notFound, sendJson, sendStatus, type Req } from './http.js';
import { serveList } from './list.js';
import { pdbJson, workloadJson } from './objects.js';
import { columns } from './tables.js';

const KINDS = { replicasets: 'ReplicaSet', daemonsets: 'DaemonSet' } as const;

/** `/apis/GROUP/v1[/namespaces/NS]/RESOURCE[/NAME]`, GET only. */
export function groupResources(cluster: Cluster, req: Req): void {
  const group = req.parts[1];
  const namespace = req.parts[3] === 'namespaces' ? req.parts[4] : undefined;
  const [resource, name] = namespace ? req.parts.slice(5) : req.parts.slice(3);
  if (req.method !== 'GET') {
    sendStatus(req.res, 405, 'MethodNotAllowed', `${req.method} is not supported here`);
    return;
  }
  const { state } = cluster;
  const inNs = <T extends { namespace: string }>(xs: T[]) =>
    xs.filter((x) => namespace === undefined || x.namespace === namespace);
  if (group === 'apps' && (resource === 'replicasets' || resource === 'daemonsets')) {
    const kind = KINDS[resource];
    const items = inNs(state.workloads.filter((w) => w.kind === kind));
    if (name === undefined) {
      serveList(cluster, req, {
        kind: `${kind}List`,
        apiVersion: 'apps/v1',
        resource: 'other',
        items,
        json: (w) => workloadJson(state, w),
        columns: columns.other(),
      });
      return;
    }
    const w = items.find((x) => x.name === name);
    w ? sendJson(req.res, 200, workloadJson(state, w)) : notFound(req.res, resource, name, 'apps');
    return;
  }
  if (group === 'policy' && resource === 'poddisruptionbudgets') {
    const items = inNs(state.pdbs);
    if (name === undefined) {
      const cols = columns.poddisruptionbudgets(state);
      serveList(cluster, req, {
        kind: 'PodDisruptionBudgetList',
        apiVersion: 'policy/v1',
        resource: 'other',
        items,
        json: (b) => pdbJson(state, b),
        columns: cols,
      });
      return;
    }
    const b = items.find((x) => x.name === name);
    b ? sendJson(req.res, 200, pdbJson(state, b)) : notFound(req.res, resource, name, 'policy');
    return;
  }
  if (group === 'batch' && resource === 'jobs') {
    if (name === undefined) {
      serveList(cluster, req, {
        kind: 'JobList',
        apiVersion: 'batch/v1',
        resource: 'other',
        items: [],
        json: () => ({}),
        columns: columns.other(),
      });
      return;
    }
    notFound(req.res, resource, name, 'batch');
    return;
  }
  sendStatus(req.res, 404, 'NotFound', 'the server could not find the requested resource');
}
