// ansible-core 2.14's own integration targets, run under ansible-playbook and under
// runbook on a lab host, as a peer suite (issue 28, item 7). The targets come from a
// snapshot of ansible/ansible's stable-2.14 branch kept OUTSIDE this repository:
//
//   npm run peer:ansible -- --targets <snapshot>/test/integration/targets [--engine runbook] [name ...]
//
// A target passes when it ends with exit 0, as ansible-test judges it. Each target
// runs in a fresh copy of test/integration and on a freshly started lab host, so no
// target sees another's leftovers. Not part of `npm test`: it needs the snapshot.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLab, type Lab } from '../lab/lab.js';
import { labDir, repoRoot } from '../lab/paths.js';
import { writeShims, type Engine } from './shims.js';
import {
  CANNOT_PASS_HERE,
  DELIBERATE_DIFFERENCES,
  NOT_YET_MATCHED,
  OUT_OF_SCOPE,
  PEER_TARGETS,
  type PeerTarget,
} from './targets.js';

// RUNBOOK_PEER_ADDRESS lets two engineers run the suite at once without sharing a host address.
const LAB_ADDRESS = process.env.RUNBOOK_PEER_ADDRESS ?? '127.0.180.2';
const TARGET_TIMEOUT_MS = 15 * 60_000;

interface TargetRun {
  target: string;
  engine: Engine;
  passed: boolean;
  exit: number | string;
  seconds: number;
  /** Each ansible-playbook / ansible call of the target, with its exit code, in order. */
  calls: { exit: number; command: string }[];
  /** The end of what the target printed, for the report. */
  tail: string;
}

function inventoryText(lab: Lab): string {
  const h = lab.hosts[0]!;
  const hostVars =
    `ansible_host=${h.address} ansible_port=${h.port} ansible_user=root ` +
    `ansible_ssh_private_key_file=${lab.keyFile} ansible_python_interpreter=/usr/bin/python3`;
  // As ansible-test's posix inventory: one host, testhost, in group testgroup.
  return `[testgroup]\ntesthost ${hostVars}\n\n[all:vars]\nrunbook_known_hosts_file=${lab.knownHostsFile}\n`;
}

/** As ansible-test: output_dir exists on the target host too (the template target writes there first). */
function makeOutputDirOnHost(lab: Lab, dir: string): void {
  const h = lab.hosts[0]!;
  const options = [
    '-i',
    lab.keyFile,
    '-o',
    `UserKnownHostsFile=${lab.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
  ];
  execFileSync('ssh', [...options, '-p', String(h.port), `root@${h.address}`, `mkdir -p '${dir}'`], {
    stdio: 'ignore',
  });
}

/** The play ansible-test runs a role-shaped target with. */
function rolePlay(name: string): string {
  return `- hosts: testhost\n  gather_facts: true\n  roles:\n    - role: ${name}\n`;
}

async function runTarget(target: PeerTarget, engine: Engine, snapshot: string, lab: Lab): Promise<TargetRun> {
  const work = mkdtempSync(join(tmpdir(), `peer-${engine}-`));
  const integration = join(work, 'test', 'integration');
  cpSync(dirname(snapshot), integration, { recursive: true });
  const targets = join(integration, 'targets');
  const outputDir = join(work, 'output');
  mkdirSync(outputDir);
  writeFileSync(join(integration, 'inventory'), inventoryText(lab));
  writeFileSync(join(integration, 'integration_config.yml'), `output_dir: ${outputDir}\n`);
  makeOutputDirOnHost(lab, outputDir);
  writeFileSync(join(work, 'empty-inventory.ini'), '');
  const log = join(work, 'calls.log');
  writeFileSync(log, '');
  const shims = writeShims(join(work, 'bin'), engine, join(repoRoot(), 'dist', 'src', 'bin', 'main.js'));
  const home = join(work, 'home');
  mkdirSync(home);
  const env = {
    ...process.env,
    PATH: `${shims}:${process.env.PATH ?? ''}`,
    PEER_LOG: log,
    PEER_EMPTY_INVENTORY: join(work, 'empty-inventory.ini'),
    OUTPUT_DIR: outputDir,
    INVENTORY_PATH: join(integration, 'inventory'),
    ANSIBLE_ROLES_PATH: targets,
    RUNBOOK_ROLES_PATH: targets,
    ANSIBLE_HOME: home,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_NOCOLOR: '1',
    NO_COLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_DEPRECATION_WARNINGS: 'false',
    ANSIBLE_SSH_ARGS: `-o ControlMaster=no -o UserKnownHostsFile=${lab.knownHostsFile} -o StrictHostKeyChecking=yes`,
    RUNBOOK_HOME: join(home, 'runbook'),
  };
  const cwd = join(targets, target.name);
  let argv: string[];
  if (target.kind === 'script') argv = ['bash', 'runme.sh'];
  else {
    writeFileSync(join(work, 'play.yml'), rolePlay(target.name));
    argv = [
      'ansible-playbook',
      '-i',
      join(integration, 'inventory'),
      join(work, 'play.yml'),
      '-e',
      `@${join(integration, 'integration_config.yml')}`,
      '-v',
    ];
  }
  const started = Date.now();
  const r = await runGroup(argv, cwd, env);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => ({ exit: Number(l.slice(0, l.indexOf('\t'))), command: l.slice(l.indexOf('\t') + 1) }));
  rmSync(work, { recursive: true, force: true });
  return {
    target: target.name,
    engine,
    passed: r.status === 0,
    exit: r.status ?? 'timeout',
    seconds,
    calls,
    tail: r.output.split('\n').slice(-40).join('\n'),
  };
}

/** The running target's process group, ended with the runner (Ctrl-C, SIGTERM) or its timeout. */
let runningGroup: number | undefined;
const killGroup = (): void => {
  if (runningGroup !== undefined) {
    try {
      process.kill(-runningGroup, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
};

/** Runs argv in a process group of its own; its output (stdout and stderr) as one text. */
function runGroup(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    runningGroup = child.pid;
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
    const timer = setTimeout(killGroup, TARGET_TIMEOUT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      runningGroup = undefined;
      done({ status: code, output });
    });
  });
}

function summary(runs: TargetRun[], engines: Engine[]): string {
  const names = [...new Set(runs.map((r) => r.target))];
  const rows = names.map((n) => {
    const cells = engines.map((e) => {
      const r = runs.find((x) => x.target === n && x.engine === e);
      if (!r) return '-';
      // A target's calls may fail on purpose: compare each with the baseline's call at the same place.
      const base = runs.find((x) => x.target === n && x.engine === 'ansible');
      const same =
        base && e !== 'ansible'
          ? `, ${r.calls.filter((c, i) => base.calls[i]?.exit === c.exit).length}/${base.calls.length} as ansible's`
          : '';
      return `${r.passed ? 'pass' : 'FAIL'} (${r.calls.length} calls${same}, ${r.seconds} s)`;
    });
    return `| ${n} | ${cells.join(' | ')} |`;
  });
  const totals = engines.map(
    (e) => `${runs.filter((r) => r.engine === e && r.passed).length}/${runs.filter((r) => r.engine === e).length}`,
  );
  return [
    `| target | ${engines.join(' | ')} |`,
    `|---|${engines.map(() => '---').join('|')}|`,
    ...rows,
    `| **passed** | ${totals.join(' | ')} |`,
  ].join('\n');
}

