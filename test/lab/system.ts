// What the machine must offer before a lab can start. Fails with a message that says
// what is missing; installs the Debian packages the hosts need (openssh-server,
// sudo for become tests) itself, because CI starts from a bare machine.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';

let checked: Promise<void> | undefined;

/** Checks once per process: root, unshare, overlayfs, sshd and ssh-keygen (installed if missing). */
export function ensureLabPrerequisites(): Promise<void> {
  checked ??= check().catch((err: unknown) => {
    checked = undefined;
    throw err;
  });
  return checked;
}

async function check(): Promise<void> {
  if (process.platform !== 'linux')
    throw new Error(`lab: needs Linux (namespaces, overlayfs); this is ${process.platform}`);
  if (process.getuid?.() !== 0) {
    throw new Error('lab: must run as root (it mounts overlays in private mount namespaces); run the tests as root');
  }
  await run('unshare', ['--version']).catch(() => {
    throw new Error('lab: `unshare` (util-linux) is not available; install util-linux');
  });
  if (!/\boverlay\n/.test(readFileSync('/proc/filesystems', 'utf8'))) {
    await run('modprobe', ['overlay']).catch(() => {
      throw new Error('lab: the kernel has no overlayfs (not in /proc/filesystems and `modprobe overlay` failed)');
    });
  }
  const missing = Object.entries(PACKAGES)
    .filter(([, files]) => files.some((f) => !existsSync(f)))
    .map(([pkg]) => pkg);
  if (missing.length > 0) await installPackages(missing);
}

/** Debian package → files the lab needs from it. */
const PACKAGES: Record<string, string[]> = {
  'openssh-server': [SSHD, '/usr/bin/ssh-keygen'],
  sudo: ['/usr/bin/sudo'],
  containerd: ['/usr/bin/containerd'],
};

async function installPackages(packages: string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const step = async (args: string[]): Promise<void> => {
    try {
      await run('apt-get', args, { env, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(
        `lab: ${packages.join(', ')} missing and \`apt-get ${args.join(' ')}\` failed: ${e.stderr?.trim() || e.message}`,
      );
    }
  };
  await step(['update']);
  await step(['install', '-y', ...packages]);
  for (const pkg of packages) {
    const absent = PACKAGES[pkg]?.find((f) => !existsSync(f));
    if (absent) throw new Error(`lab: installed ${pkg} but ${absent} is still missing`);
  }
}
