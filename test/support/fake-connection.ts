// UNIT-TEST FIXTURE, NOT A TRANSPORT. A host as data (its files, units, users
// and the answers its commands give) behind the `Connection` interface, so a
// module's decision table (what it plans for each state of the host) is tested
// in milliseconds, as pyinfra tests its operations from fixtures. It proves
// what a module DECIDES from what it reads; what happens on a real host (sshd,
// SFTP, sudo, systemd, apt) is proven by the lab tests beside it, never here.
//
// Faithful to the contract where modules rely on it: stat follows symlinks and
// lstat does not; a missing path reads as null; writeFile keeps an existing
// file's mode and owner (a new one is 0644 root), needs its directory, and
// replaces a symlink at the path (it renames a temp file over it);
// mkdir needs its parent and accepts a directory already there; unlink refuses
// a directory, rmdir a non-empty one. A command no answer covers throws, naming
// it: the fixture never pretends a command ran.
import { posix } from 'node:path';
import {
  RemoteFileError,
  type Connection,
  type ExecOptions,
  type ExecResult,
  type FileStat,
  type WriteOptions,
} from '../../src/transport/connection.js';
import { builtInAnswers, type CommandAnswer, type FakeUnit } from './fake-commands.js';

export type { CommandAnswer, FakeUnit } from './fake-commands.js';

interface Entry {
  type: 'file' | 'directory' | 'symlink';
  content: Buffer;
  target?: string;
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

// Every Linux host has these; a test adds what its module reads.
const BASE_DIRS: [string, number][] = [
  ['/', 0o755],
  ['/etc', 0o755],
  ['/opt', 0o755],
  ['/tmp', 0o1777],
  ['/root', 0o700],
  ['/run', 0o755],
  ['/var', 0o755],
  ['/var/lib', 0o755],
  ['/usr', 0o755],
  ['/usr/local', 0o755],
  ['/usr/local/bin', 0o755],
];

/** A path's initial state: text or bytes (a 0644 root file), or spelled out. */
export type FakeFile =
  | string
  | Buffer
  | { content: string | Buffer; mode?: number; uid?: number; gid?: number }
  | { dir: true; mode?: number; uid?: number; gid?: number }
  | { symlink: string };

export interface FakeHostSpec {
  /** Inventory name (default "node1"). */
  name?: string;
  /** Absolute path → state; missing parent directories exist (0755 root). */
  files?: Record<string, FakeFile>;
  /** Unit name (".service" may be left out) → its state; unknown units are not-found. */
  units?: Record<string, FakeUnit>;
  /** User and group names → ids, for `id -u` and `getent group` (root is 0). */
  users?: Record<string, number>;
  groups?: Record<string, number>;
  /** Answers for other commands, tried in order before the built-in ones. */
  commands?: CommandAnswer[];
}

/** One thing done to the host, in order: `exec …`, `write /p`, `chmod 0600 /p`, … */
export type FakeOp = string;

export class FakeConnection implements Connection {
  readonly host: string;
  /** Every command run and every file operation that changed something, in order. */
  readonly ops: FakeOp[] = [];
  readonly units: Map<string, Required<FakeUnit>>;
  readonly users: Map<string, number>;
  readonly groups: Map<string, number>;
  private readonly entries = new Map<string, Entry>();
  private readonly answers: CommandAnswer[];
  private clock = Date.UTC(2026, 0, 1);

  constructor(spec: FakeHostSpec = {}) {
    this.host = spec.name ?? 'node1';
    this.users = new Map(Object.entries({ root: 0, ...spec.users }));
    this.groups = new Map(Object.entries({ root: 0, ...spec.groups }));
    const unitDefaults = {
      LoadState: 'loaded',
      ActiveState: 'inactive',
      UnitFileState: 'disabled',
      startFails: false,
      loadsOnReload: false,
    };
    this.units = new Map(Object.entries(spec.units ?? {}).map(([n, u]) => [unitName(n), { ...unitDefaults, ...u }]));
    this.answers = [...(spec.commands ?? []), ...builtInAnswers];
    for (const [dir, mode] of BASE_DIRS)
      this.put(dir, { type: 'directory', content: Buffer.alloc(0), mode, uid: 0, gid: 0 });
    for (const [path, f] of Object.entries(spec.files ?? {})) this.seed(path, f);
  }

  /** Commands run so far (without the file operations). */
  get commands(): string[] {
    return this.ops.filter((o) => o.startsWith('exec ')).map((o) => o.slice(5));
  }

