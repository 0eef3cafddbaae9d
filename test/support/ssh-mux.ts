// The OpenSSH client options that let the test harness's reads of lab hosts
// (onHost and the helpers built on it) share one connection per host, as an
// operator's `ControlMaster auto` does: a call then costs a session on an open
// connection, not a TCP connect, a key exchange and a forked sshd (about 0.5 s
// of wall time and 0.1 s of CPU on a loaded 2-core machine, hundreds of times a
// run). Only the harness shares: runbook's own transport and ansible-playbook's
// connections are what the tests measure, and stay as they are.
//
// Each Lab object gets its own sockets, so a lab restarted at the same address
// never reaches a master of the one before. A master ends with its host (the
// lab's stop kills its sessions), after 60 s unused, or when this process exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../lab/lab.js';

/** The OpenSSH client's options for a lab host: the lab's key, its known_hosts only, never a prompt. */
export function labSshOptions(l: Lab): string[] {
  return [
    '-i',
    l.keyFile,
    '-o',
    `UserKnownHostsFile=${l.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
  ];
}

/** A Unix socket path is at most 107 bytes; %C is 40. */
const MAX_SOCKET_DIR = 60;

let dir: string | undefined;
const ids = new WeakMap<Lab, number>();
let nextId = 1;

function socketDir(): string | undefined {
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'rb-mux-'));
    process.on('exit', () => stopMasters(made));
    dir = made;
  }
  return dir.length <= MAX_SOCKET_DIR ? dir : undefined;
}

/** `-o` options sharing one connection per host of `l`; none where the socket path would be too long. */
export function sharedConnectionArgs(l: Lab): string[] {
  const d = socketDir();
  if (!d) return [];
  let id = ids.get(l);
  if (id === undefined) {
    id = nextId++;
    ids.set(l, id);
  }
  return ['-o', 'ControlMaster=auto', '-o', `ControlPath=${d}/${id}-%C`, '-o', 'ControlPersist=60'];
}

/** The same call on a fresh connection of its own. */
export const ownConnectionArgs = ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];

/**
 * Whether an ssh that exited 255 failed in its shared connection (a master whose
 * host cut its sessions, not yet gone): the command never ran, and a fresh
 * connection may run it.
 */
export function sharedConnectionFailed(stderr: string): boolean {
  // OpenSSH's mux client says so in its own words (mux.c: "mux_client_…: read from master failed").
  return /^mux_client_\w+: |read from master failed/m.test(stderr);
}

/** Tells the ssh masters listening on these control sockets to exit. */
export function exitMasters(sockets: string[]): void {
  for (const socket of sockets)
    spawnSync('ssh', ['-o', `ControlPath=${socket}`, '-O', 'exit', 'lab-host'], { stdio: 'ignore' });
}

function stopMasters(d: string): void {
  try {
    exitMasters(readdirSync(d).map((socket) => join(d, socket)));
    rmSync(d, { recursive: true, force: true });
  } catch {
    // Exiting anyway: a master left over ends after 60 s unused, or with its lab.
  }
}
