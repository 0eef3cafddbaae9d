// SIMULATION of a machine's reset and boot after `shutdown -r` (the stand-in
// test/lab/sim/shutdown, which only writes the request): a small process beside the tests
// that, a second after a host asked (the command answers first, as systemd's does; later
// when the request names a delay), ends the host's PID namespace from outside, starts the
// host again (same address, keys and overlay: its /run and /tmp are new, as after a boot),
// and gives it a new boot_id. The kernel is the machine's, so
// /proc/sys/kernel/random/boot_id is covered, in the new host's own mount namespace, with a
// fresh UUID; until that mount is made (just after sshd answers) a reader sees the
// machine's id, which is not the host's last one either way.
// Run as a process of its own (`watchReboots`), so it works while a test waits on a
// child process (spawnSync); it ends with the process that started it.
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killHost } from '../host-faults.js';
import { spawnHost, waitForSshd } from '../host-process.js';
import type { Lab } from '../lab.js';
import type { HostSpec } from '../host-files.js';

// Only read from here: a file of the upper layer changed under the mounted overlay may
// stay unseen inside the host (and the reverse). Each request is a new file.
const requests = (labDir: string, name: string): string[] => {
  try {
    return readdirSync(join(labDir, name, 'upper/var/lib/sim-reboot')).filter((f) => f.startsWith('request.'));
  } catch {
    return [];
  }
};

/**
 * Starts the restarter for one host of `lab`, once it watches (it has read the requests
 * already there, which it leaves alone): a reboot asked before that would be taken for an
 * old one and never acted on. Resolves to the function that stops it.
 */
export function watchReboots(lab: Lab, name: string): Promise<() => void> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), lab.dir, name, String(process.pid)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(() => child.kill()));
    child.once('exit', (code) => reject(new Error(`reboot-watch for ${name} ended (exit ${code}) before it watched`)));
  });
}

/** How many times the restarter brought the host back (counted in <lab dir>/<host>.boots). */
export function bootsOf(lab: Lab, name: string): number {
  const file = join(lab.dir, `${name}.boots`);
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '').length
    : 0;
}

async function watch(labDir: string, name: string, parent: number): Promise<void> {
  const state = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8')) as { hosts: HostSpec[] };
  const host = state.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`reboot-watch: no host ${name} in ${labDir}`);
  const hostDir = join(labDir, name);
  const done = new Set(requests(labDir, name));
  process.stdout.write('watching\n');
  while (alive(parent) && existsSync(labDir)) {
    const asked = requests(labDir, name).filter((r) => !done.has(r));
    if (asked.length > 0) {
      const delayS = Math.max(...asked.map((r) => delayOf(join(hostDir, 'upper/var/lib/sim-reboot', r))));
      await new Promise((r) => setTimeout(r, (delayS + 1) * 1000));
      for (const r of asked) done.add(r);
      if (!requests(labDir, name).some((r) => asked.includes(r))) continue; // shutdown -c
      await killHost({ dir: labDir, hosts: state.hosts } as unknown as Lab, name);
      const proc = spawnHost(hostDir, name, labDir);
      await waitForSshd(host, hostDir, proc);
      // Counted before the new boot id shows: a run that sees the new id finds the boot counted.
      appendFileSync(join(labDir, `${name}.boots`), `${Date.now()}\n`);
      newBootId(labDir, host);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The seconds a request file names (0 when it is gone: `shutdown -c`). */
function delayOf(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function newBootId(labDir: string, host: HostSpec): void {
  execFileSync('ssh', [
    '-i',
    join(labDir, 'id_ed25519'),
    '-o',
    `UserKnownHostsFile=${join(labDir, 'known_hosts')}`,
    '-o',
    'BatchMode=yes',
    '-p',
    String(host.port),
    `root@${host.address}`,
    'cat /proc/sys/kernel/random/uuid > /run/sim-boot_id && mount --bind /run/sim-boot_id /proc/sys/kernel/random/boot_id',
  ]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [labDir = '', name = '', parent = '0'] = process.argv.slice(2);
  watch(labDir, name, Number(parent)).catch((err: unknown) => {
    console.error(`reboot-watch: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
