// An HTTPS server on 127.0.0.1 with a self-signed certificate made at test time by
// `openssl req -x509` (openssl is on this machine and in the lab's image), for
// validate_certs tests. Lab hosts share the machine's network, so their curl
// reaches it. startHttpsServer answers every path with `body` and counts requests;
// startHttpsStaticServer serves a directory from a process of its own (Python's
// http.server over TLS), for tests that run ansible-playbook with spawnSync.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsServer {
  /** https://127.0.0.1:PORT/ */
  url: string;
  hits(): number;
  close(): Promise<void>;
}

/** A key and a certificate signed by itself for CN=127.0.0.1 (valid one day), as PEM. */
export function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHttpsServer(body: string): Promise<HttpsServer> {
  let hits = 0;
  const server = createServer(selfSignedCertificate(), (_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Python's http.server wrapped in TLS; prints its port once it listens.
const PY_HTTPS = [
  'import functools, http.server, ssl, sys',
  'handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])',
  "server = http.server.HTTPServer(('127.0.0.1', 0), handler)",
  'ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)',
  'ctx.load_cert_chain(sys.argv[2], sys.argv[3])',
  'server.socket = ctx.wrap_socket(server.socket, server_side=True)',
  "print('port', server.server_address[1], flush=True)",
  'server.serve_forever()',
].join('\n');

/** Serves `dir` over HTTPS with a fresh self-signed certificate, from a child process. */
export async function startHttpsStaticServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const tls = mkdtempSync(join(tmpdir(), 'runbook-tls-'));
  const { key, cert } = selfSignedCertificate();
  writeFileSync(join(tls, 'key.pem'), key);
  writeFileSync(join(tls, 'cert.pem'), cert);
  const child = spawn('/usr/bin/python3', ['-c', PY_HTTPS, dir, join(tls, 'cert.pem'), join(tls, 'key.pem')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the HTTPS server exited (${code}) before listening: ${out}`)));
  });
  rmSync(tls, { recursive: true, force: true });
  return {
    url: `https://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
