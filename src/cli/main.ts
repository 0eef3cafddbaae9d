#!/usr/bin/env node
// The one entry point: argv → options → command → exit code. The only place
// (with the rest of cli/) that touches `process`.
import { Command, InvalidArgumentError, Option } from 'commander';
import { getEventListeners } from 'node:events';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RunbookError, formatError } from '../errors.js';
import { secretValues } from '../secrets.js';
import type { Vars } from '../types/vars.js';
import { parseShard } from '../inventory/shard.js';
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_TERMINATED } from './exit-codes.js';
import { parseHostKeyPolicy } from './host-key-policy.js';
import { parseConnection } from './connection-kind.js';
import { KILL_REACH_S } from '../transport/ssh-exec.js';

// Each command's code (the engine, ssh2, ajv, listr2) is loaded when that command
// runs: `runbook --version` and `--help` load none of it, and start in a few tens of ms.
const apply = async (...a: Parameters<typeof import('./apply.js').apply>) => (await import('./apply.js')).apply(...a);
const validate = async (...a: Parameters<typeof import('./validate.js').validate>) =>
  (await import('./validate.js')).validate(...a);
const showInventory = async (...a: Parameters<typeof import('./inventory.js').showInventory>) =>
  (await import('./inventory.js')).showInventory(...a);
const ping = async (...a: Parameters<typeof import('./ping.js').ping>) => (await import('./ping.js')).ping(...a);
const showReport = async (...a: Parameters<typeof import('./report.js').showReport>) =>
  (await import('./report.js')).showReport(...a);
const runAdhoc = async (...a: Parameters<typeof import('./run-adhoc.js').runAdhoc>) =>
  (await import('./run-adhoc.js')).runAdhoc(...a);
const listRecordedRuns = async (...a: Parameters<typeof import('./runs.js').listRecordedRuns>) =>
  (await import('./runs.js')).listRecordedRuns(...a);

/** -e values are kept as given and read (YAML, @files) once the command runs. */
async function extraVarsOf(opts: { extraVars?: string[] }): Promise<Vars> {
  const { collectExtraVars } = await import('./extra-vars.js');
  return (opts.extraVars ?? []).reduce<Vars>((vars, value) => collectExtraVars(value, vars), {});
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of 0 or more');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function commaList(value: string, prev: string[] | undefined): string[] {
  return [
    ...(prev ?? []),
    ...value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  ];
}

function collect(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), value];
}

// -i for every command: repeatable, merged in the order given.
const INVENTORY_OPTION = [
  '-i, --inventory <source>',
  'Ansible inventory: a YAML or INI file, or a directory of them (repeatable; later ones add hosts and override variables)',
  collect,
] as const;

// Commander's "error: unknown option '--forkz'\n(Did you mean --forks?)" as
// one line; the whole help would bury it.
function oneLineError(text: string): string {
  const [first, ...rest] = text.trim().split('\n');
  const guess = /^\(Did you mean (.+)\?\)$/.exec(rest.join(' ').trim());
  return `${first}${guess ? `; did you mean ${guess[1]}?` : ''} (see --help)\n`;
}

const GENERAL_HELP = `
Exit codes (as ansible-playbook): 0 all went well, 1 bad input or usage,
2 a host failed, 4 a host was unreachable (and none failed), 70 an internal
error (a bug in runbook: please report it), 130 interrupted (Ctrl-C),
143 terminated (SIGTERM).

Environment: RUNBOOK_BECOME_PASSWORD (the sudo password for become, instead of -K),
RUNBOOK_KEY_PASSPHRASE (the passphrase of encrypted private key files, instead of asking),
RUNBOOK_HOME (the run record's home, default ~/.runbook),
NO_COLOR (no colour), SSH_AUTH_SOCK (ssh-agent, besides ansible_ssh_private_key_file),
RUNBOOK_ROLES_PATH (where roles are looked for after --roles-path; colon-separated).

Examples:
  runbook validate playbooks/containerd.yaml -i hosts.yaml
  runbook ping -i hosts.yaml -b -K
  runbook apply playbooks/containerd.yaml -i hosts.yaml --check --diff
  runbook apply playbooks/containerd.yaml -i hosts.yaml --list-hosts
  runbook run all -i hosts.yaml -m shell -a 'uptime'
  runbook inventory -i hosts.yaml --host node1
  runbook runs
  runbook report last --html report.html`;

const out = (text: string): boolean => process.stdout.write(text);

