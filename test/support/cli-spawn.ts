// The command line run as a child that does not block this process: the
// control-plane stand-in answers kubectl from here, so spawnSync would hang it.
import { spawn } from 'node:child_process';
import { repoRoot } from '../lab/paths.js';
import { cliMain } from './cli-bin.js';

/** `runbook ARGS` with RUNBOOK_HOME=home, from the repository; stderr goes to the test's. */
export function runbookInHome(args: string[], home: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain(), ...args], {
      cwd: repoRoot(),
      env: { ...process.env, RUNBOOK_HOME: home },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}
