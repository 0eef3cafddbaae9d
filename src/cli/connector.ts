// Builds the engine's HostConnector: inventory connection variables + CLI
// overrides → an ssh2 connection, or the controller itself for ansible_connection: local.
import type { HostConnector } from '../engine/connections.js';
import { connectionVars } from '../inventory/connection-vars.js';
import type { HostKeyPolicy } from '../transport/connection.js';
import { connectLocal } from '../transport/local.js';
import { connectSsh } from '../transport/ssh.js';

export interface ConnectorOptions {
  inventoryFile: string;
  /** Used when the inventory names no known_hosts file for a host. */
  defaultKnownHosts: string;
  /** --host-key-checking; wins over the inventory. */
  hostKeyPolicy?: HostKeyPolicy;
  connectTimeoutMs: number;
  agentSocket?: string;
}

export function sshConnector(o: ConnectorOptions): HostConnector {
  return (host) => {
    const cv = connectionVars(host, o.inventoryFile);
    if (cv.connection === 'local') return Promise.resolve(connectLocal(host.name));
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
