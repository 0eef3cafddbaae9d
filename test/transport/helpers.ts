// Shared by the transport tests: connection parameters for the shared lab's hosts, and
// ground truth through the OpenSSH client (so a transport bug cannot hide itself).
import { labSshOptions } from '../support/ssh-mux.js';
import { execFileSync } from 'node:child_process';
import type { ConnectParams, Connection } from '../../src/transport/connection.js';
import { connectSsh } from '../../src/transport/ssh.js';
import type { Lab } from '../lab/lab.js';
import { lab } from '../lab/shared.js';

export function paramsFor(index = 0, over: Partial<ConnectParams> = {}, l: Lab = lab()): ConnectParams {
  const h = l.hosts[index];
  if (!h) throw new Error(`the lab has no host #${index + 1}`);
  return {
    host: h.name,
    address: h.address,
    port: h.port,
    user: 'root',
    identities: [{ path: l.keyFile, required: true }],
    knownHostsFile: l.knownHostsFile,
    hostKeyPolicy: 'strict',
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 15_000,
    keepaliveCountMax: 3,
    ...over,
  };
}

export function connectTo(index = 0, over: Partial<ConnectParams> = {}, l: Lab = lab()): Promise<Connection> {
  return connectSsh(paramsFor(index, over, l));
}

/** Runs a command on a lab host with the real `ssh` client; returns stdout. */
export function viaOpenSsh(index: number, command: string, l: Lab = lab()): string {
  const h = l.hosts[index]!;
  return execFileSync('ssh', [...labSshOptions(l), `root@${h.address}`, command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves to the error a promise rejects with; fails when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
