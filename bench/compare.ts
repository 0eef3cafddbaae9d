// One row of the table: N lab hosts, the same playbook through runbook and
// ansible-playbook (first run on clean hosts, then the idempotent re-run), and the
// floor for the same round trips over plain ssh2. Every run's outcome is checked:
// a timing of a run that failed, or of a "re-run" that changed something, is no figure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, type Lab } from '../test/lab/lab.js';
import { labDir, repoRoot } from '../test/lab/paths.js';
import { cliMain } from '../test/support/cli-bin.js';
import { ANSIBLE_PLAYBOOK, ansibleSetup, stopControlMasters } from './ansible.js';
import type { FloorPlan } from './floor.js';
import { runInProcess } from './in-process.js';
import { measure, type Measured } from './measure.js';
import { onEveryHost, openFleet } from './ssh-fleet.js';

export const BENCH_ROOT = '/srv/bench';
/** What a converged host holds under BENCH_ROOT: 10 directories, 10 templates, settings.conf, 5 markers. */
const EXPECTED_ENTRIES = 26;

export interface ToolRuns {
  first: Measured;
  rerun: Measured;
}

export interface CompareRow {
  hosts: number;
  runbook: ToolRuns;
  ansible?: ToolRuns;
  floor: { first: number; rerun: number; connect: number; cpuFirst: number; cpuRerun: number };
  /** Per host: round trips of the first run and of the re-run (execs + file operations). */
  trips: { first: { execs: number; files: number }; rerun: { execs: number; files: number } };
}

export interface CompareOptions {
  hosts: number;
  firstAddress: string;
  ansible: boolean;
  log: (line: string) => void;
}

export async function compareAt(o: CompareOptions): Promise<CompareRow> {
  const root = repoRoot();
  const lab = await startLab({
    hosts: o.hosts,
    dir: labDir(`bench-${o.hosts}`),
    firstAddress: o.firstAddress,
    sudoUser: false,
  });
  const work = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const playbooks = join(root, 'bench', 'playbooks');
    const runbookArgs = [
      process.execPath,
      cliMain(),
      'apply',
      join(playbooks, 'runbook.yaml'),
      '-i',
      lab.inventoryFile,
      '--plain',
      '--forks',
      String(o.hosts),
    ];
    const runbook = await twice('runbook', runbookArgs, lab, o.log, {});

    let ansible: ToolRuns | undefined;
    if (o.ansible) {
      await clean(lab);
      const setup = ansibleSetup(join(work, 'ansible'), o.hosts, lab.knownHostsFile);
      try {
        ansible = await twice(
          'ansible',
          [ANSIBLE_PLAYBOOK, '-i', lab.inventoryFile, join(playbooks, 'ansible.yaml')],
          lab,
          o.log,
          { env: setup.env },
        );
      } finally {
        stopControlMasters(setup.controlPathDir);
      }
    }

    // The round trips runbook makes, counted in-process on clean hosts, then replayed as the floor.
    await clean(lab);
    const firstCount = await runInProcess(join(playbooks, 'runbook.yaml'), lab.inventoryFile, o.hosts);
    const rerunCount = await runInProcess(join(playbooks, 'runbook.yaml'), lab.inventoryFile, o.hosts);
    const firstPlan = floorPlan(lab, firstCount.trips);
    const rerunPlan = floorPlan(lab, rerunCount.trips);
    const floorFirst = await floor(firstPlan);
    const floorRerun = await floor(rerunPlan);
    o.log(`  floor: first ${floorFirst.seconds.toFixed(2)} s, re-run ${floorRerun.seconds.toFixed(2)} s`);
    return {
      hosts: o.hosts,
      runbook,
      ansible,
      floor: {
        first: floorFirst.seconds,
        rerun: floorRerun.seconds,
        connect: floorRerun.connectSeconds,
        cpuFirst: floorFirst.cpuSeconds,
        cpuRerun: floorRerun.cpuSeconds,
      },
      trips: { first: perHostTotal(firstPlan), rerun: perHostTotal(rerunPlan) },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await lab.stop();
  }
}

