// Builds the engine's HostConnector: each host's connection settings
// (connect-params.ts) → an ssh2 connection, hosts behind one jump host sharing it.
import type { HostConnector } from '../engine/connections.js';
import { sshConnector as sshTransport } from '../transport/ssh.js';
import { connectParams, type ConnectSettings } from './connect-params.js';

export type { ConnectSettings } from './connect-params.js';

export function sshConnector(settings: ConnectSettings): HostConnector {
  const connect = sshTransport();
  return (host) => connect(connectParams(settings, host.name));
}
