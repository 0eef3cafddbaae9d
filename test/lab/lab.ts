// The lab: N real OpenSSH servers on 127.0.x.y:22, each in its own mount, UTS and PID
// namespace over an overlay of `/` (see DESIGN.md, "The lab"). Tests and benchmarks
// reach them with a generated key, known_hosts file and Ansible-style inventory.
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { trackHost, untrackLab } from './exit-cleanup.js';
import { leftLabCgroups, removeLabCgroups } from './host-cgroups.js';
import { generateKey, writeHostFiles, type HostSpec } from './host-files.js';
import {
  assertAddressFree,
  isHostLeader,
  killHosts,
  killPid,
  labProcesses,
  mountsUnder,
  spawnHost,
  waitForSshd,
} from './host-process.js';
import { labDir, nthAddress, TEST_LAB } from './paths.js';
import { prepareSudoUser, writeSudoUserFiles, type SudoUser } from './sudo-user.js';
import { ensureLabPrerequisites } from './system.js';

export interface LabOptions {
  hosts: number;
  /** Default `<repo>/.lab/test`. Anything already there is stopped and removed first. */
  dir?: string;
  /** Host names are `<prefix>1`, `<prefix>2`, …; default "node". */
  namePrefix?: string;
  /** Address of the first host; the others follow. Default 127.0.1.2 (see paths.ts). */
  firstAddress?: string;
  /** sshd_config keywords that replace the lab defaults, e.g. { MaxSessions: '4' }. */
  sshdOptions?: Record<string, string>;
  /** Kill the lab when this process exits (default true; the `up` CLI leaves it running). */
  stopOnExit?: boolean;
  /**
   * A non-root login on every host whose sudo asks for its password (default
   * `{ name: 'deploy' }`); false for none. Root login stays for the harness.
   */
  sudoUser?: false | { name?: string };
  /**
   * Hosts set up and started at once (default 32). A 1,000-host lab started all at
   * once would fork 1,000 ssh-keygen and unshare processes together on a 2-core
   * machine and time out waiting for its sshd's.
   */
  startConcurrency?: number;
}

export type LabHost = HostSpec;
export type { SudoUser } from './sudo-user.js';

export interface Lab {
  dir: string;
  hosts: LabHost[];
  /** Client private key (ed25519, no passphrase) authorized for root on every host. */
  keyFile: string;
  /** known_hosts with every host's key, OpenSSH format. */
  knownHostsFile: string;
  /** Ansible-style YAML inventory of the hosts (as root). */
  inventoryFile: string;
  /**
   * The sudo-with-password login on every host (same name, uid and password on
   * each), reached with `keyFile`; undefined when the lab was started without it.
   */
  sudoUser?: SudoUser;
  stop(): Promise<void>;
}

/** What a crashed run leaves for the next one: enough to find and kill its hosts. */
interface LabState {
  hosts: (LabHost & { pid: number })[];
}

const STATE_FILE = 'lab.json';
/** Written first: stopLab only ever deletes a directory that has it. */
const MARKER = '.runbook-lab';

