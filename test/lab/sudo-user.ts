// A login that is not root and may sudo only with its password, on every lab host:
// playbooks written for root are tested over it with become. Its account lines go
// into each host's upper layer (the machine's own /etc/passwd stays as it is).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostSpec } from './host-files.js';

export interface SudoUser {
  /** Login name (default "deploy"); its key is the lab's client key. */
  name: string;
  /** What sudo asks for. Has a space, quotes and `$(…)` to catch quoting bugs; no `"` or `\`, so JSON shows it as it is. */
  password: string;
  uid: number;
  gid: number;
}

interface PreparedUser extends SudoUser {
  /** crypt(3) SHA-512 hash for /etc/shadow. */
  hash: string;
}

const FIRST_ID = 1500;

/** Picks a free uid/gid and hashes a fresh password, once per lab. */
export async function prepareSudoUser(name = 'deploy'): Promise<PreparedUser> {
  if (!/^[a-z_][a-z0-9_-]*$/.test(name)) throw new Error(`lab: "${name}" is not a valid user name`);
  const passwd = await readFile('/etc/passwd', 'utf8');
  const group = await readFile('/etc/group', 'utf8');
  if (accountNames(passwd).has(name) || accountNames(group).has(name)) {
    throw new Error(`lab: this machine already has an account "${name}"; choose another sudo user name`);
  }
  const taken = new Set([...accountIds(passwd), ...accountIds(group)]);
  let id = FIRST_ID;
  while (taken.has(id)) id++;
  const password = `s3cret ${randomBytes(4).toString('hex')} 'pw' $(x)`;
  return { name, password, uid: id, gid: id, hash: await hashPassword(password) };
}

// On openssl's stdin, so the password is never in a process's arguments.
async function hashPassword(password: string): Promise<string> {
  const child = execFile('openssl', ['passwd', '-6', '-stdin']);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin?.end(`${password}\n`);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0 || !out.startsWith('$6$'))
    throw new Error(`lab: openssl passwd -6 failed: ${err.trim() || `exit ${code}`}`);
  return out.trim();
}

/** The account, its sudoers rule and its authorized key, in one host's upper layer. */
export async function writeSudoUserFiles(
  upper: string,
  host: HostSpec,
  user: PreparedUser,
  authorizedKey: string,
): Promise<void> {
  const days = Math.floor(Date.now() / 86_400_000);
  const home = `/home/${user.name}`;
  await appendToCopy(upper, '/etc/passwd', `${user.name}:x:${user.uid}:${user.gid}:lab sudo user:${home}:/bin/sh\n`);
  await appendToCopy(upper, '/etc/shadow', `${user.name}:${user.hash}:${days}:0:99999:7:::\n`);
  await appendToCopy(upper, '/etc/group', `${user.name}:x:${user.gid}:\n`);
  await appendToCopy(upper, '/etc/gshadow', `${user.name}:!::\n`);

  // sudo looks up the host's own name, and warns on every call when it cannot.
  await appendToCopy(upper, '/etc/hosts', `${host.address} ${host.name}\n`);

  await mirrorDir(upper, '/home');
  await mirrorDir(upper, '/etc/sudoers.d');
  // sudo ignores a sudoers.d file that is writable by others; 0440 as visudo leaves it.
  await writeOwned(join(upper, 'etc/sudoers.d', user.name), `${user.name} ALL=(ALL) ALL\n`, 0o440, 0, 0);

  // sshd's StrictModes wants the home and .ssh owned by the user and not writable by others.
  await mkdirOwned(join(upper, home), 0o755, user);
  await mkdirOwned(join(upper, home, '.ssh'), 0o700, user);
  await writeOwned(join(upper, home, '.ssh/authorized_keys'), `${authorizedKey}\n`, 0o600, user.uid, user.gid);
  await writeOwned(join(upper, home, '.profile'), '# lab sudo user: plain login profile\n', 0o644, user.uid, user.gid);
}

function accountNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.split(':')[0] ?? '')
      .filter(Boolean),
  );
}

function accountIds(text: string): number[] {
  return text
    .split('\n')
    .map((l) => Number(l.split(':')[2]))
    .filter((n) => Number.isInteger(n));
}

// The machine's file plus a line, with the machine's mode and owner (shadow is root:shadow 0640).
async function appendToCopy(upper: string, path: string, line: string): Promise<void> {
  const lower = await stat(path);
  const content = await readFile(path, 'utf8');
  const sep = content === '' || content.endsWith('\n') ? '' : '\n';
  await writeOwned(join(upper, path), content + sep + line, lower.mode & 0o7777, lower.uid, lower.gid);
}

async function mirrorDir(upper: string, path: string): Promise<void> {
  const lower = await stat(path);
  await mkdir(join(upper, path), { recursive: true });
  await chmod(join(upper, path), lower.mode & 0o7777);
  await chown(join(upper, path), lower.uid, lower.gid);
}

async function mkdirOwned(dir: string, mode: number, user: SudoUser): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, mode);
  await chown(dir, user.uid, user.gid);
}

async function writeOwned(file: string, content: string, mode: number, uid: number, gid: number): Promise<void> {
  await writeFile(file, content, { mode });
  await chmod(file, mode);
  await chown(file, uid, gid);
}
