// A tiny HTTP server on 127.0.0.1 for download tests. Lab hosts share this
// machine's network namespace, so curl on a host reaches it too. Routes are
// matched on the decoded path (query ignored); every request is counted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route =
  | string
  | Buffer
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Sends the headers, then nothing for this long (a stalled download). */
  | { stallMs: number }
  /** Decided per request: `hit` counts this path's requests, this one included (1 = first). */
  | ((hit: number) => Route);

export interface SeenRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TestServer {
  port: number;
  /** Full URL of a path; the path is percent-encoded as a browser would. */
  url(path: string): string;
  /** Requests seen for a decoded path. */
  hits(path: string): number;
  /** The last request for a decoded path, with its body. */
  last(path: string): SeenRequest | undefined;
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startHttpServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const counts = new Map<string, number>();
  const seen = new Map<string, SeenRequest>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () =>
      seen.set(path, { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }),
    );
    let r = table.get(path);
    while (typeof r === 'function') r = r(counts.get(path)!);
    if (r === undefined) return void res.writeHead(404).end('not found\n');
    if (typeof r === 'string' || Buffer.isBuffer(r)) return void res.writeHead(200).end(r);
    if ('stallMs' in r) {
      res.writeHead(200, { 'content-length': '100' });
      res.write('x');
      // Unref'd and cleared when the client hangs up: a long stall must not keep mocha alive.
      const stall = setTimeout(() => res.destroy(), r.stallMs).unref();
      return void res.on('close', () => clearTimeout(stall));
    }
    res.writeHead(r.status, r.headers).end(r.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => new URL(path, `http://127.0.0.1:${port}`).href,
    hits: (path) => counts.get(path) ?? 0,
    last: (path) => seen.get(path),
    route: (path, route) => void table.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