// A terminal of unknown or tiny width (`script` started outside one gives 0
// columns) would wrap the live view a character a line: print plain lines there.
const MIN_LIVE_COLUMNS = 40;
const liveFits = (columns: number | undefined): boolean => (columns ?? 0) >= MIN_LIVE_COLUMNS;

// The run record: RUNBOOK_HOME (default ~/.runbook) holds runs/ID.jsonl and ID.retry.
const runsDir = (): string => join(process.env.RUNBOOK_HOME || join(homedir(), '.runbook'), 'runs');

// NO_COLOR (no-color.org): set and not empty turns colour off, as --no-color does.
const noColorEnv = (): boolean => (process.env.NO_COLOR ?? '') !== '';

// Roles are looked for in --roles-path, then RUNBOOK_ROLES_PATH (both colon-separated), after the playbook's roles/.
const rolesPath = (opts: { rolesPath?: string }): string[] =>
  [opts.rolesPath, process.env.RUNBOOK_ROLES_PATH].flatMap((v) => (v ?? '').split(':')).filter((d) => d !== '');
const ROLES_PATH_OPTION = [
  '--roles-path <dirs>',
  'where roles are looked for after roles/ beside the playbook (colon-separated; then RUNBOOK_ROLES_PATH)',
] as const;

/** How to reach the hosts: the same options for every command that connects. */
function connectionOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--host-key-checking <policy>',
        'strict | accept-new | off (default: inventory, else strict)',
      ).argParser(parseHostKeyPolicy),
    )
    .option(
      '-u, --user <user>',
      'log in as this user where the inventory (ansible_user) names none (default: ssh_config, else root)',
    )
    .option(
      '--private-key <file>',
      'private key file where the inventory names none (default: ssh_config, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa)',
    )
    .option('-k, --ask-pass', 'ask for the SSH login password (ansible_password wins)', false)
    .addOption(
      new Option(
        '-c, --connection <kind>',
        'ssh or local: how to reach hosts whose inventory (ansible_connection) names none (default ssh)',
      ).argParser(parseConnection),
    )
    .option(
      '-T, --timeout <seconds>',
      'SSH connect timeout (default: ansible_ssh_timeout, ssh_config ConnectTimeout, else 10)',
      positiveInt,
    )
    .addOption(new Option('--connect-timeout <seconds>').argParser(positiveInt).hideHelp())
    .option('--ssh-config <file>', 'OpenSSH client config to read (default ~/.ssh/config)')
    .option(
      '--ssh-extra-args <args>',
      'ssh options for every host, as -o Key=Value (ProxyJump, Port, User, IdentityFile, ...)',
    );
}

