// Puts the lab's service stand-ins into one host's overlay upper layer, so every host
// gets its own copy at start. The scripts live beside this file in the source tree
// (tsc does not copy them into dist/), hence the path from the repository root.
import { chmod, chown, copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';

/** Host path → script in test/lab/sim/. /usr/local/bin comes before /usr/bin on the hosts' PATH. */
const STAND_INS: Record<string, string> = {
  '/usr/local/bin/systemctl': 'systemctl',
  // Kernel settings and modules: hosts share the machine's kernel (sysctl, modprobe, lsmod).
  '/usr/local/bin/sysctl': 'sysctl',
  '/usr/local/bin/modprobe': 'modprobe',
  '/usr/local/bin/lsmod': 'lsmod',
  // A reboot restarts only the host (Ansible's reboot looks in /sbin and /usr/sbin first).
  '/usr/sbin/shutdown': 'shutdown',
  '/usr/sbin/reboot': 'shutdown',
};

export async function installSimulations(upper: string): Promise<void> {
  // The directories the copies shadow keep the machine's mode and owner.
  for (const dir of ['/usr', '/usr/local', '/usr/local/bin', '/usr/sbin']) {
    const lower = await stat(dir);
    await mkdir(join(upper, dir), { recursive: true });
    await chmod(join(upper, dir), lower.mode & 0o7777);
    await chown(join(upper, dir), lower.uid, lower.gid);
  }
  for (const [hostPath, script] of Object.entries(STAND_INS)) {
    const dest = join(upper, hostPath);
    await copyFile(join(repoRoot(), 'test/lab/sim', script), dest);
    await chmod(dest, 0o755);
  }
}
