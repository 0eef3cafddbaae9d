// Builds the engine's HostConnector: inventory connection variables + CLI
// overrides → an ssh2 connection.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostConnector } from '../engine/connections.js';
import { connectionVars } from '../inventory/connection-vars.js';
import type { HostKeyPolicy } from '../transport/connection.js';
import { connectSsh } from '../transport/ssh.js';

export interface ConnectorOptions {
  /** Used when the inventory names no known_hosts file for a host. */
  defaultKnownHosts: string;
  /** --host-key-checking; wins over the inventory. */
  hostKeyPolicy?: HostKeyPolicy;
  connectTimeoutMs: number;
  agentSocket?: string;
}

export function sshConnector(o: ConnectorOptions): HostConnector {
  return (host) => {
    const cv = connectionVars(host);
    return connectSsh({
      host: host.name,
      address: cv.address,
      port: cv.port,
      user: cv.user,
      privateKeyPath: cv.privateKeyPath,
      agentSocket: o.agentSocket,
      knownHostsFile: cv.knownHostsFile ?? o.defaultKnownHosts,
      hostKeyPolicy: o.hostKeyPolicy ?? cv.hostKeyPolicy ?? 'strict',
      connectTimeoutMs: o.connectTimeoutMs,
    });
  };
}

/** The connector a command of the CLI uses: ~/.ssh/known_hosts unless the inventory names one, ssh-agent if running. */
export function cliConnector(o: { hostKeyChecking?: HostKeyPolicy; connectTimeout: number }): HostConnector {
  return sshConnector({
    defaultKnownHosts: join(homedir(), '.ssh', 'known_hosts'),
    hostKeyPolicy: o.hostKeyChecking,
    connectTimeoutMs: o.connectTimeout * 1000,
    agentSocket: process.env.SSH_AUTH_SOCK,
  });
}
