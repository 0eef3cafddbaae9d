// Test support: the real kubectl on the test machine, pointed at a stand-in.
// Its discovery cache goes to a temp dir, not this machine's ~/.kube.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from './index.js';

export interface KubectlRun {
  rc: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function kubectlFor(cp: ControlPlane): (...args: string[]) => Promise<KubectlRun> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-sim-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), cp.kubeconfigText);
  return (...args) =>
    new Promise((resolve) => {
      const started = Date.now();
      const argv = [`--kubeconfig=${join(dir, 'kubeconfig')}`, `--cache-dir=${join(dir, 'cache')}`, ...args];
      execFile('kubectl', argv, { timeout: 60_000 }, (err, stdout, stderr) => {
        const rc = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ rc, stdout, stderr, ms: Date.now() - started });
      });
    });
}