/** First run on clean hosts, then the re-run; both must succeed on every host, the re-run change nothing. */
async function twice(
  tool: string,
  argv: string[],
  lab: Lab,
  log: (l: string) => void,
  opts: { env?: NodeJS.ProcessEnv },
): Promise<ToolRuns> {
  const first = await measure(argv, { cwd: repoRoot(), env: opts.env });
  check(tool, 'first run', first, lab.hosts.length, undefined);
  await verifyConverged(lab);
  log(`  ${tool}: first run ${first.seconds.toFixed(2)} s`);
  const rerun = await measure(argv, { cwd: repoRoot(), env: opts.env });
  check(tool, 're-run', rerun, lab.hosts.length, 0);
  log(`  ${tool}: re-run ${rerun.seconds.toFixed(2)} s`);
  return { first, rerun };
}

function check(tool: string, what: string, m: Measured, hosts: number, changed: number | undefined): void {
  const r = recapTotals(m.stdout);
  const problem =
    m.code !== 0
      ? `exit code ${m.code}`
      : r.hosts !== hosts
        ? `recap lists ${r.hosts} hosts, not ${hosts}`
        : r.failed + r.unreachable > 0
          ? 'a host failed'
          : changed !== undefined && r.changed !== changed
            ? `changed=${r.changed}, expected ${changed}`
            : undefined;
  if (problem)
    throw new Error(`bench: ${tool} ${what}: ${problem}\n${m.stdout.slice(-3000)}\n${m.stderr.slice(-3000)}`);
}

/** The recap both tools print (runbook keeps Ansible's layout): totals over the hosts. */
export function recapTotals(stdout: string): { hosts: number; changed: number; failed: number; unreachable: number } {
  const lines = stdout.split('\n').filter((l) => / : ok=\d+ /.test(l));
  const sum = (key: string) => lines.reduce((n, l) => n + Number(new RegExp(`${key}=(\\d+)`).exec(l)?.[1] ?? 0), 0);
  return { hosts: lines.length, changed: sum('changed'), failed: sum('failed'), unreachable: sum('unreachable') };
}

async function verifyConverged(lab: Lab): Promise<void> {
  const fleet = await openFleet(lab.hosts, lab.keyFile);
  try {
    const counts = await onEveryHost(fleet, lab.hosts.length, `find ${BENCH_ROOT} -mindepth 1 | wc -l`);
    const wrong = counts.map(Number).filter((n) => n !== EXPECTED_ENTRIES);
    if (wrong.length > 0)
      throw new Error(
        `bench: ${wrong.length} host(s) do not hold the ${EXPECTED_ENTRIES} expected entries under ${BENCH_ROOT} (e.g. ${wrong[0]})`,
      );
  } finally {
    await fleet.close();
  }
}

async function clean(lab: Lab): Promise<void> {
  const fleet = await openFleet(lab.hosts, lab.keyFile);
  try {
    await onEveryHost(fleet, lab.hosts.length, `rm -rf ${BENCH_ROOT}`);
  } finally {
    await fleet.close();
  }
}

function floorPlan(lab: Lab, trips: Awaited<ReturnType<typeof runInProcess>>['trips']): FloorPlan {
  // Every host makes the same calls in this playbook; take the busiest host of each step.
  const steps = trips.map((t) => {
    const all = [...t.perHost.values()];
    return { execs: Math.max(0, ...all.map((c) => c.execs)), files: Math.max(0, ...all.map((c) => c.files)) };
  });
  return { hosts: lab.hosts, keyFile: lab.keyFile, steps };
}

function perHostTotal(plan: FloorPlan): { execs: number; files: number } {
  return plan.steps.reduce((a, s) => ({ execs: a.execs + s.execs, files: a.files + s.files }), { execs: 0, files: 0 });
}

async function floor(plan: FloorPlan): Promise<{ seconds: number; connectSeconds: number; cpuSeconds: number }> {
  const m = await measure([process.execPath, join(repoRoot(), 'dist/bench/floor.js'), JSON.stringify(plan)]);
  if (m.code !== 0) throw new Error(`bench: the floor failed: ${m.stderr}`);
  // The child's wall time, Node's start and ssh2's load included, as runbook's is.
  return {
    seconds: m.seconds,
    cpuSeconds: m.cpuSeconds,
    connectSeconds: (JSON.parse(m.stdout) as { connectSeconds: number }).connectSeconds,
  };
}
