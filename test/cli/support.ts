// Runs the real command line (the package's bin, test/support/cli-bin.ts) and returns what it printed.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cliMain } from '../support/cli-bin.js';

const main = cliMain();

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runbook(
  args: string[],
  o: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env };
  if (!o.env?.RUNBOOK_BECOME_PASSWORD) delete env.RUNBOOK_BECOME_PASSWORD;
  const r = spawnSync(process.execPath, [main, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env,
    input: o.input ?? '',
    cwd: o.cwd,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const noStackTrace = (text: string): void => {
  expect(text).not.to.match(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text).not.to.contain('internal error');
};
