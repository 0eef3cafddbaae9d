#!/usr/bin/env node
// The one entry point: argv → options → command → exit code. The only place
// (with the rest of cli/) that touches `process`.
import { Command, InvalidArgumentError, Option } from 'commander';
import { RunbookError, formatError } from '../errors.js';
import { apply, parseHostKeyPolicy } from './apply.js';
import { collectExtraVars } from './extra-vars.js';
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED } from './exit-codes.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function commaList(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), ...value.split(',').map((t) => t.trim()).filter(Boolean)];
}

function collect(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), value];
}

// NO_COLOR (no-color.org): set and not empty turns colour off, as --no-color does.
const noColorEnv = (): boolean => (process.env.NO_COLOR ?? '') !== '';

function buildProgram(setExit: (code: number) => void, interrupt: AbortSignal): Command {
  const program = new Command('runbook')
    .description('Declarative playbooks over SSH: Ansible-compatible inventories, idempotent modules')
    .version('0.1.0')
    .showHelpAfterError();
  program
    .command('apply')
    .description('run a playbook against the hosts of an inventory')
    .argument('<playbook>', 'playbook YAML file')
    .requiredOption('-i, --inventory <source>', 'Ansible inventory: a YAML or INI file, or a directory of them (repeatable; later ones add hosts and override variables)', collect)
    .option('-C, --check', 'change nothing; report what would change', false)
    .option('-D, --diff', 'show unified diffs of changed files', false)
    .option('-f, --forks <n>', 'hosts worked on at once', positiveInt, 50)
    .option('-l, --limit <pattern>', 'only these hosts (pattern, or @file with one host a line)')
    .option('--json <file>', 'also write every event as a JSON line to this file')
    .addOption(new Option('--host-key-checking <policy>', 'strict | accept-new | off (default: inventory, else strict)').argParser(parseHostKeyPolicy))
    .option('-u, --user <user>', 'log in as this user where the inventory (ansible_user) names none (default: ssh_config, else root)')
    .option('--private-key <file>', 'private key file where the inventory names none (default: ssh_config, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa)')
    .option('-k, --ask-pass', 'ask for the SSH login password (ansible_password wins)', false)
    .option('-T, --timeout <seconds>', 'SSH connect timeout (default: ansible_ssh_timeout, ssh_config ConnectTimeout, else 10)', positiveInt)
    .addOption(new Option('--connect-timeout <seconds>').argParser(positiveInt).hideHelp())
    .option('--ssh-config <file>', 'OpenSSH client config to read (default ~/.ssh/config)')
    .option('--ssh-extra-args <args>', 'ssh options for every host, as -o Key=Value (ProxyJump, Port, User, IdentityFile, ...)')
    .option('-t, --tags <tags>', 'only tasks with these tags (comma-separated)', commaList)
    .option('--skip-tags <tags>', 'skip tasks with these tags (comma-separated)', commaList)
    .option('--start-at-task <name>', 'pass over the tasks before the one with this name')
    .option('-e, --extra-vars <vars>', 'key=value, a YAML/JSON mapping, or @file.yaml (repeatable; highest precedence)', collectExtraVars, {})
    .option('-b, --become', 'run tasks through sudo unless the playbook or the inventory (ansible_become) says otherwise', false)
    .option('--become-user <user>', 'the user to become when neither the playbook nor the inventory names one (default root)')
    .option('-K, --ask-become-pass', 'ask for the sudo password for become (else RUNBOOK_BECOME_PASSWORD; ansible_become_password wins)', false)
    .option('--plain', 'plain line output even on a terminal (no live progress view; -v and --diff imply it)', false)
    .option('--no-color', 'no colour in the output (also when NO_COLOR is set)')
    .option('-v, --verbose', 'more detail (repeat for more)', (_v: string, prev: number) => prev + 1, 0)
    .action(async (playbook: string, opts) => {
      const tty = Boolean(process.stdout.isTTY);
      const live = tty && !opts.plain;
      const color = tty && opts.color !== false && !noColorEnv();
      setExit(await apply(playbook, { ...opts, live, color, interrupt }, (text) => process.stdout.write(text)));
    });
  return program;
}

async function main(): Promise<void> {
  // The first Ctrl-C gives the run up cleanly (the live view shows the cursor
  // again); a second one exits at once. The listener stays on: listr2's
  // log-update (signal-exit) kills the process itself when it sees no other.
  const interrupt = new AbortController();
  process.on('SIGINT', () => (interrupt.signal.aborted ? process.exit(EXIT_INTERRUPTED) : interrupt.abort()));
  let code = 0;
  try {
    await buildProgram((c) => (code = c), interrupt.signal).parseAsync(process.argv);
  } catch (err) {
    if (err instanceof RunbookError) {
      process.stderr.write(formatError(err) + '\n');
      code = EXIT_INPUT;
    } else {
      const e = err as Error;
      process.stderr.write(`runbook: internal error: ${e.message}\n${e.stack ?? ''}\nThis is a bug in runbook; please report it with the command you ran.\n`);
      code = EXIT_INTERNAL;
    }
  }
  process.exitCode = code;
  // An interrupted run leaves the engine mid-task with its connections open:
  // end here rather than wait for them.
  if (interrupt.signal.aborted) process.exit();
}

void main();
