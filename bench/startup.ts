// Start-up cost: `runbook --version`, and a no-op playbook (a play with no task)
// through `runbook apply`. With hyperfine when it is installed (Debian's
// `hyperfine`), else the median of repeated timings here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../test/lab/paths.js';
import { cliMain } from '../test/support/cli-bin.js';
import { markdown } from './table.js';

const RUNS = 30;

export async function startupTable(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    const inventory = join(dir, 'hosts.yaml');
    writeFileSync(inventory, 'all:\n  hosts:\n    node1: { ansible_host: 127.0.0.1 }\n');
    const main = cliMain();
    const node = process.execPath;
    const cases: [string, string[]][] = [
      ['node -e 0 (Node itself)', [node, '-e', '0']],
      ['runbook --version', [node, main, '--version']],
      [
        'runbook apply (no-op playbook)',
        [node, main, 'apply', join(repoRoot(), 'bench/playbooks/noop.yaml'), '-i', inventory, '--plain'],
      ],
    ];
    const hyperfine = existsSync('/usr/bin/hyperfine');
    const rows = cases.map(([label, argv]) => {
      const ms = hyperfine ? viaHyperfine(argv, dir) : viaRepeats(argv);
      return [
        label,
        `\`${argv
          .slice(1)
          .join(' ')
          .replaceAll(repoRoot() + '/', '')
          .replaceAll(dir, '$TMP')}\``,
        ms.median.toFixed(0),
        ms.min.toFixed(0),
        ms.cpu.toFixed(0),
      ];
    });
    return (
      `${hyperfine ? `hyperfine, ${RUNS} runs after 3 warm-ups` : `${RUNS} runs, timed here`}: median and fastest wall time, and the mean CPU ` +
      `(user + system) of a run, in ms. On a shared machine the fastest run and the CPU say more than the median.\n\n` +
      markdown(['what', 'command', 'median ms', 'min ms', 'CPU ms'], rows)
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Timing {
  median: number;
  min: number;
  cpu: number;
}

function viaHyperfine(argv: string[], dir: string): Timing {
  const json = join(dir, 'hf.json');
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  execFileSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(RUNS), '--export-json', json, quoted], {
    stdio: 'ignore',
  });
  const r = (
    JSON.parse(readFileSync(json, 'utf8')) as {
      results: { median: number; min: number; user: number; system: number }[];
    }
  ).results[0]!;
  return { median: r.median * 1000, min: r.min * 1000, cpu: (r.user + r.system) * 1000 };
}

function viaRepeats(argv: string[]): Timing {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`bench: ${argv.join(' ')} exited ${r.status}`);
    if (i >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  // Without hyperfine there is no CPU figure (a child's CPU is not in this process's usage).
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, cpu: Number.NaN };
}
