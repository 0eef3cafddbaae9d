// Builds the engine's HostConnector: each host's connection settings
// (connect-params.ts) → an ssh2 connection, hosts behind one jump host sharing it.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HostConnector } from '../engine/connections.js';
import { connectionVars } from '../inventory/connection-vars.js';
import { parseSshArgs } from '../inventory/ssh-options.js';
import { loadSshConfig } from '../parse/ssh-config.js';
import type { ConnectParams, HostKeyPolicy } from '../transport/connection.js';
import type { Inventory } from '../types/inventory.js';
import { keyPassphrases, sshPassword } from './ask-secret.js';
import { connectLocal } from '../transport/local.js';
import { sshTransport } from '../transport/ssh.js';
import { isEncryptedKeyFile } from '../transport/ssh-auth.js';
import { connectParams, type ConnectSettings } from './connect-params.js';

export type { ConnectSettings } from './connect-params.js';

/** Every host's settings are resolved here, so a bad ssh_config value stops the run before it starts. */
export function sshConnector(settings: ConnectSettings): HostConnector {
  const params = new Map([...settings.hostVars.keys()].map((name) => [name, connectParams(settings, name)]));
  const connect = sshTransport();
  return (host) => {
    // ansible_connection: local (and the implicit localhost): the controller itself.
    if ((settings.hostVars.get(host.name) ?? connectionVars(host)).connection === 'local')
      return Promise.resolve(connectLocal(host.name));
    return connect(params.get(host.name) ?? connectParams(settings, host.name));
  };
}

/**
 * Asks now for the passphrase of every encrypted key file some host or jump host
 * would offer, so no question comes in the middle of the live view.
 */
export async function askPassphrasesAhead(settings: ConnectSettings): Promise<void> {
  if (!settings.passphrase) return;
  const files = new Set<string>();
  for (const name of settings.hostVars.keys()) {
    for (let p: ConnectParams | undefined = connectParams(settings, name); p; p = p.via)
      for (const i of p.identities) files.add(i.path);
  }
  for (const file of files) if (await isEncryptedKeyFile(file)) await settings.passphrase(file);
}

/** What every command that connects takes from the command line. */
export interface ConnectOptions {
  hostKeyChecking?: HostKeyPolicy;
  /** -T, --timeout (or its older name --connect-timeout): SSH connect timeout in seconds. */
  timeout?: number;
  connectTimeout?: number;
  /** -u */
  user?: string;
  privateKey?: string;
  /** -k */
  askPass?: boolean;
  /** -c: the connection of hosts whose variables name none (cli-inventory.ts). */
  connection?: 'ssh' | 'local';
  sshConfig?: string;
  sshExtraArgs?: string;
}

/**
 * The connector a command of the CLI uses, and the secrets its output must mask.
 * Every host's settings are read and checked, and -k and key passphrases asked,
 * before anything is printed or any host is touched.
 */
export async function cliConnector(
  inventory: Inventory,
  o: ConnectOptions,
): Promise<{ connect: HostConnector; secrets: string[]; paramsOf: (host: string) => ConnectParams }> {
  const hostVars = new Map([...inventory.hosts.values()].map((h) => [h.name, connectionVars(h)]));
  const password = await sshPassword(o.askPass ?? false);
  const home = homedir();
  const settings: ConnectSettings = {
    hostVars,
    sshConfig: loadSshConfig(o.sshConfig ?? join(home, '.ssh', 'config'), o.sshConfig !== undefined),
    home,
    defaultKnownHosts: join(home, '.ssh', 'known_hosts'),
    hostKeyPolicy: o.hostKeyChecking,
    user: o.user,
    privateKey: o.privateKey === undefined ? undefined : resolve(o.privateKey),
    connectTimeoutS: o.timeout ?? o.connectTimeout,
    extraArgs: o.sshExtraArgs === undefined ? undefined : parseSshArgs(o.sshExtraArgs, '--ssh-extra-args'),
    agentSocket: process.env.SSH_AUTH_SOCK || undefined,
    password,
    passphrase: keyPassphrases(),
  };
  const connect = sshConnector(settings);
  await askPassphrasesAhead(settings);
  // Passphrases typed at the prompt are in secretValues already (ask-secret.ts).
  const secrets = [password, process.env.RUNBOOK_KEY_PASSPHRASE, ...[...hostVars.values()].map((v) => v.password)];
  return {
    connect,
    secrets: secrets.filter((x): x is string => x !== undefined && x !== ''),
    paramsOf: (host) => connectParams(settings, host),
  };
}
