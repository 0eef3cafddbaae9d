// Runs plays in order over one connection per host. A host that fails or
// cannot be reached drops out of the run; a rollout the failure policy stops
// ends the run, with a report of where every host stands.
import { setMaxListeners } from 'node:events';
import { becomeVars, type HostBecome } from '../inventory/become-vars.js';
import { withImplicitLocalhost } from '../inventory/implicit-localhost.js';
import { selectHosts } from '../inventory/pattern.js';
import type { ModuleDef } from '../modules/contract.js';
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { ModuleTask, Play, Playbook } from '../types/playbook.js';
import type { Connection } from '../transport/connection.js';
import type { Vars } from '../types/vars.js';
import { groupMembers } from '../vars/scope.js';
import { becomeFor, type BecomeDefaults } from './become.js';
import { FactsAhead } from './facts-ahead.js';
import { taskConnection } from './run-task.js';
import { ConnectionPool, type HostConnector } from './connections.js';
import type { Emit, Recap } from './events.js';
import { StartAt, type RunContext } from './run-context.js';
import { runPlay } from './run-play.js';
import { redactingEmit } from './redact.js';
import { collectSecretVars } from './secret-vars.js';
import { SecretValues, secretValues } from '../secrets.js';
import { RunState } from './run-state.js';
import { SharedReads } from './run-cache.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  forks: number;
  /** Host names allowed by --limit; undefined = all. */
  limit?: ReadonlySet<string>;
  tags?: readonly string[];
  skipTags?: readonly string[];
  startAtTask?: string;
  extraVars?: Vars;
  /** The controller's environment, for lookup('env'); src/cli passes its own. */
  controllerEnv?: Readonly<Record<string, string | undefined>>;
  modules: ReadonlyMap<string, ModuleDef<Record<string, unknown>>>;
  connect: HostConnector;
  emit: Emit;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** -b, --become-user, and the sudo password from -K or RUNBOOK_BECOME_PASSWORD. */
  become?: BecomeDefaults;
  /** More values to mask in every event (SSH passwords). */
  secrets?: readonly string[];
  /** Aborted (its reason the signal's name) on SIGINT/SIGTERM: no new task starts. */
  interrupt?: AbortSignal;
  /** Seconds running tasks get after an interrupt before their commands are stopped (default 10). */
  graceS?: number;
  /** Aborted (its reason the signal's name) on a second signal: running commands are stopped at once, without the grace. */
  hurry?: AbortSignal;
}

export interface RunOutcome {
  recap: Recap;
  /** Hosts failed at the end of the run (a failure clear_host_errors cleared is not): the exit code reads them. */
  failedHosts: string[];
  stopped: boolean;
  /** The run was interrupted (the reason: the signal's name). */
  interrupted?: string;
  /** --start-at-task named a task that never came. */
  startAtMissed: boolean;
}

export async function runPlaybook(playbook: Playbook, listedHosts: Inventory, opts: RunOptions): Promise<RunOutcome> {
  const inventory = withImplicitLocalhost(listedHosts);
  const now = opts.now ?? Date.now;
  const started = now();
  // Before any host is touched: a bad ansible_become* value is an input error.
  const hostBecome = new Map<string, HostBecome>([...inventory.hosts.values()].map((h) => [h.name, becomeVars(h)]));
  const become = opts.become ?? { become: false };
  const secrets = new SecretValues(secretValues);
  for (const s of [become.password, ...[...hostBecome.values()].map((b) => b.password), ...(opts.secrets ?? [])])
    secrets.add(s);
  collectSecretVars(playbook.plays, inventory, opts.extraVars ?? {}, secrets);
  const emit = redactingEmit(opts.emit, secrets);
  try {
    return await runWith(playbook, inventory, opts, emit, { become, hostBecome, now, started });
  } catch (err) {
    // An error that escapes the run is printed by the CLI: it leaves masked too.
    throw err instanceof Error ? secrets.maskError(err) : err;
  }
}

interface RunSetup {
  become: BecomeDefaults;
  hostBecome: Map<string, HostBecome>;
  now: () => number;
  started: number;
}

