// SIMULATION: pods — list (with spec.nodeName field selector, as drain asks),
// get (drain polls until 404), delete, and the policy/v1 eviction subresource,
// which honours PodDisruptionBudgets as the API server does.
import type { Cluster } from './cluster.js';
import { jsonBody, notFound, sendJson, sendStatus, type Req } from './http.js';
import { serveList } from './list.js';
import { podJson } from './objects.js';
import { evictionVerdict } from './pdb.js';
import type { SimPod } from './state.js';
import { columns } from './tables.js';

/** `/api/v1/pods` or `/api/v1/namespaces/NS/pods[/NAME[/eviction]]`. */
export function pods(cluster: Cluster, req: Req): void {
  const namespace = req.parts[2] === 'namespaces' ? req.parts[3] : undefined;
  const [name, sub] = namespace ? req.parts.slice(5) : [];
  const { state } = cluster;
  if (name === undefined) {
    if (req.method !== 'GET') {
      sendStatus(req.res, 405, 'MethodNotAllowed', `${req.method} is not supported on pods here`);
      return;
    }
    serveList(cluster, req, {
      kind: 'PodList',
      apiVersion: 'v1',
      resource: 'pods',
      items: state.pods.filter((p) => namespace === undefined || p.namespace === namespace),
      json: (p) => podJson(state, p),
      columns: columns.pods(state),
    });
    return;
  }
  const pod = cluster.pod(namespace!, name);
  if (!pod) {
    notFound(req.res, 'pods', name);
    return;
  }
  if (sub === 'eviction' && req.method === 'POST') {
    evict(cluster, req, pod);
    return;
  }
  if (sub !== undefined) {
    sendStatus(req.res, 404, 'NotFound', `the server could not find the requested resource`);
    return;
  }
  if (req.method === 'GET') {
    sendJson(req.res, 200, podJson(state, pod));
    return;
  }
  if (req.method === 'DELETE') {
    const body = podJson(state, pod);
    gone(cluster, pod);
    sendJson(req.res, 200, body);
    return;
  }
  sendStatus(req.res, 405, 'MethodNotAllowed', `${req.method} is not supported on a pod here`);
}

function evict(cluster: Cluster, req: Req, pod: SimPod): void {
  if (cluster.state.faults.hangEvictions) return; // no answer; stop() closes the socket
  const body = jsonBody(req);
  if (!body) return;
  const meta = (body.metadata ?? {}) as { name?: string };
  if (meta.name !== pod.name) {
    sendStatus(req.res, 400, 'BadRequest', `name in URL does not match name in Eviction object`);
    return;
  }
  const verdict = evictionVerdict(cluster.state, pod);
  if (!verdict.ok) {
    const causes = verdict.cause ? [verdict.cause] : undefined;
    sendStatus(req.res, verdict.code, verdict.reason, verdict.message, {
      causes,
      ...(verdict.code === 429 ? { retryAfterSeconds: 0 } : {}),
    });
    return;
  }
  gone(cluster, pod);
  sendJson(req.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

// The pod is deleted at once (no graceful termination here). A ReplicaSet's pod
// gets a replacement elsewhere; drain leaves DaemonSet pods alone, so the
// simulation does not recreate those.
function gone(cluster: Cluster, pod: SimPod): void {
  cluster.removePod(pod);
  if (pod.owner?.kind === 'ReplicaSet') cluster.replace(pod);
}
