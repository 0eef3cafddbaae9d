// Builds the engine's HostConnector: each host's connection settings
// (connect-params.ts) → an ssh2 connection, hosts behind one jump host sharing it.
import type { HostConnector } from '../engine/connections.js';
import { sshConnector as sshTransport } from '../transport/ssh.js';
import { connectParams, type ConnectSettings } from './connect-params.js';

export type { ConnectSettings } from './connect-params.js';

/** Every host's settings are resolved here, so a bad ssh_config value stops the run before it starts. */
export function sshConnector(settings: ConnectSettings): HostConnector {
  const params = new Map([...settings.hostVars.keys()].map((name) => [name, connectParams(settings, name)]));
  const connect = sshTransport();
  return (host) => connect(params.get(host.name) ?? connectParams(settings, host.name));
}