async function main(): Promise<number> {
  // The lab's own handlers (test/lab/exit-cleanup.ts) stop the host; the target's processes go first.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.prependListener(signal, killGroup);
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      targets: { type: 'string' },
      engine: { type: 'string', default: 'both' },
      out: { type: 'string', default: join(tmpdir(), 'runbook-peer-ansible') },
    },
  });
  if (!values.targets || !existsSync(join(values.targets, 'blocks', 'runme.sh'))) {
    process.stderr.write(
      'peer: --targets must name the test/integration/targets directory of an ansible-core stable-2.14 snapshot\n',
    );
    return 1;
  }
  const snapshot = resolve(values.targets);
  const engines: Engine[] = values.engine === 'both' ? ['ansible', 'runbook'] : [values.engine as Engine];
  const chosen =
    positionals.length > 0
      ? positionals.map(
          (n) =>
            PEER_TARGETS.find((t) => t.name === n) ??
            ({ name: n, kind: existsSync(join(snapshot, n, 'runme.sh')) ? 'script' : 'role' } as PeerTarget),
        )
      : [...PEER_TARGETS];
  mkdirSync(values.out, { recursive: true });
  const runs: TargetRun[] = [];
  for (const target of chosen) {
    for (const engine of engines) {
      // A fresh host per target and engine: targets install users, files and units.
      const lab = await startLab({
        hosts: 1,
        dir: labDir('peer'),
        firstAddress: LAB_ADDRESS,
        sudoUser: false,
        namePrefix: 'peer',
      });
      try {
        const run = await runTarget(target, engine, snapshot, lab);
        runs.push(run);
        process.stdout.write(
          `${run.passed ? 'pass' : 'FAIL'}  ${engine.padEnd(7)} ${target.name} (${run.seconds} s, exit ${run.exit})\n`,
        );
        if (!run.passed) {
          const failedCall = run.calls.find((c) => c.exit !== 0);
          if (failedCall) process.stdout.write(`      first failing call: ${failedCall.command}\n`);
        }
      } finally {
        await lab.stop();
      }
      writeFileSync(join(values.out, 'runs.json'), JSON.stringify(runs, null, 2));
    }
  }
  const table = summary(runs, engines);
  const listed = (title: string, reasons: Readonly<Record<string, string>>): string =>
    `\n${title}:\n${Object.entries(reasons)
      .map(([n, why]) => `- ${n}: ${why}`)
      .join('\n')}\n`;
  writeFileSync(
    join(values.out, 'summary.md'),
    `${table}\n` +
      listed('Out of scope', OUT_OF_SCOPE) +
      listed('Cannot pass here', CANNOT_PASS_HERE) +
      listed('Deliberate differences (console text only)', DELIBERATE_DIFFERENCES) +
      listed('Not yet matched', NOT_YET_MATCHED),
  );
  process.stdout.write(`\n${table}\n\nDetails: ${join(values.out, 'runs.json')}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`peer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  },
);
