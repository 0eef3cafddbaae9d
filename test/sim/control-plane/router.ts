// SIMULATION: one request → the handler for its path. Every request is
// recorded in state.requests so tests can see what kubectl asked for.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiServers } from './api-servers.js';
import type { Cluster } from './cluster.js';
import { discovery } from './discovery.js';
import { jsonBody, readBody, sendJson, sendStatus, type Req } from './http.js';
import { nodes, simNodeStatus } from './nodes.js';
import { pods } from './pods.js';
import { groupResources } from './workloads.js';

export async function route(
  cluster: Cluster,
  apiServers: ApiServers,
  incoming: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(incoming.url ?? '/', 'http://sim');
  const req: Req = {
    method: incoming.method ?? 'GET',
    parts: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
    query: url.searchParams,
    headers: incoming.headers,
    body: await readBody(incoming),
    res,
  };
  cluster.state.requests.push(`${req.method} ${url.pathname}${url.search}`);
  const [root, version, kind] = req.parts;
  if (discovery(req)) return;
  if (root === 'api' && version === 'v1' && kind === 'nodes') return nodes(cluster, req);
  if (root === 'api' && version === 'v1' && (kind === 'pods' || (kind === 'namespaces' && req.parts[4] === 'pods')))
    return pods(cluster, req);
  if (root === 'apis' && req.parts[2] === 'v1' && (version === 'apps' || version === 'batch' || version === 'policy'))
    return groupResources(cluster, req);
  // Not Kubernetes: how the per-host kubelet stand-ins report Ready and runtime.
  if (root === 'sim' && version === 'nodes' && req.parts[3] === 'status' && req.method === 'PUT') {
    // With no API server serving, a kubelet's post fails; it keeps posting, so its
    // last status goes through once one serves again (index.ts: onServing).
    if (!apiServers.anyServing()) {
      const body = jsonBody(req);
      if (body) cluster.pendingStatus.set(req.parts[2] ?? '', body);
      return sendStatus(res, 503, 'ServiceUnavailable', 'simulated control plane: no API server is running');
    }
    return simNodeStatus(cluster, req);
  }
  if (root === 'sim' && version === 'apiservers' && req.parts[2] && req.method === 'PUT')
    return simApiServer(apiServers, req);
  sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource');
}

/** A control-plane node's hook: its static pods (and so its API server) came up or went down. */
async function simApiServer(apiServers: ApiServers, req: Req): Promise<void> {
  const node = req.parts[2]!;
  const body = jsonBody(req);
  if (!body) return;
  if (!apiServers.has(node)) return sendJson(req.res, 200, { node, apiServer: false });
  await apiServers.set(node, body.serving === true);
  sendJson(req.res, 200, { node, serving: apiServers.serving(node) });
}
