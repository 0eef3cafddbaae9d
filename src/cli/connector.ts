// Builds the engine's HostConnector: each host's connection settings
// (connect-params.ts) → an ssh2 connection, hosts behind one jump host sharing it.
import type { HostConnector } from '../engine/connections.js';
import type { ConnectParams } from '../transport/connection.js';
import { sshTransport } from '../transport/ssh.js';
import { isEncryptedKeyFile } from '../transport/ssh-auth.js';
import { connectParams, type ConnectSettings } from './connect-params.js';

export type { ConnectSettings } from './connect-params.js';

/** Every host's settings are resolved here, so a bad ssh_config value stops the run before it starts. */
export function sshConnector(settings: ConnectSettings): HostConnector {
  const params = new Map([...settings.hostVars.keys()].map((name) => [name, connectParams(settings, name)]));
  const connect = sshTransport();
  return (host) => connect(params.get(host.name) ?? connectParams(settings, host.name));
}

/**
 * Asks now for the passphrase of every encrypted key file some host or jump host
 * would offer, so no question comes in the middle of the live view.
 */
export async function askPassphrasesAhead(settings: ConnectSettings): Promise<void> {
  if (!settings.passphrase) return;
  const files = new Set<string>();
  for (const name of settings.hostVars.keys()) {
    for (let p: ConnectParams | undefined = connectParams(settings, name); p; p = p.via) p.identities.forEach((i) => files.add(i.path));
  }
  for (const file of files) if (await isEncryptedKeyFile(file)) await settings.passphrase(file);
}
