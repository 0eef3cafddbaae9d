// `runbook apply`: load and validate inputs, build the SSH connector, run, report.
import { dirname } from 'node:path';
import { createWriteStream, openSync, readFileSync } from 'node:fs';
import { runPlaybook } from '../engine/run-playbook.js';
import { stampingEmit, type Recap, type StampedEvent } from '../engine/events.js';
import type { Playbook } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { RunbookError, formatError } from '../errors.js';
import { parseLimit } from '../inventory/pattern.js';
import { inShard, type Shard } from '../inventory/shard.js';
import { IMPLICIT_LOCALHOST } from '../inventory/implicit-localhost.js';
import { moduleCatalog, modules } from '../modules/registry.js';
import { cliInventory } from './cli-inventory.js';
import { loadPlaybook } from '../parse/playbook.js';
import { startRunRecord, type RunRecord } from '../record/run-record.js';
import { jsonLinesReporter } from '../report/json-lines.js';
import { plainReporter } from '../report/plain.js';
import { becomePassword } from './ask-secret.js';
import { cliConnector, type ConnectOptions } from './connector.js';
import { withExtraConnectionVars } from './extra-vars.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, exitCodeFor } from './exit-codes.js';
import { gatheringFromEnv } from './gathering.js';

export interface ApplyOptions extends ConnectOptions {
  /** Inventory files, directories and host lists, merged in this order (none: the implicit localhost). */
  inventory?: readonly string[];
  check: boolean;
  diff: boolean;
  forks: number;
  limit?: string;
  /** --shard K/N: only the selected hosts that fall in shard K. */
  shard?: Shard;
  json?: string;
  verbose: number;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  /** --force-handlers: the default of plays that do not set force_handlers themselves. */
  forceHandlers?: boolean;
  extraVars?: Vars;
  askBecomePass?: boolean;
  /** -b: become where neither the playbook nor the inventory says. */
  become?: boolean;
  becomeUser?: string;
  /** The listr2 progress view (the CLI sets it on a terminal). */
  live?: boolean;
  /** Colour on the screen (off for NO_COLOR, --no-color, or no terminal). */
  color?: boolean;
  /** --list-hosts, --list-tasks, --list-tags: print the plan, contact no host. */
  listHosts?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  /** Where roles are looked for after the playbook's roles/ (--roles-path, RUNBOOK_ROLES_PATH). */
  rolesPath?: readonly string[];
  /** The run record's directory (~/.runbook/runs): `--limit @last-failed` reads it. */
  runsDir: string;
  /** Write this run's events and failed hosts there (off with --no-record). */
  record: boolean;
  /**
   * Aborted on the first SIGINT/SIGTERM, with the signal's name as reason: no
   * new task starts, running ones get `grace` seconds, then are stopped.
   */
  interrupt?: AbortSignal;
  /** --grace: seconds running tasks get after an interrupt (default 10). */
  grace?: number;
  /** Another view than the plain one when not live (`runbook run` prints results as Ansible's ad-hoc does). */
  reporter?: (write: (text: string) => void) => (e: StampedEvent) => void;
  /** Aborted on a second SIGINT/SIGTERM: running commands are stopped at once. */
  hurry?: AbortSignal;
}

// Failed and unreachable hosts go to RUNS/ID.retry in the run record, one a line,
// for `--limit @last-failed` (or Ansible's `--limit @file`); the playbook's
// directory is left alone. Without a record, or when the file cannot be
// written, the hint names the hosts: the run's exit code stands.
function writeRetryHint(recap: Recap, record: RunRecord | undefined, write: (text: string) => void): void {
  const hosts = [...recap.entries()].filter(([, c]) => c.failed > 0 || c.unreachable > 0).map(([h]) => h);
  if (hosts.length === 0) return;
  if (record) {
    try {
      const file = record.writeRetry(hosts);
      write(`\nto retry the failed hosts: --limit @last-failed (or --limit @${file})\n`);
      return;
    } catch (err) {
      write(`\nwarning: could not write the retry file: ${(err as Error).message}\n`);
    }
  }
  write(`\nto retry the failed hosts: --limit ${hosts.join(',')}\n`);
}

