// SIMULATION, test support only: a stand-in for a Kubernetes control plane,
// enough of the API for the real kubectl to cordon, drain (evictions honouring
// PodDisruptionBudgets), wait, annotate and get. Plain HTTP on 127.0.0.1, which
// every lab host shares with the test process.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ApiServers } from './api-servers.js';
import { Cluster } from './cluster.js';
import { sendStatus } from './http.js';
import { applyNodeStatus } from './nodes.js';
import { route } from './router.js';
import { clusterState, type ClusterSpec, type ClusterState } from './state.js';

export interface ControlPlane {
  url: string;
  /** A kubeconfig for `url` (no TLS; a token the stand-in does not check). */
  kubeconfigText: string;
  state: ClusterState;
  /** What a kubelet reports: Ready and runtime; open watches (kubectl wait) see it. */
  setNode(
    name: string,
    status: { ready?: boolean; runtime?: string; kubeletVersion?: string; readyReason?: string; readyMessage?: string },
  ): void;
  /** A kubeadm control-plane node's own API server (api-servers.ts): its URL and a kubeconfig for it. */
  apiServerFor(node: string): Promise<{ url: string; kubeconfigText: string }>;
  apiServers: ApiServers;
  stop(): Promise<void>;
}

export function startControlPlane(spec: ClusterSpec | ClusterState): Promise<ControlPlane> {
  const state = 'revision' in spec ? spec : clusterState(spec);
  const cluster = new Cluster(state);
  const sockets = new Set<Socket>();
  const handler: RequestListener = (req, res) => {
    route(cluster, apiServers, req, res).catch((e: Error) => {
      if (!res.headersSent) sendStatus(res, 500, 'InternalError', `simulated control plane: ${e.message}`);
      else res.destroy();
    });
  };
  const apiServers = new ApiServers(handler);
  apiServers.onServing = () => {
    for (const [name, body] of cluster.pendingStatus) applyNodeStatus(cluster, name, body);
    cluster.pendingStatus.clear();
  };
  const server: Server = createServer(handler);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        kubeconfigText: kubeconfig(url),
        state,
        setNode(name, status) {
          const node = cluster.node(name);
          if (!node) throw new Error(`simulated control plane: no node ${name}`);
          const { readyReason, readyMessage, ...rest } = status;
          Object.assign(node, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)));
          // A new readiness comes with its own reason, or the default one.
          if (status.ready !== undefined || readyReason !== undefined || readyMessage !== undefined)
            Object.assign(node, { readyReason, readyMessage });
          cluster.nodeChanged(node);
        },
        apiServers,
        async apiServerFor(node) {
          const api = await apiServers.add(node);
          return { url: api, kubeconfigText: kubeconfig(api) };
        },
        stop: async () => {
          await apiServers.stop();
          await new Promise<void>((done) => {
            // Watches (kubectl wait) hold connections open: close them too.
            for (const s of sockets) s.destroy();
            server.close(() => done());
          });
        },
      });
    });
  });
}

function kubeconfig(url: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: sim`,
    `  cluster: {server: "${url}"}`,
    'users:',
    '- name: sim-admin',
    '  user: {token: simulated}',
    'contexts:',
    '- name: sim',
    '  context: {cluster: sim, user: sim-admin}',
    'current-context: sim',
    '',
  ].join('\n');
}

export { clusterState } from './state.js';
export type { ClusterSpec, ClusterState, SimNode, SimPod, SimPdb } from './state.js';