  /** A file's text as it is now, or null. */
  text(path: string): string | null {
    const e = this.resolve(path);
    return e?.type === 'file' ? e.content.toString('utf8') : null;
  }

  /** A file's bytes as they are now, or null (for command answers that copy). */
  bytes(path: string): Buffer | null {
    const e = this.resolve(path);
    return e?.type === 'file' ? Buffer.from(e.content) : null;
  }

  /** Every path on the host, sorted. */
  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  async exec(command: string, _opts?: ExecOptions): Promise<ExecResult> {
    this.ops.push(`exec ${command}`);
    for (const a of this.answers) {
      const got = a(command, this);
      if (got) return { rc: got.rc ?? 0, stdout: got.stdout ?? '', stderr: got.stderr ?? '' };
    }
    throw new Error(
      `fake host ${this.host}: no answer for the command ${JSON.stringify(command)} (give one in commands:)`,
    );
  }

  async stat(path: string): Promise<FileStat | null> {
    const e = this.resolve(path);
    return e ? statOf(e) : null;
  }

  async lstat(path: string): Promise<FileStat | null> {
    const e = this.entries.get(norm(path));
    return e ? statOf(e) : null;
  }

  async readFile(path: string): Promise<Buffer | null> {
    const e = this.resolve(path);
    if (!e) return null;
    if (e.type !== 'file') throw new RemoteFileError(this.host, 'read', path, 'EFAILURE', `is a ${e.type}`);
    return Buffer.from(e.content);
  }

  async writeFile(path: string, data: Buffer | string, opts: WriteOptions = {}): Promise<void> {
    // The temp file is renamed over `path` itself: a symlink there is replaced, its target left as it was.
    const p = norm(path);
    const old = this.resolve(path);
    if (old?.type === 'directory') throw new RemoteFileError(this.host, 'write', path, 'EFAILURE', 'is a directory');
    this.needDir(posix.dirname(p), 'write', path);
    const content = Buffer.from(data);
    this.put(p, {
      type: 'file',
      content,
      mode: opts.mode ?? old?.mode ?? 0o644,
      uid: opts.uid ?? old?.uid ?? 0,
      gid: opts.gid ?? old?.gid ?? 0,
    });
    this.ops.push(`write ${p}`);
  }

  async mkdir(path: string, mode: number): Promise<void> {
    const p = norm(path);
    const there = this.entries.get(p);
    if (there?.type === 'directory') return;
    if (there) throw new RemoteFileError(this.host, 'mkdir', path, 'EFAILURE', `a ${there.type} is there`);
    this.needDir(posix.dirname(p), 'mkdir', path);
    this.put(p, { type: 'directory', content: Buffer.alloc(0), mode, uid: 0, gid: 0 });
    this.ops.push(`mkdir ${p}`);
  }

  async chmod(path: string, mode: number): Promise<void> {
    this.existing('chmod', path).mode = mode;
    this.ops.push(`chmod ${mode.toString(8).padStart(4, '0')} ${norm(path)}`);
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    const e = this.existing('chown', path);
    e.uid = uid;
    e.gid = gid;
    e.mode &= ~0o6000; // chown(2) clears setuid and setgid
    this.ops.push(`chown ${uid}:${gid} ${norm(path)}`);
  }

  async unlink(path: string): Promise<void> {
    const p = norm(path);
    const e = this.entries.get(p);
    if (!e) throw new RemoteFileError(this.host, 'unlink', path, 'ENOENT', 'no such file');
    if (e.type === 'directory') throw new RemoteFileError(this.host, 'unlink', path, 'EFAILURE', 'is a directory');
    this.entries.delete(p);
    this.ops.push(`unlink ${p}`);
  }

  async rmdir(path: string): Promise<void> {
    const p = norm(path);
    const e = this.entries.get(p);
    if (!e) throw new RemoteFileError(this.host, 'rmdir', path, 'ENOENT', 'no such directory');
    if (e.type !== 'directory') throw new RemoteFileError(this.host, 'rmdir', path, 'EFAILURE', 'not a directory');
    if (this.paths().some((q) => q.startsWith(`${p}/`)))
      throw new RemoteFileError(this.host, 'rmdir', path, 'EFAILURE', 'directory not empty');
    this.entries.delete(p);
    this.ops.push(`rmdir ${p}`);
  }

  async close(): Promise<void> {
    // Nothing to release: the fake holds no connection.
  }