// Opened before any host is touched, so a path that cannot be written is a usage error, not a crash mid-run.
function openJsonFile(path: string): ReturnType<typeof createWriteStream> {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new RunbookError(
      'usage',
      `--json: cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      {
        hint: 'give a file in a directory that exists and that you can write to',
      },
    );
  }
  return createWriteStream(path, { fd });
}

/**
 * The playbooks given, as one: ansible-playbook a.yml b.yml runs their plays one
 * after another in one run, with one recap. --force-handlers is the default of the
 * plays that do not set force_handlers themselves (Ansible's play keyword default).
 */
function loadPlaybooks(paths: readonly string[], o: ApplyOptions): Playbook {
  const [first, ...others] = paths.map((p) =>
    loadPlaybook(p, moduleCatalog, undefined, {
      rolesPath: o.rolesPath,
      gathering: gatheringFromEnv(),
      extraVars: o.extraVars,
    }),
  );
  if (!first)
    throw new RunbookError('usage', 'no playbook given', { hint: 'runbook apply PLAYBOOK.yaml -i INVENTORY' });
  const plays = [first, ...others].flatMap((p) => p.plays);
  return {
    ...first,
    plays: o.forceHandlers ? plays.map((p) => ({ ...p, forceHandlers: p.forceHandlers ?? true })) : plays,
  };
}

export async function apply(
  playbookPaths: string | readonly string[],
  o: ApplyOptions,
  write: (text: string) => void,
): Promise<number> {
  const paths = typeof playbookPaths === 'string' ? [playbookPaths] : playbookPaths;
  // -e's connection and become variables win over the inventory's, as in Ansible.
  const inventory = withExtraConnectionVars(
    cliInventory(
      o.inventory,
      o.connection,
      write,
      paths.map((p) => dirname(p)),
    ),
    o.extraVars ?? {},
    process.cwd(),
  );
  const playbook = loadPlaybooks(paths, o);
  // `@last-failed` is the record's last run; any other `@file` is a file of hosts.
  // Reading the record back is loaded only by the runs that ask for it, as are the --list-* outlines.
  const lastFailed = o.limit?.includes('@last-failed')
    ? (await import('../record/find-runs.js')).lastFailedHosts(o.runsDir)
    : [];
  const limitFile = (f: string): string => (f === 'last-failed' ? lastFailed.join('\n') : readFileSync(f, 'utf8'));
  const limited = o.limit === undefined ? undefined : parseLimit(inventory, o.limit, limitFile);
  // A shard is taken of the hosts --limit selects (the implicit localhost counts as a host).
  const selected = o.shard ? inShard(limited ?? [...inventory.hosts.keys(), IMPLICIT_LOCALHOST], o.shard) : limited;
  const limit = selected === undefined ? undefined : new Set(selected);
  if (o.listHosts || o.listTasks || o.listTags) {
    const [{ outlinePlaybook }, { formatOutline }] = await Promise.all([
      import('../engine/playbook-outline.js'),
      import('./list.js'),
    ]);
    const outline = outlinePlaybook(playbook, inventory, { limit, tags: o.tags, skipTags: o.skipTags });
    write(
      formatOutline(paths.join(' '), outline, {
        hosts: o.listHosts ?? false,
        tasks: o.listTasks ?? false,
        tags: o.listTags ?? false,
      }),
    );
    return EXIT_OK;
  }
  const json = o.json ? openJsonFile(o.json) : undefined;
  // A --json file that fails mid-run (a full disk, /dev/full) stops being written,
  // with one error line then and once more at the end; the run and its record go on.
  let jsonFailed: string | undefined;
  const onJsonError = (err: NodeJS.ErrnoException | null | undefined, atEnd = false): void => {
    if (!err || jsonFailed !== undefined) return;
    jsonFailed = `error: --json ${o.json}: cannot write: ${err.code ?? err.message}${err.code === 'ENOSPC' ? ' (no space left on device)' : ''}`;
    // At the end it is said once, with where the events are.
    if (!atEnd) write(`${jsonFailed}\n`);
  };
  json?.on('error', onJsonError);
  let jsonClosed: Promise<void> | undefined;
  // end's callback has the error of the last writes (the 'error' event comes a tick later).
  const closeJson = (): Promise<void> =>
    (jsonClosed ??= new Promise<void>((resolve) =>
      !json || json.writableFinished || jsonFailed !== undefined
        ? resolve()
        : json.end((err?: Error | null) => {
            onJsonError(err, true);
            resolve();
          }),
    ));
  // Every host's connection settings read and checked, -k and key passphrases asked, before any output.
  const { connect, secrets } = await cliConnector(inventory, o);

  // The live view only on a terminal, and not when diffs or details are asked
  // for: they can run longer than the screen, which a redrawn area cannot hold,
  // so those runs print plain lines.
  // listr2 is loaded only for the live view.
  const live =
    o.live && !o.diff && o.verbose === 0
      ? (await import('../report/live.js')).liveReporter(write, { color: o.color ?? false })
      : undefined;
  const reporters: ((e: StampedEvent) => void)[] = [
    live ? live.emit : (o.reporter?.(write) ?? plainReporter(write, { diff: o.diff, verbosity: o.verbose })),
  ];
  const started = o.record ? startRunRecord(o.runsDir, new Date(), (line) => write(`${line}\n`)) : undefined;
  if (started?.warning) write(`${started.warning}\n`);
  const record = started?.record;
  // --json and the record take the same lines: each event is serialized once.
  const lineSinks = [
    json && ((line: string) => void (jsonFailed ?? json.write(line))),
    record && ((line: string) => record.write(line)),
  ].filter((f) => !!f);
  if (lineSinks.length > 0)
    reporters.push(
      jsonLinesReporter((line) => {
        for (const sink of lineSinks) sink(line);
      }),
    );

  try {
    const running = runPlaybook(playbook, inventory, {
      check: o.check,
      diff: o.diff,
      forks: o.forks,
      limit,
      tags: o.tags,
      skipTags: o.skipTags,
      startAtTask: o.startAtTask,
      // Ansible's magic variables of the -v count (debug's `verbosity:` reads it) and of --diff; -e may set them.
      extraVars: { ansible_verbosity: o.verbose, ansible_diff_mode: o.diff, ...o.extraVars },
      controllerEnv: process.env,
      become: {
        become: o.become ?? false,
        user: o.becomeUser,
        password: await becomePassword(o.askBecomePass ?? false),
      },
      modules,
      connect,
      secrets: secrets.filter((x): x is string => x !== undefined),
      emit: stampingEmit((e) => {
        for (const r of reporters) r(e);
      }),
      interrupt: o.interrupt,
      hurry: o.hurry,
      graceS: o.grace,
    });
    const outcome = await running;
    await live?.finish();
    // Written out before the exit code is decided: a full disk shows only when the last lines are flushed.
    await closeJson();
    if (jsonFailed !== undefined) {
      const hint = record
        ? `the run record ${record.file} has them all (runbook report last)`
        : 'give --json a file on a disk with room';
      const failed = new RunbookError(
        'usage',
        `${jsonFailed.replace(/^error: /, '')}; the events after that point are missing from it`,
        { hint },
      );
      // A run that went well ends with this error (exit 1); one that did not keeps its own exit code.
      if (!outcome.interrupted && exitCodeFor(outcome) === EXIT_OK) throw failed;
      write(`${formatError(failed)}\n`);
    }
    // The reporters have said where the interrupt left each host, and the recap.
    if (outcome.interrupted) return outcome.interrupted === 'SIGTERM' ? EXIT_TERMINATED : EXIT_INTERRUPTED;
    // --check changed nothing, so there is nothing to retry.
    if (!o.check) writeRetryHint(outcome.recap, record, write);
    if (outcome.startAtMissed) throw new RunbookError('usage', `--start-at-task: no task is named "${o.startAtTask}"`);
    return exitCodeFor(outcome);
  } finally {
    // On any way out (an internal error too), the live view ends so the cursor
    // is shown again and what follows is not held by listr.
    await live?.finish('stopped');
    await closeJson();
    await record?.close();
  }
}
