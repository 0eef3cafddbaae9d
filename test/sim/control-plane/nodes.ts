// SIMULATION: /api/v1/nodes — list (get nodes, -o wide), watch (kubectl wait),
// get, and patch (cordon/uncordon change spec.unschedulable, annotate and
// label change metadata). Only the modelled fields of a patched object are kept.
import type { Cluster } from './cluster.js';
import type { SimNode } from './state.js';
import { jsonBody, notFound, sendJson, sendStatus, type Req } from './http.js';
import { serveList } from './list.js';
import { nodeJson } from './objects.js';
import { applyPatch, PatchError } from './patch.js';
import { columns } from './tables.js';

export function nodes(cluster: Cluster, req: Req): void {
  const name = req.parts[3];
  if (name === undefined) {
    if (req.method !== 'GET') {
      sendStatus(req.res, 405, 'MethodNotAllowed', `${req.method} is not supported on nodes`);
      return;
    }
    serveList(cluster, req, {
      kind: 'NodeList',
      apiVersion: 'v1',
      resource: 'nodes',
      items: cluster.state.nodes,
      json: nodeJson,
      columns: columns.nodes(),
    });
    return;
  }
  const node = cluster.node(name);
  if (!node) {
    notFound(req.res, 'nodes', name);
    return;
  }
  if (req.method === 'GET') {
    sendJson(req.res, 200, nodeJson(node));
    return;
  }
  if (req.method !== 'PATCH') {
    sendStatus(req.res, 405, 'MethodNotAllowed', `${req.method} is not supported on a node here`);
    return;
  }
  let patched: Record<string, unknown>;
  try {
    patched = applyPatch(String(req.headers['content-type'] ?? ''), nodeJson(node) as never, req.body);
  } catch (e) {
    const code = e instanceof PatchError && /unsupported patch type/.test(e.message) ? 415 : 422;
    sendStatus(req.res, code, code === 415 ? 'UnsupportedMediaType' : 'Invalid', (e as Error).message);
    return;
  }
  const meta = (patched.metadata ?? {}) as { annotations?: Record<string, unknown>; labels?: Record<string, unknown> };
  const bad = Object.entries({ ...meta.annotations, ...meta.labels }).find(([, v]) => typeof v !== 'string');
  if (bad) {
    sendStatus(req.res, 422, 'Invalid', `Node "${name}" is invalid: metadata: value of ${bad[0]} must be a string`);
    return;
  }
  node.annotations = (meta.annotations ?? {}) as Record<string, string>;
  node.labels = (meta.labels ?? {}) as Record<string, string>;
  node.unschedulable = (patched.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  cluster.nodeChanged(node);
  sendJson(req.res, 200, nodeJson(node));
}

/** Reads `{ready, runtime, kubeletVersion, reason, message}` from a simulation-only PUT (the kubelet stand-ins report through it). */
export function simNodeStatus(cluster: Cluster, req: Req): void {
  const body = jsonBody(req);
  if (!body) return;
  const node = applyNodeStatus(cluster, req.parts[2] ?? '', body);
  if (!node) {
    notFound(req.res, 'nodes', req.parts[2] ?? '');
    return;
  }
  sendJson(req.res, 200, {
    name: node.name,
    ready: node.ready,
    runtime: node.runtime,
    kubeletVersion: node.kubeletVersion,
  });
}

/** What a kubelet posts: readiness, runtime and version; undefined when there is no such node. */
export function applyNodeStatus(cluster: Cluster, name: string, body: Record<string, unknown>): SimNode | undefined {
  const node = cluster.node(name);
  if (!node) return undefined;
  if (typeof body.ready === 'boolean') node.ready = body.ready;
  if (typeof body.runtime === 'string') node.runtime = body.runtime;
  if (typeof body.kubeletVersion === 'string') node.kubeletVersion = body.kubeletVersion;
  // A report without reason/message goes back to the defaults for its readiness.
  node.readyReason = typeof body.reason === 'string' ? body.reason : undefined;
  node.readyMessage = typeof body.message === 'string' ? body.message : undefined;
  cluster.nodeChanged(node);
  return node;
}
