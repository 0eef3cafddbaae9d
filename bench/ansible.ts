// ansible-playbook as the bench runs it: Debian's ansible-core (installed here when
// missing), pipelining on, ControlPersist with a control-path directory of this run
// only (an old master could outlive a lab host and talk to the next one on its
// address), forks = the host count, no fact gathering.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';

export function ensureAnsible(): string {
  if (!existsSync(ANSIBLE_PLAYBOOK)) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    process.stderr.write("bench: installing Debian's ansible-core (apt-get)…\n");
    execFileSync('apt-get', ['update'], { env, stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'ansible-core'], { env, stdio: 'ignore' });
  }
  return execFileSync(ANSIBLE_PLAYBOOK, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
}

export interface AnsibleSetup {
  /** Environment for ansible-playbook: ANSIBLE_CONFIG and its own homes. */
  env: NodeJS.ProcessEnv;
  controlPathDir: string;
}

/** Writes ansible.cfg and private directories under `dir`. */
export function ansibleSetup(dir: string, forks: number, knownHostsFile: string): AnsibleSetup {
  const controlPathDir = join(dir, 'cp');
  for (const d of [controlPathDir, join(dir, 'home'), join(dir, 'tmp')]) mkdirSync(d, { recursive: true });
  const cfg = join(dir, 'ansible.cfg');
  writeFileSync(
    cfg,
    [
      '[defaults]',
      `forks = ${forks}`,
      'gathering = explicit',
      'host_key_checking = True',
      // Named, so no interpreter discovery round trip (runbook needs no remote Python at all).
      'interpreter_python = /usr/bin/python3',
      'retry_files_enabled = False',
      `local_tmp = ${join(dir, 'tmp')}`,
      '',
      '[ssh_connection]',
      'pipelining = True',
      `control_path_dir = ${controlPathDir}`,
      `ssh_args = -o ControlMaster=auto -o ControlPersist=120s -o UserKnownHostsFile=${knownHostsFile} -o StrictHostKeyChecking=yes`,
      '',
    ].join('\n'),
  );
  return {
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_HOME: join(dir, 'home'), ANSIBLE_NOCOLOR: '1' },
    controlPathDir,
  };
}

/** Ends the ControlPersist masters of this run only: ssh processes whose command line names its control-path directory. */
export function stopControlMasters(controlPathDir: string): number {
  let killed = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // A master renames itself "ssh: <control path> [mux]".
      if (/(^|\/)ssh(:|$)/.test(argv[0] ?? '') && argv.some((a) => a.includes(controlPathDir))) {
        process.kill(Number(entry), 'SIGTERM');
        killed++;
      }
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}
