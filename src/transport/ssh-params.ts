// ConnectParams -> ssh2 ConnectConfig: the logins to try (ssh-auth.ts), keepalives,
// and host key checking against known_hosts.
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { TransportError, type ConnectParams } from './connection.js';
import { authHandler, authPlan, loadIdentities } from './ssh-auth.js';
import { recordHostKey } from './known-hosts-file.js';
import {
  blobKeyType,
  certAuthoritiesFor,
  checkHostKey,
  fingerprint,
  knownHostName,
  knownKeyTypes,
  parseKnownHosts,
  type HostKeyVerdict,
  type KnownHostEntry,
} from './known-hosts.js';

export interface SshSetup {
  config: ConnectConfig;
  /** Why the host key was refused, once ssh2 has asked; ssh2's own error says only "verification failed". */
  hostKeyRefusal(): string | undefined;
  /** The logins offered, for the message when all fail. */
  tried: string[];
}

/** `sock`: a channel through a jump host, instead of a TCP connection to the address. */
export async function sshSetup(params: ConnectParams, sock?: Duplex): Promise<SshSetup> {
  const { attempts, tried } = authPlan(params, await loadIdentities(params));
  const knownHosts = params.hostKeyPolicy === 'off' ? NO_KNOWN_HOSTS : await knownHostEntries(params);
  const names = [knownHostName(params.address, params.port)];
  const entries = entriesFor(knownHosts, names);
  let refusal: string | undefined;
  // ssh2 asks again on every re-key; a key accepted once is not recorded twice.
  let accepted: Buffer | undefined;

  const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
    const decision = accepted?.equals(key)
      ? 'accept'
      : decide(params, checkHostKey(entries, names, key), key, knownHosts.exists, entries);
    if (decision === 'accept') {
      accepted = key;
      verify(true);
    } else if (decision === 'record') {
      // Decided again under the file's lock: another run may have recorded this host meanwhile.
      recordHostKey(params.knownHostsFile, names, key).then(
        (now) => {
          const again = now.kind === 'unknown' ? 'accept' : decide(params, now, key, true, entries);
          if (again === 'accept' || again === 'record') {
            accepted = key;
            verify(true);
          } else {
            refusal = again.refuse;
            verify(false);
          }
        },
        (err: Error) => {
          refusal = `cannot record the host key of ${params.address} in ${params.knownHostsFile}: ${err.message}`;
          verify(false);
        },
      );
    } else {
      refusal = decision.refuse;
      verify(false);
    }
  };

  const config: ConnectConfig = {
    host: params.address,
    port: params.port,
    username: params.user,
    readyTimeout: params.connectTimeoutMs,
    keepaliveInterval: params.keepaliveIntervalMs,
    keepaliveCountMax: params.keepaliveCountMax,
    hostVerifier,
    algorithms: { serverHostKey: preferKnownTypes(knownKeyTypes(entries, names)) },
    authHandler: authHandler(attempts),
    ...(sock ? { sock } : {}),
  };
  return { config, hostKeyRefusal: () => refusal, tried };
}

type Decision = 'accept' | 'record' | { refuse: string };

