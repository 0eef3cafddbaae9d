// SIMULATION: the API servers of a kubeadm control plane, one per control-plane
// node, each a static pod on that node's container runtime. Each is a real port
// on 127.0.0.1 serving the same cluster; while its node's static pods are down
// (the node's hook says so through PUT /sim/apiservers/NAME) the port is closed,
// so the real kubectl on a lab host gets "connection refused", as it would.
// A restarted API server first answers node requests with 503 ServiceUnavailable
// (as kube-apiserver does while it starts and etcd is not ready yet), and serves
// only after it has turned away `turnAway` of them: so a playbook's ride-through
// of an API that is not back yet is exercised on every machine, fast or slow,
// with no timing.
// The stand-in's main URL stays the simulation's own back door for hooks and tests.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendStatus } from './http.js';

interface ApiServer {
  server: Server;
  port: number;
  sockets: Set<Socket>;
  /** The port is open (starting or serving). */
  serving: boolean;
  /** Node requests still to turn away before it serves. */
  starting: number;
}

export class ApiServers {
  private readonly servers = new Map<string, ApiServer>();
  /** How many node requests a restarted API server turns away (see the top). */
  turnAway = 2;
  /** Called when an API server starts serving requests (the kubelets' pending reports go through). */
  onServing: () => void = () => undefined;

  constructor(private readonly handler: RequestListener) {}

  /** The URL of `node`'s API server, opened (serving) the first time. */
  async add(node: string): Promise<string> {
    let s = this.servers.get(node);
    if (!s) {
      const sockets = new Set<Socket>();
      const entry: ApiServer = { server: createServer(), port: 0, sockets, serving: true, starting: 0 };
      entry.server = createServer((req, res) => {
        if (entry.starting > 0 && /^\/api\/v1\/nodes/.test(req.url ?? '')) {
          if (--entry.starting === 0) this.onServing();
          return sendStatus(
            res,
            503,
            'ServiceUnavailable',
            'the server is currently unable to handle the request (simulated: kube-apiserver starting)',
          );
        }
        this.handler(req, res);
      });
      const server = entry.server;
      server.on('connection', (c) => {
        sockets.add(c);
        c.on('close', () => sockets.delete(c));
      });
      await listen(server, 0);
      entry.port = (server.address() as AddressInfo).port;
      s = entry;
      this.servers.set(node, s);
    }
    return `http://127.0.0.1:${s.port}`;
  }

  has(node: string): boolean {
    return this.servers.has(node);
  }

  serving(node: string): boolean {
    const s = this.servers.get(node);
    return s?.serving === true && s.starting === 0;
  }

  /** With static-pod API servers, the cluster has an API only while one of them serves. */
  anyServing(): boolean {
    return this.servers.size === 0 || [...this.servers.keys()].some((n) => this.serving(n));
  }

  async set(node: string, serving: boolean): Promise<void> {
    const s = this.servers.get(node);
    if (!s || s.serving === serving) return;
    s.serving = serving;
    if (serving) {
      s.starting = this.turnAway;
      await listen(s.server, s.port);
      if (s.starting === 0) this.onServing();
    } else await close(s);
  }

  /** A cluster a test starts from has been up a while: its API servers serve already. */
  settle(): void {
    let woke = false;
    for (const s of this.servers.values()) {
      if (s.serving && s.starting > 0) {
        s.starting = 0;
        woke = true;
      }
    }
    if (woke) this.onServing();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.values()].filter((s) => s.serving).map(close));
    this.servers.clear();
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// Open connections (kubectl wait's watch) go with the server, as with a killed process.
function close(s: ApiServer): Promise<void> {
  return new Promise((resolve) => {
    for (const c of s.sockets) c.destroy();
    s.server.close(() => resolve());
  });
}
