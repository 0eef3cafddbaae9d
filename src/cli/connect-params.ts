// How to reach each host: its inventory variables, then the CLI, then ssh_config,
// then defaults (as in Ansible, where inventory variables become `-o` options that
// beat ~/.ssh/config). Jump hosts (runbook_jump_hosts, ProxyJump) are resolved the
// same way, as inventory hosts when the inventory has them, else through ssh_config.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { RunbookError } from '../errors.js';
import type { HostConnectionVars } from '../inventory/connection-vars.js';
import { mergeSshOptions, parseHop, type SshOptions } from '../inventory/ssh-options.js';
import type { SshConfigFile } from '../parse/ssh-config.js';
import type { ConnectParams, HostKeyPolicy, Identity } from '../transport/connection.js';

export interface ConnectSettings {
  /** Connection variables of every inventory host, read and checked before the run. */
  hostVars: ReadonlyMap<string, HostConnectionVars>;
  sshConfig: SshConfigFile;
  home: string;
  /** Used when neither the inventory nor ssh_config names a known_hosts file. */
  defaultKnownHosts: string;
  /** --host-key-checking; wins over the inventory. */
  hostKeyPolicy?: HostKeyPolicy;
  /** -u */
  user?: string;
  /** --private-key */
  privateKey?: string;
  /** -T, --connect-timeout */
  connectTimeoutS?: number;
  /** --ssh-extra-args */
  extraArgs?: SshOptions;
  agentSocket?: string;
  /** -k */
  password?: string;
  passphrase?: (keyFile: string) => Promise<string | undefined>;
}

export const DEFAULT_IDENTITIES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const DEFAULTS = { port: 22, user: 'root', connectTimeoutS: 10, serverAliveIntervalS: 15, serverAliveCountMax: 3 };
const MAX_HOPS = 8;

/**
 * What a jump host takes from the host behind it when neither the inventory nor
 * ssh_config says otherwise: one known_hosts file and one policy for a whole path.
 */
type Fallback = Pick<
  ConnectParams,
  'knownHostsFile' | 'hostKeyPolicy' | 'connectTimeoutMs' | 'keepaliveIntervalMs' | 'keepaliveCountMax'
>;

const seconds = (s: number | undefined): number | undefined => (s === undefined ? undefined : s * 1000);

export function connectParams(s: ConnectSettings, host: string): ConnectParams {
  return resolve(s, host, s.hostVars.get(host) ?? {}, undefined, 0);
}

/**
 * `name` as the inventory or a ProxyJump hop names it. `via`: the hop before it in
 * a ProxyJump chain; without one, its own jump hosts apply.
 */
function resolve(
  s: ConnectSettings,
  name: string,
  cv: HostConnectionVars,
  via: ConnectParams | undefined,
  depth: number,
  fallback?: Fallback,
): ConnectParams {
  if (depth > MAX_HOPS)
    throw new RunbookError(
      'usage',
      `jump hosts of ${name} go more than ${MAX_HOPS} hops deep: is there a ProxyJump loop?`,
    );
  // ssh_config patterns match what ssh would be called with: ansible_host when set.
  const sshName = cv.address ?? name;
  const user0 = cv.user ?? s.user;
  const opts = mergeSshOptions(
    mergeSshOptions(s.sshConfig.lookup(sshName, user0), s.extraArgs ?? {}),
    cv.sshArgs ?? {},
  );
  const address = cv.address ?? (opts.hostName ? expand(opts.hostName, { h: sshName, n: name }, s) : sshName);
  const port = cv.port ?? opts.port ?? DEFAULTS.port;
  const user = user0 ?? opts.user ?? DEFAULTS.user;
  const tokens = { h: address, n: name, p: String(port), r: user };
  const named: Identity[] = [cv.privateKeyPath ?? s.privateKey]
    .filter((p): p is string => p !== undefined)
    .map((path) => ({ path, required: true }));
  const configured = (opts.identityFiles ?? []).map((f) => ({ path: expand(f, tokens, s), required: false }));
  const identities =
    named.length + configured.length > 0
      ? [...named, ...configured]
      : DEFAULT_IDENTITIES.map((f) => ({ path: join(s.home, '.ssh', f), required: false }));
  const knownHosts =
    cv.knownHostsFile ??
    (opts.userKnownHostsFile
      ? expand(opts.userKnownHostsFile, tokens, s)
      : (fallback?.knownHostsFile ?? s.defaultKnownHosts));
  const params: ConnectParams = {
    host: name,
    address,
    port,
    user,
    identities,
    ...(s.agentSocket ? { agentSocket: s.agentSocket } : {}),
    ...(opts.identitiesOnly ? { identitiesOnly: true } : {}),
    ...((cv.password ?? s.password) !== undefined ? { password: (cv.password ?? s.password)! } : {}),
    ...(s.passphrase ? { passphrase: s.passphrase } : {}),
    knownHostsFile: knownHosts,
    hostKeyPolicy:
      s.hostKeyPolicy ?? cv.hostKeyPolicy ?? opts.strictHostKeyChecking ?? fallback?.hostKeyPolicy ?? 'strict',
    connectTimeoutMs:
      seconds(cv.connectTimeoutS ?? s.connectTimeoutS ?? opts.connectTimeoutS) ??
      fallback?.connectTimeoutMs ??
      DEFAULTS.connectTimeoutS * 1000,
    keepaliveIntervalMs:
      seconds(opts.serverAliveIntervalS) ?? fallback?.keepaliveIntervalMs ?? DEFAULTS.serverAliveIntervalS * 1000,
    keepaliveCountMax: opts.serverAliveCountMax ?? fallback?.keepaliveCountMax ?? DEFAULTS.serverAliveCountMax,
  };
  if (via) return { ...params, via };
  let before: ConnectParams | undefined;
  for (const hop of cv.jumpHosts ?? opts.proxyJump ?? []) before = resolveHop(s, hop, before, params, depth + 1);
  return before ? { ...params, via: before } : params;
}

function resolveHop(
  s: ConnectSettings,
  hop: string,
  before: ConnectParams | undefined,
  target: ConnectParams,
  depth: number,
): ConnectParams {
  const { user, host, port } = parseHop(hop)!;
  const cv: HostConnectionVars = {
    ...(s.hostVars.get(host) ?? {}),
    ...(user ? { user } : {}),
    ...(port ? { port } : {}),
  };
  // The first hop keeps a ProxyJump of its own; later ones go through the one before.
  const params = resolve(s, host, cv, before, depth, target);
  // OpenSSH offers the jump host the same agent; runbook also offers the target's keys.
  const extra = target.identities
    .filter((t) => !params.identities.some((i) => i.path === t.path))
    .map((t) => ({ ...t, required: false }));
  return { ...params, identities: [...params.identities, ...extra] };
}

/** ssh_config's ~ and %-tokens: %h host, %n name as given, %p port, %r remote user, %u local user, %d home, %%. */
function expand(value: string, tokens: Record<string, string>, s: ConnectSettings): string {
  const all: Record<string, string> = { ...tokens, u: localUser(), d: s.home, '%': '%' };
  const out = value.replace(/%(.)/g, (m, t: string) => all[t] ?? m);
  return out === '~' || out.startsWith('~/') ? join(s.home, out.slice(1)) : out;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
