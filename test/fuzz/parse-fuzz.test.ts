// Fuzzing the loaders with the repository's own valid inputs, mutated (byte
// flips, lines deleted or doubled, indentation changed, keys renamed, values of
// other types): each loads, or fails with a RunbookError — nothing else escapes.
// Fixed seed and run count, so it is the same every time; RUNBOOK_FUZZ_SEED and
// RUNBOOK_FUZZ_RUNS explore further. The cases run in a worker thread that is
// stopped when one case takes longer than HANG_MS: a hang fails with that case.
import { expect } from 'chai';
import { Worker } from 'node:worker_threads';
import type { FuzzJob, FuzzMessage } from './fuzz-worker.js';

const SEED = Number(process.env.RUNBOOK_FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.RUNBOOK_FUZZ_RUNS ?? 30);
const HANG_MS = 15_000;

describe('fuzz: mutated playbooks and inventories load or fail with a RunbookError', () => {
  it(`${RUNS} mutations of each valid input (seed ${SEED})`, async function () {
    this.timeout(600_000);
    const job: FuzzJob = { seed: SEED, numRuns: RUNS };
    const done: Extract<FuzzMessage, { kind: 'done' }>[] = [];
    let count = 0;
    const failure = await new Promise<string | undefined>((resolve) => {
      const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), { workerData: job });
      let last: FuzzMessage | undefined;
      let watchdog: NodeJS.Timeout;
      const arm = (): void => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          void worker.terminate();
          resolve(`seed ${SEED}: a case ran over ${HANG_MS} ms: ${JSON.stringify(last)}`);
        }, HANG_MS);
      };
      arm();
      worker.on('message', (m: FuzzMessage) => {
        last = m;
        arm();
        if (m.kind === 'targets') count = m.count;
        if (m.kind === 'done') done.push(m);
        if (m.kind === 'failed') resolve(m.report);
      });
      worker.on('error', (err) =>
        resolve(`seed ${SEED}: the worker died: ${err.stack ?? String(err)}; last case ${JSON.stringify(last)}`),
      );
      worker.on('exit', () => {
        clearTimeout(watchdog);
        resolve(undefined);
      });
    });
    expect(failure, failure).to.equal(undefined);
    expect(done.map((d) => d.runs)).to.deep.equal(done.map(() => RUNS));
    expect(count).to.be.at.least(12);
    expect(done.length).to.equal(count);
    console.log(
      `      fuzz seed ${SEED}: ${done.map((d) => `${d.target} ${d.runs} runs, slowest ${d.slowestMs} ms`).join('; ')}`,
    );
  });
});
