// The malformed-input corpus (cases.yaml): each case's files laid out in a fresh
// directory, the built CLI run on them as a child process, and what an
// operator must get back checked: the exit code, one screen of output naming
// the file (and line), no stack trace, no terminal control characters.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generate, type GenerateSpec } from './generators.js';
import { cliMain } from '../support/cli-bin.js';

const root = join(import.meta.dirname, '..', '..', '..');
const main = cliMain();
const cpuReport = join(import.meta.dirname, 'cpu-report.js');

type FileSpec = string | { latin1: string } | { symlink: string } | { dir: true } | GenerateSpec;

export interface MalformedCase {
  id: string;
  about: string;
  files?: Record<string, FileSpec>;
  args: string[];
  /** 1 unless said (2: a host failed, for what only a run can find). */
  exit?: number;
  /** `file:line:col`, `file:line`, or `file` with `no_line` saying why there is none. */
  at: string;
  no_line?: string;
  /** A phrase of the message. */
  says: string;
  /** Why the message has no hint (a gap to close in the file named): every other case must show one. */
  no_hint?: string;
  /** Runs against the lab: `{lab}` in args is its inventory. */
  lab?: boolean;
  /** Only meaningful when not root (root reads a chmod 000 file). */
  needs_non_root?: boolean;
  /** chmod this file 000 after writing it. */
  unreadable?: string;
}

interface Manifest {
  defaults: Record<string, string>;
  cases: MalformedCase[];
}

export function loadCases(): Manifest {
  return parse(readFileSync(join(root, 'test', 'malformed', 'cases.yaml'), 'utf8')) as Manifest;
}

export interface CaseRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** The child's own CPU time (user + system), which other load on the machine barely changes. */
  cpuMs: number;
  /** The child's peak resident memory, KiB. */
  peakKb: number;
  timedOut: boolean;
}

/** Writes the case's files (over the defaults) into a new directory. */
export function layOut(c: MalformedCase, defaults: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `runbook-malformed-${c.id}-`));
  for (const [path, spec] of Object.entries({ ...defaults, ...c.files })) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof spec === 'string') writeFileSync(full, spec);
    else if ('latin1' in spec) writeFileSync(full, Buffer.from(spec.latin1, 'latin1'));
    else if ('symlink' in spec) symlinkSync(spec.symlink, full);
    else if ('dir' in spec) mkdirSync(full, { recursive: true });
    else writeFileSync(full, generate(spec));
  }
  return dir;
}

/** A hang is a failure too: the child is killed after `limitMs`. */
export function runCase(c: MalformedCase, dir: string, labInventory: string | undefined, limitMs = 30_000): CaseRun {
  const args = c.args.map((a) => a.replace('{lab}', labInventory ?? '{lab}'));
  const cpuFile = join(dir, '.cpu-ms');
  const env: NodeJS.ProcessEnv = { ...process.env, RUNBOOK_CPU_FILE: cpuFile, NO_COLOR: '1' };
  delete env.RUNBOOK_BECOME_PASSWORD;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', cpuReport, main, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: limitMs,
    env,
    input: '',
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  let [cpuMs, peakKb] = [NaN, NaN];
  try {
    [cpuMs, peakKb] = readFileSync(cpuFile, 'utf8').split(' ').map(Number) as [number, number];
  } catch {
    // killed before it could say
  }
  return {
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    wallMs,
    cpuMs,
    peakKb,
    timedOut: r.error !== undefined,
  };
}

export const MAX_LINES = 25;
const MAX_CHARS = 4000;

/** Everything wrong with how the CLI answered this case (empty: it answered as it should). */
export function problems(c: MalformedCase, r: CaseRun): string[] {
  const out: string[] = [];
  const text = r.stdout + r.stderr;
  if (r.timedOut) out.push('did not finish (killed)');
  if (r.code !== (c.exit ?? 1)) out.push(`exit code ${r.code}, expected ${c.exit ?? 1}`);
  // Where the message is: validate prints its findings as its report (stdout); everything else is an error on stderr.
  const report = c.args[0] === 'validate' || c.args.includes('--syntax-check') || c.exit === 2;
  const shown = report ? text : r.stderr;
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length > MAX_LINES) out.push(`${lines.length} lines of output, more than one screen (${MAX_LINES})`);
  if (text.length > MAX_CHARS) out.push(`${text.length} characters of output`);
  if (!shown.includes(c.at.replace(/^\.\//, ''))) out.push(`does not name ${c.at}`);
  if (!/:\d+/.test(c.at) && !c.no_line) out.push('case names no line and does not say why (no_line)');
  if (!shown.toLowerCase().includes(c.says.toLowerCase())) out.push(`does not say "${c.says}"`);
  const hinted = /^\s*hint: \S/m.test(shown) || shown.includes('(see --help)');
  if (!hinted && !c.no_hint) out.push('gives no hint');
  if (hinted && c.no_hint) out.push('now gives a hint: drop no_hint from the case');
  if (/^\s+at .+:\d+:\d+\)?$/m.test(text) || text.includes('node:internal')) out.push('prints a stack trace');
  if (/internal error/.test(text)) out.push('reports an internal error');
  if (/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(text)) out.push('prints control characters');
  if (/[\u200E\u200F\u202A-\u202E\u2066-\u2069]/.test(text))
    out.push('prints bidirectional controls (text that reads otherwise than it is)');
  return out;
}
