// The 2-second wall-time target for every malformed input, outside the test
// suite (where other work on a shared machine would make it flake): run it on a
// quiet machine after a build, `node dist/test/malformed/wall-time.js [id…]`.
// Prints each case's wall and CPU time; exits 1 when one took 2 s or more.
// Cases that need the lab (a real run) are left out.
import { rmSync } from 'node:fs';
import { layOut, loadCases, problems, runCase } from './cases.js';

const TARGET_MS = 2000;
const only = new Set(process.argv.slice(2));
const { defaults, cases } = loadCases();
let slow = 0;
for (const c of cases) {
  if (c.lab || c.needs_non_root || (only.size > 0 && !only.has(c.id))) continue;
  const dir = layOut(c, defaults);
  try {
    const r = runCase(c, dir, undefined);
    const wrong = problems(c, r);
    const over = r.wallMs >= TARGET_MS;
    if (over) slow++;
    console.log(
      `${over ? 'SLOW' : 'ok  '} ${String(Math.round(r.wallMs)).padStart(5)} ms wall ` +
        `${String(Math.round(r.cpuMs)).padStart(5)} ms cpu  ` +
        `${c.id}${wrong.length ? `  (${wrong.join('; ')})` : ''}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(slow === 0 ? `every case under ${TARGET_MS} ms` : `${slow} case(s) took ${TARGET_MS} ms or more`);
process.exitCode = slow === 0 ? 0 : 1;