function buildProgram(setExit: (code: number) => void, { interrupt, hurry }: Signals): Command {
  const program = new Command('runbook')
    .description('Declarative playbooks over SSH: Ansible-compatible inventories, idempotent modules')
    .version('0.1.0')
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => write(oneLineError(text)) })
    .addHelpText('after', GENERAL_HELP);
  connectionOptions(
    program
      .command('apply')
      .description('run a playbook against the hosts of an inventory')
      .argument('<playbook...>', 'playbook YAML files (several: one run, their plays in order)')
      .option(...INVENTORY_OPTION)
      .option('-C, --check', 'change nothing; report what would change', false)
      .option('-D, --diff', 'show unified diffs of changed files', false)
      // 200: measured best of 50, 200 and 1,000 on 200 and 1,000 lab hosts (docs/scale.md).
      .option('-f, --forks <n>', 'hosts worked on at once', positiveInt, 200)
      .option('-l, --limit <pattern>', 'only these hosts (pattern, or @file with one host a line)')
      .addOption(
        new Option(
          '--shard <K/N>',
          'only shard K of N of the selected hosts, split by host name (one process per shard)',
        ).argParser(parseShard),
      )
      .option('--json <file>', 'also write every event as a JSON line to this file')
      .option('--no-record', 'do not keep this run in the run record (~/.runbook/runs; see runbook runs)'),
  )
    .option('-t, --tags <tags>', 'only tasks with these tags (comma-separated)', commaList)
    .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated)', commaList)
    .option(
      '--start-at-task <name>',
      'pass over the tasks before the one with this name (or ROLE : name, or a pattern)',
    )
    .option(
      '-e, --extra-vars <vars>',
      'key=value, a YAML/JSON mapping, or @file.yaml (repeatable; highest precedence)',
      collect,
    )
    .option(
      '-b, --become',
      'run tasks through sudo unless the playbook or the inventory (ansible_become) says otherwise',
      false,
    )
    .option(
      '--become-user <user>',
      'the user to become when neither the playbook nor the inventory names one (default root)',
    )
    .option(
      '-K, --ask-become-pass',
      'ask for the sudo password for become (else RUNBOOK_BECOME_PASSWORD; ansible_become_password wins)',
      false,
    )
    .option(
      '--plain',
      'plain line output even on a terminal (no live progress view; -v, --diff and a terminal under 40 columns imply it)',
      false,
    )
    .option('--no-color', 'no colour in the output (also when NO_COLOR is set)')
    .option('-v, --verbose', 'more detail (repeat for more)', (_v: string, prev: number) => prev + 1, 0)
    .option('--list-hosts', "list each play's hosts and serial batches; run nothing", false)
    .option('--list-tasks', "list each play's tasks (after --tags/--skip-tags); run nothing", false)
    .option('--list-tags', "list the tags of each play's tasks; run nothing", false)
    .option(
      '--grace <seconds>',
      'on Ctrl-C or SIGTERM, seconds running tasks get before they are stopped',
      nonNegativeInt,
      10,
    )
    .option('--syntax-check', 'check the playbook without connecting to any host (as `runbook validate`)', false)
    .option('--force-handlers', "a failed host's notified handlers still run (plays without force_handlers)", false)
    .option(...ROLES_PATH_OPTION)
    .action(async (files: string[], cliOpts) => {
      const opts = { ...cliOpts, rolesPath: rolesPath(cliOpts), extraVars: await extraVarsOf(cliOpts) };
      if (opts.syntaxCheck) return setExit(Math.max(...(await Promise.all(files.map((p) => validate(p, opts, out))))));
      const tty = Boolean(process.stdout.isTTY);
      const live = tty && !opts.plain && liveFits(process.stdout.columns);
      const color = tty && opts.color !== false && !noColorEnv();
      setExit(
        await apply(
          files,
          { ...opts, live, color, interrupt, hurry, runsDir: runsDir(), record: opts.record !== false },
          out,
        ),
      );
    });
  connectionOptions(
    program
      .command('run')
      .description(
        'run one module on the hosts of a pattern, as `ansible PATTERN -m MODULE -a ARGS` (an ad-hoc command)',
      )
      .argument('<pattern>', 'host pattern: all, a group, a host, a:b, a:&b, a:!b, globs')
      .option(...INVENTORY_OPTION)
      .option('-m, --module-name <module>', 'the module to run', 'command')
      .option('-a, --args <args>', 'its arguments: free form for command and shell, else key=value words')
      .option('-C, --check', 'change nothing; report what would change', false)
      .option('-f, --forks <n>', 'hosts worked on at once', positiveInt, 200)
      .option('-l, --limit <pattern>', 'further limit the hosts (pattern, or @file with one host a line)')
      .option('-e, --extra-vars <vars>', 'key=value, a YAML/JSON mapping, or @file.yaml (repeatable)', collect)
      .option('-b, --become', 'run through sudo unless the inventory (ansible_become) says otherwise', false)
      .option('--become-user <user>', 'the user to become (default root)')
      .option('-K, --ask-become-pass', 'ask for the sudo password for become (else RUNBOOK_BECOME_PASSWORD)', false)
      .option('--json <file>', 'also write every event as a JSON line to this file')
      .option('--no-record', 'do not keep this run in the run record (~/.runbook/runs)'),
  )
    .option(
      '--grace <seconds>',
      'on Ctrl-C or SIGTERM, seconds running tasks get before they are stopped',
      nonNegativeInt,
      10,
    )
    .action(async (pattern: string, cliOpts) => {
      const opts = { ...cliOpts, module: cliOpts.moduleName, extraVars: await extraVarsOf(cliOpts) };
      setExit(
        await runAdhoc(
          pattern,
          { ...opts, diff: false, verbose: 0, interrupt, runsDir: runsDir(), record: opts.record !== false },
          out,
        ),
      );
    });
  program
    .command('runs')
    .description('list the recorded runs, newest first: id, start, result, duration, playbook, hosts')
    .option('-n, --last <n>', 'only the newest N runs', positiveInt, 20)
    .action(async (opts) => setExit(await listRecordedRuns(runsDir(), opts, out)));
  program
    .command('report')
    .description('a recorded run (id, "last", or a --json file) as text, or as one self-contained HTML page')
    .argument('<run>', 'run id (or its start) from runbook runs, "last", or a file written by --json')
    .option('--html <file>', 'write one self-contained HTML page (timeline, failures, diffs, recap) to this file')
    .action(async (run: string, opts) => setExit(await showReport(runsDir(), run, opts, out)));
  program
    .command('validate')
    .description(
      'check a playbook without connecting to any host: schema, host patterns, every template and argument rendered per host',
    )
    .argument('<playbook>', 'playbook YAML file')
    .requiredOption(...INVENTORY_OPTION)
    .option('-l, --limit <pattern>', 'only these hosts (pattern, or @file with one host a line)')
    .option(
      '-e, --extra-vars <vars>',
      'key=value, a YAML/JSON mapping, or @file.yaml (repeatable; highest precedence)',
      collect,
    )
    .option(...ROLES_PATH_OPTION)
    .action(async (playbook: string, opts) =>
      setExit(
        await validate(playbook, { ...opts, rolesPath: rolesPath(opts), extraVars: await extraVarsOf(opts) }, out),
      ),
    );
  program
    .command('inventory')
    .description('show an inventory as runbook reads it (like ansible-inventory); contacts no host')
    .requiredOption(...INVENTORY_OPTION)
    .option('--list', "every group and host, with each host's merged variables, as JSON")
    .option('--graph [group]', 'the group tree (from "all", or from GROUP) with its hosts')
    .option('--host <name>', "one host's merged variables and, for each, where its value came from")
    .action(async (opts) => setExit(await showInventory(opts, out)));
  connectionOptions(
    program
      .command('ping')
      .description(
        'check that each host is ready for a run: SSH and its host key, a command, and sudo where become is asked for; each step timed',
      )
      .requiredOption(...INVENTORY_OPTION)
      .option('-l, --limit <pattern>', 'only these hosts (pattern, or @file with one host a line)')
      .option('-f, --forks <n>', 'hosts checked at once', positiveInt, 50),
  )
    .option('-b, --become', 'also check sudo where the inventory (ansible_become) does not say otherwise', false)
    .option('--become-user <user>', 'the user sudo should give (default root, or ansible_become_user)')
    .option(
      '-K, --ask-become-pass',
      'ask for the sudo password (else RUNBOOK_BECOME_PASSWORD; ansible_become_password wins)',
      false,
    )
    .action(async (opts) => setExit(await ping(opts, out)));
  return program;
}

