// SIMULATION, test support only: the few things the hook programs do on a lab
// host — read files, run a command, ask the systemctl stand-in, record state.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** A JSON file's value; null when it is missing or not JSON. */
export function readJson<T = Record<string, unknown>>(path: string): T | null {
  try {
    return JSON.parse(readText(path) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

export interface Ran {
  rc: number;
  out: string;
  err: string;
}

export function run(cmd: string, args: string[]): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return { rc: 127, out: '', err: `${cmd}: ${r.error.message}` };
  return { rc: r.status ?? 1, out: r.stdout, err: r.stderr };
}

/** Whether the systemctl stand-in has the unit active (its main process alive). */
export function isActive(unit: string): boolean {
  try {
    return execFileSync('systemctl', ['is-active', unit], { encoding: 'utf8' }).trim() === 'active';
  } catch {
    return false;
  }
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Lines the unit's journal shows (the systemctl stand-in stamps what a hook prints). */
export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** "1.19.11" >= "1.24": compares major.minor only. */
export function atLeast(version: string, minor: string): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  const [c = 0, d = 0] = minor.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/**
 * A running kubelet notices its runtime come up (`started`) or fail to: kubelet.ts
 * re-decides Ready from the flags it started with and reports it.
 */
export function resyncKubelet(started?: string): void {
  if (isActive('kubelet'))
    run('node', [fileURLToPath(new URL('./kubelet.js', import.meta.url)), 'resync', ...(started ? [started] : [])]);
}