  /** What is at a path, not following a last symlink (lstat), and what it names when followed; for command answers. */
  entryAt(path: string): { own: FileStat & { target?: string }; followed?: FileStat & { id: string } } | undefined {
    const own = this.entries.get(norm(path));
    if (!own) return undefined;
    const end = this.followed(path);
    const e = this.entries.get(end);
    const followed = e && e.type !== 'symlink' ? { ...statOf(e), id: end } : undefined;
    return { own: { ...statOf(own), target: own.target }, followed };
  }

  /** Removes a path and everything under it (what `rm -rf` does), for command answers. */
  removeTree(path: string): void {
    const p = norm(path);
    for (const q of this.paths()) if (q === p || q.startsWith(`${p}/`)) this.entries.delete(q);
  }

  /** Marks a file as touched (a new modification time), for command answers. */
  touch(path: string): boolean {
    const e = this.resolve(path);
    if (!e) return false;
    e.mtimeMs = ++this.clock;
    return true;
  }

  /** Adds a path as the spec's files do (its missing parents too), e.g. a symlink mid-test. */
  seedPath(path: string, f: FakeFile): void {
    this.seed(path, f);
  }

  private seed(path: string, f: FakeFile): void {
    const p = norm(path);
    for (let d = posix.dirname(p); !this.entries.has(d); d = posix.dirname(d)) {
      this.put(d, { type: 'directory', content: Buffer.alloc(0), mode: 0o755, uid: 0, gid: 0 });
    }
    if (typeof f === 'string' || Buffer.isBuffer(f)) {
      this.put(p, { type: 'file', content: Buffer.from(f), mode: 0o644, uid: 0, gid: 0 });
      return;
    }
    if ('symlink' in f) {
      this.put(p, { type: 'symlink', content: Buffer.alloc(0), target: f.symlink, mode: 0o777, uid: 0, gid: 0 });
      return;
    }
    const owner = { mode: f.mode ?? ('dir' in f ? 0o755 : 0o644), uid: f.uid ?? 0, gid: f.gid ?? 0 };
    if ('dir' in f) {
      this.put(p, { type: 'directory', content: Buffer.alloc(0), ...owner });
      return;
    }
    this.put(p, { type: 'file', content: Buffer.from(f.content), ...owner });
  }

  private put(path: string, e: Omit<Entry, 'mtimeMs'>): void {
    this.entries.set(path, { ...e, mtimeMs: ++this.clock });
  }

  /** The path after following symlinks of its last component (as stat does). */
  private followed(path: string): string {
    let p = norm(path);
    for (let hops = 0; hops < 40; hops++) {
      const e = this.entries.get(p);
      if (e?.type !== 'symlink') return p;
      p = norm(posix.resolve(posix.dirname(p), e.target!));
    }
    throw new RemoteFileError(this.host, 'stat', path, 'EFAILURE', 'too many levels of symbolic links');
  }

  private resolve(path: string): Entry | undefined {
    const e = this.entries.get(this.followed(path));
    return e?.type === 'symlink' ? undefined : e;
  }

  private existing(op: string, path: string): Entry {
    const e = this.resolve(path);
    if (!e) throw new RemoteFileError(this.host, op, path, 'ENOENT', 'no such file');
    return e;
  }

  private needDir(dir: string, op: string, path: string): void {
    const d = this.resolve(dir);
    if (!d) throw new RemoteFileError(this.host, op, path, 'ENOENT', `${dir} does not exist`);
    if (d.type !== 'directory') throw new RemoteFileError(this.host, op, path, 'EFAILURE', `${dir} is not a directory`);
  }
}

function statOf(e: Entry): FileStat {
  return { type: e.type, mode: e.mode, uid: e.uid, gid: e.gid, size: e.content.length, mtimeMs: e.mtimeMs };
}

function norm(path: string): string {
  if (!path.startsWith('/')) throw new Error(`fake host: paths are absolute, got ${JSON.stringify(path)}`);
  return posix.normalize(path).replace(/(.)\/+$/, '$1');
}

/** `kubelet` → `kubelet.service`, as systemctl reads a name without a suffix. */
export function unitName(name: string): string {
  return /\.[a-z]+$/.test(name) ? name : `${name}.service`;
}

/** A fake host from data (see FakeHostSpec). */
export function fakeHost(spec: FakeHostSpec = {}): FakeConnection {
  return new FakeConnection(spec);
}