interface Signals {
  /** The first SIGINT/SIGTERM: no new task starts, running ones get --grace seconds. */
  interrupt: AbortSignal;
  /** The second: running commands are stopped on the hosts at once. */
  hurry: AbortSignal;
}

// After a second signal, the stops of running commands have this long to reach
// their hosts (each gives up after KILL_REACH_S and says so) before the process
// exits anyway; a third signal exits at once.
const HURRY_LIMIT_MS = (KILL_REACH_S + 1) * 1000;

/**
 * A signal nobody listens for ends the process at once: before a run starts
 * (reading inputs, asking a password) or in commands that do not run one.
 * In a run, the first asks for a wind-down and the second for a quick one.
 */
function onSignals(): Signals {
  const interrupt = new AbortController();
  const hurry = new AbortController();
  const listened = (s: AbortSignal) => !s.aborted && getEventListeners(s, 'abort').length > 0;
  const onSignal = (name: 'SIGINT' | 'SIGTERM', code: number) => () => {
    if (listened(interrupt.signal)) return interrupt.abort(name);
    if (listened(hurry.signal)) {
      hurry.abort(name);
      setTimeout(() => process.exit(code), HURRY_LIMIT_MS).unref();
      return;
    }
    process.exit(code);
  };
  process.on('SIGINT', onSignal('SIGINT', EXIT_INTERRUPTED));
  process.on('SIGTERM', onSignal('SIGTERM', EXIT_TERMINATED));
  return { interrupt: interrupt.signal, hurry: hurry.signal };
}

async function main(): Promise<void> {
  // The listeners stay on: listr2's log-update (signal-exit) kills the process
  // itself when it sees no other.
  const signals = onSignals();
  let code = 0;
  try {
    await buildProgram((c) => (code = c), signals).parseAsync(process.argv);
  } catch (err) {
    if (err instanceof RunbookError) {
      // Secrets (a !secret value on the line shown, a password in a message) are masked here too.
      process.stderr.write(formatError(secretValues.maskError(err)) + '\n');
      code = EXIT_INPUT;
    } else {
      const e = secretValues.maskError(err as Error);
      process.stderr.write(
        `runbook: internal error: ${e.message}\n${e.stack ?? ''}\nThis is a bug in runbook; please report it with the command you ran.\n`,
      );
      code = EXIT_INTERNAL;
    }
  }
  process.exitCode = code;
  // An interrupted run has wound down and reported; a handle a stopped command
  // left (or a prompt the signal cut) must not keep the process.
  if (signals.interrupt.aborted) process.exit();
}

void main();
