// SIMULATION: the HTTP plumbing the stand-in's handlers share — JSON replies and
// Kubernetes Status errors shaped as the real API server sends them, since
// kubectl prints `Error from server (Reason): message` from those fields.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Req {
  method: string;
  /** Path segments, e.g. ['api', 'v1', 'nodes', 'n1']. */
  parts: string[];
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  res: ServerResponse;
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export interface StatusCause {
  type?: string;
  message: string;
  field?: string;
}

/** A failure Status; `reason` is the CamelCase reason kubectl shows in parentheses. */
export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: { name?: string; kind?: string; group?: string; causes?: StatusCause[]; retryAfterSeconds?: number },
): void {
  sendJson(res, code, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details,
    code,
  });
}

export function notFound(res: ServerResponse, kind: string, name: string, group?: string): void {
  const what = group ? `${kind}.${group}` : kind;
  sendStatus(res, 404, 'NotFound', `${what} "${name}" not found`, { name, kind, group });
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The body as JSON, or undefined after replying 400 as the API server does. */
export function jsonBody(req: Req): Record<string, unknown> | undefined {
  try {
    return JSON.parse(req.body) as Record<string, unknown>;
  } catch (e) {
    sendStatus(req.res, 400, 'BadRequest', `the body of the request was in an unknown format: ${(e as Error).message}`);
    return undefined;
  }
}

/** Whether the client asked for server-side printing (`kubectl get` without -o json). */
export function wantsTable(req: Req): boolean {
  return /as=Table/.test(String(req.headers.accept ?? ''));
}
