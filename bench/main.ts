// `npm run bench`: runbook against ansible-playbook and the ssh2 floor on N lab
// hosts (N = 10, 50, 200 unless --hosts says), runbook's start-up, and the
// containerd migration's re-run on the simulated cluster. Never part of the tests.
//   --hosts 10,50      host counts          --no-ansible    runbook and floor only
//   --only compare|startup|migration|migration-cost|scale  --scale 1000,2000 hosts for the scale run
//   --forks 50,200    --forks values of the scale run (default runbook's own)
//   --reruns 3        timed re-runs of the migration   --profile DIR  keep their events and CPU profiles
//   --first-address 127.0.13.100   first address of the compared labs (default below),
//                     so a bench run beside another one's never shares an address
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../test/lab/paths.js';
import { ensureAnsible } from './ansible.js';
import { compareAt, type CompareRow } from './compare.js';
import { migrationRerun } from './migration.js';
import { migrationCost } from './migration-cost.js';
import { scaleRun, scaleTable } from './scale.js';
import { startupTable } from './startup.js';
import { compareTable } from './table.js';

/**
 * The bench's addresses: 127.0.20.0/22 for the compared labs, 127.1.0.2 up for the scale lab, 127.0.30.2 and
 * 127.0.31.2 for the simulated clusters (4 and 20 nodes).
 */
const COMPARE_ADDRESS = '127.0.20.2';
// 127.1.0.0/16: 2,000 hosts and more, clear of every 127.0.N lab (theirs and the bench's own).
const SCALE_ADDRESS = '127.1.0.2';
const SIM_ADDRESS = '127.0.30.2';
const SIM20_ADDRESS = '127.0.31.2';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const numbers = (text: string): number[] =>
  text
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

async function main(): Promise<void> {
  const only = option('--only');
  const wants = (part: string) => (only === undefined ? part !== 'scale' : only.split(',').includes(part));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const out: string[] = [
    `# runbook bench — ${new Date().toISOString()}`,
    '',
    `Command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\``,
    '',
  ];
  const withAnsible = !process.argv.includes('--no-ansible');
  if (wants('compare')) {
    if (withAnsible) out.push(`ansible-playbook: ${ensureAnsible()}`, '');
    const rows: CompareRow[] = [];
    for (const hosts of numbers(option('--hosts') ?? '10,50,200')) {
      log(`bench: ${hosts} hosts…`);
      rows.push(
        await compareAt({
          hosts,
          firstAddress: option('--first-address') ?? COMPARE_ADDRESS,
          ansible: withAnsible,
          log,
        }),
      );
    }
    out.push('## runbook, ansible-playbook and the ssh2 floor', '', compareTable(rows));
  }
  if (wants('startup')) {
    log('bench: start-up…');
    out.push('## Start-up', '', await startupTable());
  }
  if (wants('migration')) {
    log('bench: containerd migration on the simulated cluster…');
    const reruns = numbers(option('--reruns') ?? '3')[0] ?? 3;
    const table = await migrationRerun({ firstAddress: SIM_ADDRESS, reruns, profileDir: option('--profile'), log });
    out.push('## containerd migration, simulated 4-node cluster', '', table);
  }
  if (wants('migration-cost')) {
    log('bench: containerd migration of a simulated 20-node cluster, serial 25%…');
    out.push("## The migration's own cost, simulated 20-node cluster", '', await migrationCost(SIM20_ADDRESS, log));
  }
  if (wants('scale')) {
    const rows = [];
    for (const hosts of numbers(option('--scale') ?? '1000,2000')) {
      log(`bench: scale, ${hosts} hosts…`);
      rows.push(
        ...(await scaleRun({ hosts, firstAddress: SCALE_ADDRESS, forks: numbers(option('--forks') ?? ''), log })),
      );
    }
    out.push('## Scale: 10 task items a host, in-process', '', scaleTable(rows));
  }
  const text = out.join('\n');
  process.stdout.write(`\n${text}`);
  writeFileSync(join(repoRoot(), 'bench', 'last-run.md'), text);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
