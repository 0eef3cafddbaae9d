// `npm test`: the whole suite as two mocha runs at once ("lanes"), each with its
// own lab, as two engineers' runs share one machine today. Lane 2 takes the
// heavy files that start their own simulated cluster or drive ansible-playbook
// (LANE2 below); lane 1 runs every other file, in the usual order. Much of
// those files' time is waiting (kubelet stand-ins, drains, daemons starting),
// so the lanes overlap it.
//
// Lane 2's lab is `lane2-<lab name>` (not `<lab name>-…`: lane 1 clears those
// at start) at the addresses 512 after the run's own (RUNBOOK_LAB_FIRST_ADDRESS,
// RUNBOOK_E2E_FIRST_ADDRESS, defaults 127.0.1.2 and 127.0.4.2): 127.0.3.2 and
// 127.0.6.2 by default. RUNBOOK_TEST_LANES=1 runs everything in one mocha run.
// Files given as arguments (dist/test/…/x.test.js) are run instead of the suite,
// split between the lanes the same way.
// Lane 1's output streams; lane 2's is printed, whole, once it ends.
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
  // Balance: with the corpus's ansible-playbook runs sharing their ssh connections, lane 1
  // still held ~230 s more than lane 2 (docs/testing.md, "Where the time goes").
  'dist/test/ansible-corpus-files.test.js',
];
const LANE_OFFSET = 512;

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
  const env2 = {
    ...process.env,
    RUNBOOK_LAB_NAME: `lane2-${name}`,
    RUNBOOK_LAB_FIRST_ADDRESS: nthAddress(lab, LANE_OFFSET),
    RUNBOOK_E2E_FIRST_ADDRESS: nthAddress(e2e, LANE_OFFSET),
  };
  // Files named on the command line are split the same way (a sample of the suite, to time the lanes).
  const files = process.argv.slice(2);
  const inLane2 = picomatch(LANE2);
  const lane1 = files.length ? files.filter((f) => !inLane2(f)) : [ALL, ...LANE2.flatMap((g) => ['--ignore', g])];
  const lane2 = files.length ? files.filter((f) => inLane2(f)) : LANE2;
  if (lane1.length === 0 || lane2.length === 0) return (await runLane(files, process.env, true).done).code;
  const one = runLane(lane1, process.env, true);
  const two = runLane(lane2, env2, false);
  // Ctrl-C or a CI timeout: both lanes stop their labs on their way out.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      one.stop(signal);
      two.stop(signal);
    });
  }
  const [r1, r2] = await Promise.all([one.done, two.done]);
  process.stdout.write(`\n===== lane 2 (${lane2.join(' ')}) =====\n${r2.output}`);
  process.stdout.write(
    `\nlane 1: exit ${r1.code} in ${r1.seconds.toFixed(0)} s; lane 2: exit ${r2.code} in ${r2.seconds.toFixed(0)} s\n`,
  );
  return r1.code !== 0 ? r1.code : r2.code;
}

process.exitCode = await main();
