// The real command line for connection tests: a chosen environment (HOME,
// SSH_AUTH_SOCK, RUNBOOK_KEY_PASSPHRASE), --plain and --json, stdin as given.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent, TaskResult } from '../../src/engine/events.js';
import { nthAddress, TEST_LAB } from '../lab/paths.js';
import { cliMain } from './cli-bin.js';

const main = cliMain();

export interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  json: string;
  events: RunEvent[];
  /** Results of the task with this name, by host. */
  task(name: string): Map<string, TaskResult>;
}

/** An empty home directory (no ~/.ssh/config, keys or known_hosts) unless files are put in it. */
export function emptyHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'runbook-home-'));
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  return home;
}

/**
 * Runs `runbook apply …args` with HOME=`home` and no agent or passphrase
 * variables but those in `env`.
 */
export function runbookCli(args: string[], o: { home: string; env?: Record<string, string>; input?: string }): Cli {
  const json = join(o.home, `events-${Math.random().toString(36).slice(2)}.jsonl`);
  const env: Record<string, string | undefined> = { ...process.env, HOME: o.home, ...o.env };
  for (const k of ['SSH_AUTH_SOCK', 'RUNBOOK_KEY_PASSPHRASE', 'RUNBOOK_BECOME_PASSWORD'])
    if (!o.env?.[k]) delete env[k];
  const r = spawnSync(process.execPath, [main, 'apply', ...args, '--plain', '--json', json], {
    encoding: 'utf8',
    timeout: 120_000,
    env,
    input: o.input ?? '',
  });
  const text = existsSync(json) ? readFileSync(json, 'utf8') : '';
  const events =
    text.trim() === ''
      ? []
      : text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as RunEvent);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: text,
    events,
    task(name) {
      const out = new Map<string, TaskResult>();
      for (const e of events) if (e.kind === 'task-result' && e.task === name) out.set(e.result.host, e.result);
      return out;
    },
  };
}

/**
 * Where a test's own extra lab lives: `<lab name>-<suffix>` at the `offset`-th
 * address of this run's range, so parallel runs with their own
 * RUNBOOK_LAB_NAME/RUNBOOK_LAB_FIRST_ADDRESS never meet.
 */
export function extraLabSpot(suffix: string, offset: number): { name: string; firstAddress: string } {
  const name = process.env.RUNBOOK_LAB_NAME ?? TEST_LAB.dir;
  return {
    name: `${name}-${suffix}`,
    firstAddress: nthAddress(process.env.RUNBOOK_LAB_FIRST_ADDRESS ?? TEST_LAB.firstAddress, offset),
  };
}