export async function startLab(opts: LabOptions): Promise<Lab> {
  if (!Number.isInteger(opts.hosts) || opts.hosts < 1)
    throw new Error(`lab: hosts must be a positive integer, got ${opts.hosts}`);
  await ensureLabPrerequisites();
  const dir = resolve(opts.dir ?? labDir(TEST_LAB.dir));
  // The path goes into overlay mount options and a shell script.
  if (/[,:\s"'\\$`]/.test(dir)) throw new Error(`lab: directory path must not contain , : quotes or spaces: ${dir}`);
  await stopLab(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, MARKER), 'a runbook test lab; remove with `npm run lab -- down` or stopLab()\n');

  const prefix = opts.namePrefix ?? 'node';
  const first = opts.firstAddress ?? TEST_LAB.firstAddress;
  const hosts: LabHost[] = Array.from({ length: opts.hosts }, (_, i) => ({
    name: `${prefix}${i + 1}`,
    address: nthAddress(first, i),
    port: 22,
  }));
  const keyFile = join(dir, 'id_ed25519');
  const knownHostsFile = join(dir, 'known_hosts');
  const inventoryFile = join(dir, 'inventory.yaml');
  const spawned: LabState['hosts'] = [];
  const stop = async (): Promise<void> => {
    await stopLab(dir);
    untrackLab(dir);
  };

  let sudoUser: SudoUser | undefined;
  try {
    const clientKey = await generateKey(keyFile, 'runbook-lab');
    const prepared = opts.sudoUser === false ? undefined : await prepareSudoUser(opts.sudoUser?.name);
    if (prepared) sudoUser = { name: prepared.name, password: prepared.password, uid: prepared.uid, gid: prepared.gid };
    // allSettled: on a failure, stop only once no other host is still starting.
    const started = await settleEach(hosts, opts.startConcurrency ?? 32, async (host, i) => {
      const hostDir = join(dir, host.name);
      for (const sub of ['upper', 'work', 'merged']) await mkdir(join(hostDir, sub), { recursive: true });
      const hostKey = await writeHostFiles(join(hostDir, 'upper'), host, clientKey, opts.sshdOptions);
      if (prepared) await writeSudoUserFiles(join(hostDir, 'upper'), host, prepared, clientKey);
      await assertAddressFree(host);
      const proc = spawnHost(hostDir, host.name, dir);
      // Recorded before waiting, so a crash from here on still leaves a trail.
      if (opts.stopOnExit !== false) trackHost(dir, proc.pid);
      spawned[i] = { ...host, pid: proc.pid };
      // Sync, so the parallel host starts cannot interleave their writes.
      writeFileSync(
        join(dir, STATE_FILE),
        JSON.stringify({ hosts: spawned.filter(Boolean) } satisfies LabState, null, 2),
      );
      await waitForSshd(host, hostDir, proc);
      return hostKey;
    });
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const hostKeys = started.map((r) => (r as PromiseFulfilledResult<string>).value);
    await writeFile(knownHostsFile, hosts.map((h, i) => `${h.address} ${hostKeys[i]}\n`).join(''));
    await writeFile(inventoryFile, inventoryYaml(hosts, keyFile, knownHostsFile));
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { dir, hosts, keyFile, knownHostsFile, inventoryFile, sudoUser, stop };
}

/** Like Promise.allSettled over `items.map(fn)`, with at most `limit` calls in flight. */
async function settleEach<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function inventoryYaml(hosts: LabHost[], keyFile: string, knownHostsFile: string): string {
  const entries = Object.fromEntries(
    hosts.map((h) => [
      h.name,
      { ansible_host: h.address, ansible_port: h.port, ansible_user: 'root', ansible_ssh_private_key_file: keyFile },
    ]),
  );
  return (
    `# runbook lab inventory (generated by ` +
    `test/lab/lab.ts)\n${stringify({ all: { hosts: entries, vars: { runbook_known_hosts_file: knownHostsFile } } })}`
  );
}

/**
 * Stops whatever lab lives in `dir` (this run's or one a crashed run left) and removes
 * the directory. Kills each host's PID namespace, waits until no process of the lab is
 * left, removes the lab's cgroups, and refuses to delete anything while a mount under `dir` is still visible, or a
 * directory that is not a lab's.
 */
export async function stopLab(dir: string): Promise<void> {
  dir = resolve(dir);
  if (!existsSync(dir)) return;
  if (!existsSync(join(dir, MARKER)) && (await readdir(dir)).length > 0) {
    throw new Error(`lab: ${dir} is not a lab directory (no ${MARKER}); not touching it`);
  }
  const leaders = ((await readState(dir))?.hosts ?? []).map((h) => h.pid).filter((pid) => isHostLeader(pid, dir));
  killHosts(leaders);
  // Also whatever the state file does not know of (a crash before it was written).
  const start = Date.now();
  for (let left = labProcesses(dir); left.length > 0; left = labProcesses(dir)) {
    if (Date.now() - start > 10_000)
      throw new Error(`lab: processes of ${dir} survive SIGKILL: ${left.map((p) => p.pid).join(' ')}`);
    for (const p of left) if (!p.leader) killPid(p.pid);
    killHosts(left.filter((p) => p.leader).map((p) => p.pid));
    await new Promise((r) => setTimeout(r, 10));
  }
  // The containers' cgroups (host-cgroups.ts) empty as their processes die.
  for (let left = leftLabCgroups(dir); left.length > 0; left = leftLabCgroups(dir)) {
    if (Date.now() - start > 20_000) throw new Error(`lab: cgroups of ${dir} are still busy: ${left.join(', ')}`);
    removeLabCgroups(dir);
    if (leftLabCgroups(dir).length > 0) await new Promise((r) => setTimeout(r, 20));
  }
  const mounts = mountsUnder(dir);
  if (mounts.length > 0) throw new Error(`lab: refusing to remove ${dir}: still mounted here: ${mounts.join(', ')}`);
  await rm(dir, { recursive: true, force: true });
}

async function readState(dir: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** The state of the lab in `dir` for `status`: hosts with whether their process is alive. */
export async function labStatus(dir: string): Promise<{ host: LabHost; running: boolean }[] | undefined> {
  const state = await readState(resolve(dir));
  return state?.hosts.map(({ pid, ...host }) => ({ host, running: isHostLeader(pid, resolve(dir)) }));
}