function decide(
  p: ConnectParams,
  verdict: HostKeyVerdict,
  key: Buffer,
  fileExists: boolean,
  entries: KnownHostEntry[],
): Decision {
  const name = knownHostName(p.address, p.port);
  const who = `${p.host} (${name})`;
  const offered = `${blobKeyType(key)} key ${fingerprint(key)}`;
  if (p.hostKeyPolicy === 'off') return 'accept';
  switch (verdict.kind) {
    case 'known':
      return 'accept';
    case 'revoked':
      return {
        refuse: `host key for ${who} is REVOKED in ${p.knownHostsFile}:${verdict.entry.line} (${offered}); refusing to connect`,
      };
    case 'changed': {
      // As loud as OpenSSH, under every policy but off: accept-new never replaces a key.
      const where = verdict.recorded
        .map((e) => `${p.knownHostsFile}:${e.line} (${e.keyType} ${fingerprint(e.key)})`)
        .join(', ');
      return {
        refuse:
          `host key for ${who} has changed! The server offered ${offered}, but known_hosts has ${where}. ` +
          'This can be a man-in-the-middle attack, or the host was reinstalled; if you trust the new key, ' +
          `remove the old entry (ssh-keygen -R ${name} -f ${p.knownHostsFile}) and accept the new one.`,
      };
    }
    case 'unknown': {
      if (p.hostKeyPolicy === 'accept-new') return 'record';
      const cas = certAuthoritiesFor(entries, [name]);
      // ssh2 offers no *-cert-v01@openssh.com host key algorithm, so a server never shows us its certificate.
      const caNote =
        cas.length === 0
          ? ''
          : ` ${p.knownHostsFile}:${cas.map((e) => e.line).join(',')} names a @cert-authority for this host, but runbook's SSH ` +
            "library (ssh2) cannot check host certificates, only plain host keys: record the host's own key as well.";
      return {
        refuse:
          `host key for ${who} is not known: the server offered ${offered}, and ${p.knownHostsFile} ` +
          `${fileExists ? 'has no entry for it' : 'does not exist'}.${caNote} After checking the fingerprint, accept it with ` +
          // Without the file its directory (~/.ssh on a fresh machine) may be missing too: the >> would fail.
          `\`${fileExists ? '' : `mkdir -p -m 700 ${dirname(p.knownHostsFile)} && `}ssh-keyscan -p ${p.port} ${p.address} >> ${p.knownHostsFile}\`, ` +
          'or for one run: --host-key-checking accept-new (records the key on first contact).',
      };
    }
  }
}

interface KnownHosts {
  exists: boolean;
  /** Entries with plain host names only (no marker, hash, wildcard or negation), by lower-case name. */
  byName: Map<string, KnownHostEntry[]>;
  /** Every other entry: each is matched against each host (and @revoked applies to all). */
  scanned: KnownHostEntry[];
}

function indexKnownHosts(entries: KnownHostEntry[]): KnownHosts {
  const byName = new Map<string, KnownHostEntry[]>();
  const scanned: KnownHostEntry[] = [];
  for (const e of entries) {
    if (e.marker !== undefined || e.names.some((n) => /^[|!]|[*?]/.test(n))) scanned.push(e);
    else
      for (const n of new Set(e.names.map((x) => x.toLowerCase())))
        (byName.get(n) ?? byName.set(n, []).get(n)!).push(e);
  }
  return { exists: true, byName, scanned };
}

/** The entries that can bear on `names`, in file order: a lookup, not a scan of every line for every host. */
function entriesFor(known: KnownHosts, names: string[]): KnownHostEntry[] {
  const found = new Set(known.scanned);
  for (const n of names) for (const e of known.byName.get(n.toLowerCase()) ?? []) found.add(e);
  return [...found].sort((a, b) => a.line - b.line);
}

// Every host's connection reads the same known_hosts: parsed once while the file is
// unchanged (inode, size and mtime), or 1,000 hosts would parse 1,000 lines each.
const NO_KNOWN_HOSTS: KnownHosts = { exists: false, byName: new Map(), scanned: [] };
const parsedKnownHosts = new Map<string, { stamp: string; parsed: Promise<KnownHosts> }>();

async function knownHostEntries(p: ConnectParams): Promise<KnownHosts> {
  const file = p.knownHostsFile;
  try {
    const st = await stat(file);
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}`;
    let hit = parsedKnownHosts.get(file);
    if (hit?.stamp !== stamp) {
      // The promise is kept, so hosts connecting at the same moment share one read.
      // Stamped before reading: an append in between only costs one more read later.
      hit = { stamp, parsed: readFile(file, 'utf8').then((text) => indexKnownHosts(parseKnownHosts(text))) };
      parsedKnownHosts.set(file, hit);
      hit.parsed.catch(() => parsedKnownHosts.get(file) === hit && parsedKnownHosts.delete(file));
    }
    return await hit.parsed;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return NO_KNOWN_HOSTS;
    throw new TransportError(p.host, `cannot read known_hosts file ${file}: ${(err as Error).message}`);
  }
}

// ssh2's default order. A server offers several host keys; like OpenSSH, ask first for
// the types known_hosts already holds, or a host with an older ecdsa entry would look
// "changed" when it also offers ed25519.
const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

function preferKnownTypes(types: string[]): ServerHostKeyAlgorithm[] {
  const algorithmsOf = (type: string): ServerHostKeyAlgorithm[] =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGORITHMS.filter((a) => a === type);
  const preferred = types.flatMap(algorithmsOf);
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}
