// ConnectParams -> ssh2 ConnectConfig: the logins to try (ssh-auth.ts), keepalives,
// and host key checking against known_hosts.
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { TransportError, type ConnectParams } from './connection.js';
import { authHandler, authPlan, loadIdentities } from './ssh-auth.js';
import {
  blobKeyType,
  checkHostKey,
  fingerprint,
  knownHostLine,
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
    const decision = accepted?.equals(key) ? 'accept' : decide(params, checkHostKey(entries, names, key), key, knownHosts.exists);
    if (decision === 'accept') {
      accepted = key;
      verify(true);
    } else if (decision === 'record') {
      appendKnownHost(params.knownHostsFile, knownHostLine(names[0]!, key)).then(
        () => {
          accepted = key;
          verify(true);
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

function decide(p: ConnectParams, verdict: HostKeyVerdict, key: Buffer, fileExists: boolean): Decision {
  const who = `${p.host} (${knownHostName(p.address, p.port)})`;
  const offered = `${blobKeyType(key)} key ${fingerprint(key)}`;
  if (p.hostKeyPolicy === 'off') return 'accept';
  switch (verdict.kind) {
    case 'known':
      return 'accept';
    case 'revoked':
      return { refuse: `host key for ${who} is REVOKED in ${p.knownHostsFile}:${verdict.entry.line} (${offered}); refusing to connect` };
    case 'changed': {
      const where = verdict.recorded.map((e) => `${p.knownHostsFile}:${e.line} (${e.keyType} ${fingerprint(e.key)})`).join(', ');
      return {
        refuse:
          `host key for ${who} has changed! The server offered ${offered}, but known_hosts has ${where}. ` +
          'This can be a man-in-the-middle attack, or the host was reinstalled; if you trust the new key, ' +
          `remove the old entry (ssh-keygen -R ${knownHostName(p.address, p.port)} -f ${p.knownHostsFile}) and accept the new one.`,
      };
    }
    case 'unknown':
      if (p.hostKeyPolicy === 'accept-new') return 'record';
      return {
        refuse:
          `host key for ${who} is not known: the server offered ${offered}, and ${p.knownHostsFile} ` +
          `${fileExists ? 'has no entry for it' : 'does not exist'}. After checking the fingerprint, accept it with ` +
          `\`ssh-keyscan -p ${p.port} ${p.address} >> ${p.knownHostsFile}\`, or use host key policy accept-new.`,
      };
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
    else for (const n of new Set(e.names.map((x) => x.toLowerCase()))) (byName.get(n) ?? byName.set(n, []).get(n)!).push(e);
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

// Appends are serialised per file: many hosts may be accepted at the same moment.
const appendQueues = new Map<string, Promise<void>>();

function appendKnownHost(file: string, line: string): Promise<void> {
  const next = (appendQueues.get(file) ?? Promise.resolve()).then(async () => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const current = await readFile(file, 'utf8').catch(() => '');
    await appendFile(file, current === '' || current.endsWith('\n') ? line : `\n${line}`, { mode: 0o644 });
  });
  appendQueues.set(file, next.catch(() => undefined));
  return next;
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