async function runWith(
  playbook: Playbook,
  inventory: Inventory,
  opts: RunOptions,
  emit: Emit,
  { become, hostBecome, now, started }: RunSetup,
): Promise<RunOutcome> {
  const state = new RunState(inventory);
  const pool = new ConnectionPool(opts.connect);
  const grace = graceAfterInterrupt(opts.interrupt, opts.hurry, opts.graceS ?? 10, emit);
  const cache = new SharedReads();
  const factsAhead = new FactsAhead({
    open: async (name, play) => {
      const host = inventory.hosts.get(name) as InventoryHost;
      let conn: Connection;
      try {
        conn = await pool.get(host);
      } catch (err) {
        // Not reached now: the batch's own Gathering Facts tries again, and reports what it meets.
        await pool.reset(name);
        throw err;
      }
      const gather = play.gatherFacts as ModuleTask;
      return taskConnection(
        conn,
        becomeFor(gather, play, hostBecome.get(name) ?? {}, become, {}, false),
        {},
        grace.cancel,
      );
    },
    changesOn: (name) => cache.changesOn(name),
    window: opts.forks,
  });
  const warned = new Set<string>();
  const run: RunContext = {
    state,
    modules: opts.modules,
    emit,
    warn: (msg) => {
      if (warned.has(msg)) return;
      warned.add(msg);
      emit({ kind: 'warning', msg });
    },
    forks: opts.forks,
    check: opts.check,
    tags: { only: new Set(opts.tags ?? []), skip: new Set(opts.skipTags ?? []) },
    startAt: new StartAt(opts.startAtTask),
    extraVars: opts.extraVars ?? {},
    groups: groupMembers(inventory),
    playbookDir: playbook.dir,
    inventorySources: inventory.sources,
    controllerEnv: opts.controllerEnv ?? {},
    connect: (name) => {
      const host = inventory.hosts.get(name);
      if (!host) return Promise.reject(new Error(`delegate_to: "${name}" is not a host of the inventory`));
      return pool.get(host);
    },
    resetConnection: (name) => pool.reset(name),
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    become,
    hostBecome,
    interrupt: opts.interrupt,
    cancel: grace.cancel,
    cache,
    factsAhead,
  };
  emit({ kind: 'run-start', playbook: playbook.file, check: opts.check, diff: opts.diff });
  let stopped = false;
  const signal = () => String(opts.interrupt?.reason ?? 'interrupt');
  try {
    const hostsOf = (play: Play) =>
      selectHosts(inventory, play.hosts).filter((h) => (!opts.limit || opts.limit.has(h)) && !state.droppedOut(h));
    for (const [index, play] of playbook.plays.entries()) {
      if (opts.interrupt?.aborted) {
        emit({ kind: 'run-interrupted', interruption: { signal: signal(), midway: [], untouched: [] } });
        break;
      }
      const names = hostsOf(play);
      const hosts = names.map((n) => inventory.hosts.get(n) as InventoryHost);
      emit({ kind: 'play-start', name: play.name, hosts: names, source: play.source });
      // The next play's facts are read while this play runs: from its start for the hosts this play leaves alone,
      // from its last batch for the others (but that batch's own, about to change).
      const next = playbook.plays[index + 1];
      const readNext = (but: string[]) =>
        next &&
        factsAhead.want(
          next,
          hostsOf(next).filter((h) => !but.includes(h)),
        );
      const ahead = !run.startAt.missed;
      if (ahead) {
        factsAhead.want(play, names);
        readNext(names);
      }
      const { stop, interrupted } = await runPlay(play, hosts, run, ahead ? readNext : undefined);
      emit({ kind: 'play-end', name: play.name });
      if (interrupted) {
        emit({ kind: 'run-interrupted', interruption: { signal: signal(), play: play.name, ...interrupted } });
        break;
      }
      if (stop) {
        emit({ kind: 'rollout-stopped', stop });
        stopped = true;
        break;
      }
    }
  } finally {
    grace.end();
    await pool.closeAll();
  }
  emit({ kind: 'run-end', recap: state.recap, durationMs: now() - started });
  return {
    recap: state.recap,
    failedHosts: [...state.recap.keys()].filter((h) => state.failedAtEnd(h)),
    stopped,
    interrupted: opts.interrupt?.aborted ? signal() : undefined,
    startAtMissed: run.startAt.missed,
  };
}

/**
 * On an interrupt, running tasks get `graceS` seconds to finish; then `cancel`
 * aborts and their commands are stopped on the hosts (transport/with-abort.ts).
 * A second signal (`hurry`) stops them at once.
 */
function graceAfterInterrupt(
  interrupt: AbortSignal | undefined,
  hurry: AbortSignal | undefined,
  graceS: number,
  emit: Emit,
): { cancel?: AbortSignal; end: () => void } {
  if (!interrupt) return { end: () => undefined };
  const cancel = new AbortController();
  // Every command under way listens on it (up to --forks at once): not a leak.
  setMaxListeners(0, cancel.signal);
  let timer: NodeJS.Timeout | undefined;
  const onInterrupt = () => {
    const signal = String(interrupt.reason);
    emit({ kind: 'run-interrupting', signal, graceS });
    timer = setTimeout(
      () => cancel.abort(new Error(`interrupted (${signal}): stopped after the ${graceS} s grace`)),
      graceS * 1000,
    );
  };
  const onHurry = () => {
    clearTimeout(timer);
    cancel.abort(
      new Error(`interrupted (${String(interrupt.reason)}): stopped at once by a second ${String(hurry?.reason)}`),
    );
  };
  if (interrupt.aborted) onInterrupt();
  else interrupt.addEventListener('abort', onInterrupt, { once: true });
  if (hurry?.aborted) onHurry();
  else hurry?.addEventListener('abort', onHurry, { once: true });
  return {
    cancel: cancel.signal,
    end: () => {
      clearTimeout(timer);
      interrupt.removeEventListener('abort', onInterrupt);
      hurry?.removeEventListener('abort', onHurry);
    },
  };
}
