// Logging in, in OpenSSH's order: the agent's keys, then each key file, then the
// password (as "password", then as "keyboard-interactive" for PAM servers). Key
// files are read and decrypted before connecting, so a bad file or a wrong
// passphrase gets its own message rather than a bare "authentication failed".
import { readFile, stat } from 'node:fs/promises';
import { loadSsh2 } from './ssh2-lazy.js';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, NextAuthHandler, ParsedKey } from 'ssh2';
import { TransportError, type ConnectParams, type Identity } from './connection.js';

export interface LoadedKey {
  path: string;
  key: ParsedKey;
}

/** The usable key files of `p`: required ones must be, the others (defaults, ssh_config) are skipped when absent. */
export async function loadIdentities(p: ConnectParams): Promise<LoadedKey[]> {
  const loaded: LoadedKey[] = [];
  for (const identity of p.identities) {
    const key = await loadKey(p, identity);
    if (key) loaded.push({ path: identity.path, key });
  }
  return loaded;
}

// Every host's connection loads the same key files: each is read and parsed once while
// it is unchanged (inode, size, mtime, ctime); parsing builds crypto key objects, which
// cost more than the rest of a connection's set-up on the controller.
const keyFiles = new Map<
  string,
  { stamp: string; read: Promise<{ data: Buffer; plain: ParsedKey | ParsedKey[] | Error }> }
>();

async function readKeyFile(path: string): Promise<{ data: Buffer; plain: ParsedKey | ParsedKey[] | Error }> {
  const st = await stat(path, { bigint: true }).catch(() => undefined);
  // Not there, or not readable: read it as before, for the same error.
  if (!st) return readFile(path).then((data) => ({ data, plain: loadSsh2().utils.parseKey(data) }));
  const stamp = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  let hit = keyFiles.get(path);
  if (hit?.stamp !== stamp) {
    // The promise is kept, so hosts connecting at the same moment share one read.
    const read = readFile(path).then((data) => ({ data, plain: loadSsh2().utils.parseKey(data) }));
    hit = { stamp, read };
    keyFiles.set(path, hit);
    read.catch(() => keyFiles.get(path) === hit && keyFiles.delete(path));
  }
  return hit.read;
}

async function loadKey(p: ConnectParams, { path, required }: Identity): Promise<ParsedKey | undefined> {
  let data: Buffer;
  let plain: ParsedKey | ParsedKey[] | Error;
  try {
    ({ data, plain } = await readKeyFile(path));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!required && e.code === 'ENOENT') return undefined;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new TransportError(p.host, `cannot read private key file ${path}: ${why}`);
  }
  if (!(plain instanceof Error)) return first(plain);
  if (!/passphrase|encrypted/i.test(plain.message)) {
    throw new TransportError(p.host, `private key file ${path}: not a usable private key (${plain.message})`);
  }
  const passphrase = await p.passphrase?.(path);
  if (passphrase === undefined) {
    if (!required) return undefined;
    throw new TransportError(
      p.host,
      `private key file ${path} is protected by a passphrase, and none was given: set RUNBOOK_KEY_PASSPHRASE, ` +
        `run on a terminal to be asked, or load the key into ssh-agent`,
    );
  }
  const opened = loadSsh2().utils.parseKey(data, passphrase);
  if (opened instanceof Error)
    throw new TransportError(p.host, `private key file ${path}: the passphrase is wrong (${opened.message})`);
  return first(opened);
}

/** Whether a key file exists and needs a passphrase, so the CLI can ask before the run draws its view. */
export async function isEncryptedKeyFile(path: string): Promise<boolean> {
  const data = await readFile(path).catch(() => undefined);
  if (!data) return false;
  const parsed = loadSsh2().utils.parseKey(data);
  return parsed instanceof Error && /passphrase|encrypted/i.test(parsed.message);
}

function first(k: ParsedKey | ParsedKey[]): ParsedKey {
  return Array.isArray(k) ? k[0]! : k;
}

/** The attempts, in order, and a description of each for the failure message. */
export function authPlan(p: ConnectParams, keys: LoadedKey[]): { attempts: AnyAuthMethod[]; tried: string[] } {
  const username = p.user;
  const attempts: AnyAuthMethod[] = [];
  const tried: string[] = [];
  if (p.agentSocket && !p.identitiesOnly) {
    attempts.push({ type: 'agent', username, agent: p.agentSocket });
    tried.push('ssh-agent');
  }
  for (const { path, key } of keys) {
    attempts.push({ type: 'publickey', username, key });
    tried.push(`key ${path}`);
  }
  if (p.password !== undefined) {
    const password = p.password;
    attempts.push({ type: 'password', username, password });
    attempts.push({
      type: 'keyboard-interactive',
      username,
      prompt: (_n, _i, _l, prompts, answer) => answer(prompts.map(() => password)),
    });
    tried.push('password');
  }
  return { attempts, tried };
}

/** ssh2's handler that skips what the server does not offer, so a refused method costs no round trip. */
export function authHandler(plan: AnyAuthMethod[]): AuthHandlerMiddleware {
  let next = 0;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, done: NextAuthHandler): void => {
    while (next < plan.length) {
      const attempt = plan[next++]!;
      const method = attempt.type === 'agent' ? 'publickey' : attempt.type;
      if (methodsLeft === null || methodsLeft.includes(method)) {
        done(attempt);
        return;
      }
    }
    // ssh2 takes false as "nothing left", which its types leave out.
    (done as unknown as (v: false) => void)(false);
  };
}
