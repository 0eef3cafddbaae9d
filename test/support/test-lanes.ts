// `npm test`: the whole suite as three mocha runs at once ("lanes"), each with
// its own lab. Lane 2 takes the files that start their own simulated cluster or
// drive ansible-playbook over the shared corpus (LANE2 below), lane 3 the rest of
// the corpus under both engines (LANE3); lane 1 runs every other file, in the
// usual order. Much of those files' time is waiting (kubelet stand-ins, drains,
// daemons starting, ssh round trips), so the lanes overlap it.
//
// Lane N's lab is `laneN-<lab name>` (not `<lab name>-…`: lane 1 clears those
// at start) at addresses after the run's own (RUNBOOK_LAB_FIRST_ADDRESS,
// RUNBOOK_E2E_FIRST_ADDRESS, defaults 127.0.1.2 and 127.0.4.2; LANE_OFFSETS).
// RUNBOOK_TEST_LANES=1 runs everything in one mocha run. Files given as
// arguments (dist/test/…/x.test.js) are run instead of the suite, split between
// the lanes the same way. Lane 1's output streams; the others' are printed,
// whole, once they end.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import picomatch from 'picomatch';
import { nthAddress, repoRoot, TEST_LAB } from '../lab/paths.js';

const ALL = 'dist/test/**/*.test.js';
/** Self-contained: each starts its own cluster or labs, and none needs another file's state. */
export const LANE2 = [
  'dist/test/e2e/**/*.test.js',
  'dist/test/report/migration-report.test.js',
  'dist/test/ansible-corpus-both-engines.test.js',
  'dist/test/ansible-corpus-semantics.test.js',
];
/**
 * The rest of the corpus under both engines (ansible-playbook and runbook on
 * their own lab hosts, case after case), the simulated nodes and k8s_node
 * against the simulated control plane. Mostly waiting (ssh round trips, stand-ins
 * polling), so a third lane shortens the suite although the machine has two cores.
 */
export const LANE3 = [
  'dist/test/ansible-corpus-files.test.js',
  'dist/test/ansible-corpus-free.test.js',
  'dist/test/ansible-corpus-handlers.test.js',
  'dist/test/ansible-corpus-kubespray.test.js',
  'dist/test/ansible-corpus-language.test.js',
  'dist/test/ansible-corpus-node.test.js',
  'dist/test/ansible-corpus-packages.test.js',
  'dist/test/ansible-corpus-playbook-lang.test.js',
  'dist/test/ansible-corpus-roles.test.js',
  'dist/test/ansible-corpus-script.test.js',
  'dist/test/ansible-corpus-synchronize.test.js',
  'dist/test/ansible-corpus-roles-run.test.js',
  'dist/test/ansible-corpus-system.test.js',
  'dist/test/ansible-corpus-unarchive.test.js',
  'dist/test/ansible-corpus-peer-modules.test.js',
  'dist/test/ansible-corpus-peer-modules-2.test.js',
  'dist/test/ansible-corpus-backups.test.js',
  'dist/test/ansible-corpus-check-diff.test.js',
  'dist/test/ansible-corpus-sys-options.test.js',
  'dist/test/ansible-corpus-lookups.test.js',
  // Balance (the fresh-clone CI of 2026-12-07: lane 1 840 s, lane 2 812 s, lane 3 273 s): the
  // simulated nodes and k8s_node against the simulated control plane, ~200 s, and the files corpus
  // (~170 s, from lane 2) move here. reboot stays in lane 1: beside the simulated clusters its host
  // twice missed its 120 s boot wait (not yet understood; it passes in lane 1).
  'dist/test/sim/*.test.js',
  'dist/test/modules/k8s-node*.test.js',
];
const EXTRA_LANES = [LANE2, LANE3];
/**
 * How far after lane 1's addresses each lane's labs start: lane 2 at +512
 * (127.0.3.2 and 127.0.6.2 by default), lane 3 at +2048 (127.0.9.2 and
 * 127.0.12.2), clear of every other lane's hosts and simulated clusters.
 */
const LANE_OFFSETS: Readonly<Record<number, number>> = { 2: 512, 3: 2048 };

interface LaneResult {
  code: number;
  output: string;
  seconds: number;
}

function runLane(
  args: string[],
  env: NodeJS.ProcessEnv,
  stream: boolean,
): { done: Promise<LaneResult>; stop: (signal: NodeJS.Signals) => void } {
  const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
  const started = Date.now();
  const out = stream ? 'inherit' : 'pipe';
  const child = spawn(process.execPath, [mocha, ...args], { cwd: repoRoot(), env, stdio: ['ignore', out, out] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => chunks.push(b));
  child.stderr?.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<LaneResult>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({
        code: code ?? (signal ? 1 : 0),
        output: Buffer.concat(chunks).toString('utf8'),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
  return { done, stop: (signal) => child.kill(signal) };
}

async function main(): Promise<number> {
  if (process.env.RUNBOOK_TEST_LANES === '1')
    return (await runLane(process.argv.length > 2 ? process.argv.slice(2) : [ALL], process.env, true).done).code;
  const name = process.env.RUNBOOK_LAB_NAME ?? TEST_LAB.dir;
  const lab = process.env.RUNBOOK_LAB_FIRST_ADDRESS ?? TEST_LAB.firstAddress;
  const e2e = process.env.RUNBOOK_E2E_FIRST_ADDRESS ?? '127.0.4.2';
  const envOf = (n: number): NodeJS.ProcessEnv => ({
    ...process.env,
    RUNBOOK_LAB_NAME: `lane${n}-${name}`,
    RUNBOOK_LAB_FIRST_ADDRESS: nthAddress(lab, LANE_OFFSETS[n]!),
    RUNBOOK_E2E_FIRST_ADDRESS: nthAddress(e2e, LANE_OFFSETS[n]!),
  });
  // Files named on the command line are split the same way (a sample of the suite, to time the lanes).
  const files = process.argv.slice(2);
  const extra = EXTRA_LANES.map((globs) => {
    const inLane = picomatch(globs);
    return files.length ? files.filter((f) => inLane(f)) : globs;
  });
  const elsewhere = picomatch(EXTRA_LANES.flat());
  const lane1 = files.length
    ? files.filter((f) => !elsewhere(f))
    : [ALL, ...EXTRA_LANES.flat().flatMap((g) => ['--ignore', g])];
  const lanes = [lane1, ...extra].map((args, i) => ({ n: i + 1, args })).filter((l) => l.args.length > 0);
  if (lanes.length === 1) return (await runLane(files, process.env, true).done).code;
  // Lane 1's output streams; the others' are printed, whole, once they end.
  const runs = lanes.map((l) => ({ ...l, run: runLane(l.args, l.n === 1 ? process.env : envOf(l.n), l.n === 1) }));
  // Ctrl-C or a CI timeout: every lane stops its lab on its way out.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const r of runs) r.run.stop(signal);
    });
  }
  const results = await Promise.all(runs.map((r) => r.run.done));
  runs.forEach((r, i) => {
    if (r.n !== 1) process.stdout.write(`\n===== lane ${r.n} (${r.args.join(' ')}) =====\n${results[i]!.output}`);
  });
  const times = runs.map((r, i) => `lane ${r.n}: exit ${results[i]!.code} in ${results[i]!.seconds.toFixed(0)} s`);
  process.stdout.write(`\n${times.join('; ')}\n`);
  return results.find((r) => r.code !== 0)?.code ?? 0;
}

process.exitCode = await main();
