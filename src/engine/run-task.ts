// One module task on one host: when → loop → (render, plan, apply) with
// until/retries → changed_when / failed_when → a TaskResult, the value
// `register` stores, and any facts the module set.
import { RunbookError, formatError } from '../errors.js';
import type { FileDiff, ModuleContext, ModuleDef } from '../modules/contract.js';
import { BecomeError, withBecome, type BecomeOptions } from '../transport/become.js';
import { abortReason, TransportError, type Connection } from '../transport/connection.js';
import { withAbortSignal } from '../transport/with-abort.js';
import { withEnvironment } from '../transport/with-environment.js';
import { withCommandOnStdin } from '../transport/stdin-script.js';
import type { ModuleTask } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { conditionHolds } from '../vars/condition/index.js';
import { render } from '../vars/render.js';
import { extendScope } from '../vars/scope.js';
import type { Emit, ItemResult, TaskResult } from './events.js';
import { controllerText } from './controller-text.js';
import { findControllerFile } from './files.js';
import { loopItems } from './loop-items.js';
import { LoopAhead } from './loop-ahead.js';
import { environmentOf, flagKeyword, noLogOf, numberKeyword } from './step-keywords.js';
import { delegateOf, itemLabel, itemScope, renderedArgs, whenHolds as taskWhenHolds } from './task-prep.js';
import { loopVarName } from './loop-vars.js';
import { aggregateItems, changedOf, registeredValue, type Attempt } from './task-result.js';
import type { SharedReads } from './run-cache.js';
import type { HostReading } from '../facts/host/reading.js';

export interface TaskRun {
  task: ModuleTask;
  name: string;
  module: ModuleDef<Record<string, unknown>>;
  host: string;
  vars: Vars;
  check: boolean;
  playbookDir: string;
  /** Opens (or reuses) the connection to an inventory host. */
  connection: (host: string) => Promise<Connection>;
  /** Closes the host's connection and opens a new one (a module that reboots the host). */
  reconnect?: (host: string) => Promise<Connection>;
  emit: Emit;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** sudo settings on the host the task runs on (the delegate's, under delegate_to). */
  become: (target: string, vars: Vars) => BecomeOptions | undefined;
  /** Aborts when an interrupted run's grace is over: the task's commands are stopped on the host. */
  cancel?: AbortSignal;
  cache?: SharedReads;
  /** The play's Gathering Facts: the host's reading started ahead (facts-ahead.ts). */
  gatheredAhead?: () => Promise<HostReading> | undefined;
  /** In a loop: the items' state read at once (loop-ahead.ts). */
  loopAhead?: ModuleContext['loopAhead'];
}

export interface TaskOutcome {
  result: TaskResult;
  /** What `register:` stores on the host. */
  registered: Record<string, unknown>;
  facts?: Record<string, unknown>;
}

export async function runModuleTask(run: TaskRun): Promise<TaskOutcome> {
  const started = run.now();
  const finish = (a: Attempt, items?: ItemResult[]): TaskOutcome => {
    const result: TaskResult = {
      host: run.host,
      delegatedTo: a.delegatedTo,
      status: a.status,
      ignored:
        a.status === 'failed' && flagKeyword(run.task, 'ignore_errors', run.task.ignoreErrors, run.vars)
          ? true
          : undefined,
      changed: a.status === 'failed' && a.changed === true ? true : undefined,
      changes: a.changes,
      diffs: a.diffs,
      msg: a.msg,
      data: a.data,
      items,
      durationMs: run.now() - started,
    };
    return {
      result,
      registered: registeredValue(
        a,
        items && {
          items,
          attempts: loopAttempts,
          loopVar: loopVarName(run.task, run.vars),
          indexVar: run.task.indexVar,
        },
      ),
      facts: a.facts,
    };
  };
  const loopAttempts: Attempt[] = [];
  try {
    noLogOf(run.task, run.vars);
    if (run.task.loop === undefined) {
      if (!whenHolds(run, run.vars)) return finish(conditionFalse());
      const a = await withTimeout(run, (signal) => untilDone(run, run.vars, signal));
      return finish(a === TIMED_OUT ? timedOut(run) : a);
    }
    const items = loopItemsOrSkip(run);
    if (items === 'skipped') return finish(conditionFalse());
    // As Ansible: a loop over nothing is skipped.
    if (items.length === 0) return finish({ ...conditionFalse(), msg: 'no items in the list' }, []);
    const attempts = loopAttempts;
    const { loopPause } = run.task;
    const itemVars: Vars[] = [];
    const ahead = run.cache && run.module.readsLoopAhead ? new LoopAhead(run, items, run.cache) : undefined;
    const pauseSeconds =
      loopPause === undefined ? 0 : numberKeyword(run.task, 'loop_control.pause', loopPause, run.vars, 0);
    // With a loop, `when` is decided per item, as Ansible does (it may name the item).
    const outcome = await withTimeout(run, async (signal) => {
      // As Ansible's task executor: the facts an item sets (set_fact accumulating a list) are the next item's variables.
      let learnt: Vars = {};
      for (const i of items.keys()) {
        const vars = itemScope(run.task, run.vars, items, i, learnt);
        itemVars.push(vars);
        if (i > 0 && pauseSeconds) await pause(run, pauseSeconds, signal);
        const itemRun = ahead ? { ...run, loopAhead: ahead.forItem(vars) } : run;
        const a = whenHolds(run, vars) ? await untilDone(itemRun, vars, signal) : conditionFalse();
        // The item the timeout cut short is reported below, as timed out.
        if (signal?.aborted) return;
        attempts.push(a);
        if (a.facts) learnt = { ...learnt, ...(a.facts as Vars) };
      }
    });
    const itemResult = (i: number, a: Pick<Attempt, 'status' | 'msg'>): ItemResult => ({
      item: items[i],
      label: labelOf(run, itemVars[i] as Vars),
      status: a.status,
      msg: a.msg,
    });
    const done = attempts.map((a, i) => itemResult(i, a));
    if (outcome !== TIMED_OUT) return finish(aggregateItems(attempts), done);
    const cut = timedOut(run);
    return finish(cut, attempts.length < items.length ? [...done, itemResult(attempts.length, cut)] : done);
  } catch (err) {
    return finish(failure(err));
  }
}

const whenHolds = (run: TaskRun, vars: Vars): boolean => taskWhenHolds(run.task, vars);

const conditionFalse = (): Attempt => ({
  status: 'skipped',
  changes: [],
  diffs: [],
  data: {},
  msg: 'condition is false',
});

/**
 * As Ansible does: a loop that cannot be evaluated (say, over a register of a
 * task that was skipped) is an error only if the task would run. `when` is then
 * decided without the item; if it needs the item, the loop's error stands.
 */
function loopItemsOrSkip(run: TaskRun): unknown[] | 'skipped' {
  try {
    return loopItems(run.task, run.vars, run.playbookDir);
  } catch (loopError) {
    let holds: boolean;
    try {
      holds = whenHolds(run, run.vars);
    } catch {
      throw loopError;
    }
    if (holds) throw loopError;
    return 'skipped';
  }
}

const labelOf = (run: TaskRun, vars: Vars): string | undefined => itemLabel(run.task, vars);

const TIMED_OUT = Symbol('timed out');
/** How long a timed-out task's work gets to stop its remote commands before the task is reported. */
const WIND_DOWN_MS = 15_000;

const timeoutOf = (run: TaskRun): number | undefined =>
  run.task.timeout === undefined
    ? undefined
    : numberKeyword(run.task, 'timeout', run.task.timeout, run.vars, undefined);
const timedOut = (run: TaskRun): Attempt => ({
  status: 'failed',
  changes: [],
  diffs: [],
  data: {},
  msg: `task timed out after ${timeoutOf(run)} s`,
});

/**
 * `timeout:` aborts the work's signal, which stops its commands on the host
 * (see with-abort.ts). The task is reported once they are stopped, so a failed
 * task leaves nothing running; work that does not stop is not waited for long.
 */
async function withTimeout<T>(run: TaskRun, work: (signal?: AbortSignal) => Promise<T>): Promise<T | typeof TIMED_OUT> {
  const seconds = timeoutOf(run);
  if (seconds === undefined) return work(run.cancel);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>(
    (resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), seconds * 1000)),
  );
  const running = work(run.cancel ? AbortSignal.any([controller.signal, run.cancel]) : controller.signal);
  try {
    const first = await Promise.race([running, expired]);
    if (first !== TIMED_OUT) return first;
  } finally {
    clearTimeout(timer);
  }
  controller.abort(new Error(`task timed out after ${seconds} s`));
  const windDown = new Promise<void>((resolve) => (timer = setTimeout(resolve, WIND_DOWN_MS)));
  await Promise.race([running.catch(() => undefined), windDown]);
  clearTimeout(timer);
  return TIMED_OUT;
}

// until: try again (after `delay` s) while the condition is false, `retries` times.
async function untilDone(run: TaskRun, vars: Vars, signal?: AbortSignal): Promise<Attempt> {
  const { until } = run.task;
  // As Ansible, a retries or delay that is not a number fails the task before it runs.
  const retries = numberKeyword(run.task, 'retries', run.task.retries, vars, 3);
  const delay = numberKeyword(run.task, 'delay', run.task.delay, vars, 5);
  let attempt = await once(run, vars, signal);
  if (!until) return attempt;
  for (let n = 1; ; n++) {
    const holds =
      attempt.status !== 'unreachable' && conditionHolds(until.value, resultScope(run, vars, attempt), until.source);
    if (holds) return { ...attempt, data: { ...attempt.data, attempts: n } };
    if (signal?.aborted) return attempt;
    if (n > retries) {
      // ansible-core 2.14 runs retries + 1 attempts but registers `attempts: retries` when all failed; the last
      // attempt's result stands, failed, and changed when it was (a command that ran).
      const registered = retries > 0 ? retries : n;
      return {
        ...attempt,
        status: 'failed',
        changed: changedOf(attempt),
        msg: `still not done after ${n} attempts${attempt.msg ? `: ${attempt.msg}` : ''}`,
        data: { ...attempt.data, attempts: registered },
      };
    }
    run.emit({
      kind: 'task-retry',
      task: run.name,
      host: run.host,
      attempt: n,
      retriesLeft: retries - n + 1,
      msg: noLogOf(run.task, vars) ? undefined : attempt.msg,
    });
    await pause(run, delay, signal);
    if (signal?.aborted) return attempt;
    // A retry waits for the host to move: it reads anew, never what the loop read at its start.
    attempt = await once({ ...run, loopAhead: undefined }, vars, signal);
  }
}

/** A retry's delay or a loop's pause, cut short when the task's signal aborts (a timeout, an interrupt's grace over). */
function pause(run: TaskRun, seconds: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return run.sleep(seconds * 1000);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void run.sleep(seconds * 1000).then(done);
  });
}

/** Conditions on a result see it both bare (rc, stdout, …) and under the `register` name. */
function resultScope(run: TaskRun, vars: Vars, a: Attempt): Record<string, unknown> {
  const reg = registeredValue(a);
  return extendScope(vars, { ...reg, ...(run.task.register ? { [run.task.register]: reg } : {}) });
}

async function once(run: TaskRun, vars: Vars, signal?: AbortSignal): Promise<Attempt> {
  let attempt: Attempt;
  try {
    attempt = await planAndApply(run, vars, signal);
  } catch (err) {
    return failure(err);
  }
  return judged(run, vars, attempt);
}

/** A file's diff as Ansible's modules register it under `diff`. */
function registeredDiff(d: FileDiff): Record<string, unknown> {
  return { before: d.before, after: d.after, before_header: d.path, after_header: d.path };
}

async function planAndApply(run: TaskRun, vars: Vars, signal = NEVER): Promise<Attempt> {
  const { task, module } = run;
  const { args, invalid } = renderedArgs(task, vars, module);
  if (invalid) return { status: 'failed', changes: [], diffs: [], data: {}, msg: invalid };
  const delegateTo = delegateOf(task, vars);
  const target = delegateTo ?? run.host;
  const conn = decorate(await run.connection(target), run, vars, target, signal);
  const check =
    task.checkMode === undefined ? run.check : flagKeyword(task, 'check_mode', task.checkMode, vars, run.check);
  const plan = await module.plan(args, {
    conn,
    host: run.host,
    check,
    vars,
    source: task.source,
    delegateTo,
    findFile: (kind, name) => findControllerFile(run.playbookDir, kind, name, task.role?.dir),
    renderFile: (path) => render(controllerText(path), vars, { file: path, line: 1, col: 1 }),
    signal,
    cache: run.cache,
    gatheredAhead: run.gatheredAhead,
    loopAhead: run.loopAhead,
    playbookDir: run.playbookDir,
    roleDir: task.role?.dir,
    reconnect: run.reconnect && (async () => decorate(await run.reconnect!(target), run, vars, target, signal)),
  });
  // diff: false keeps the task's diffs out (of --diff's output too); its diff: keyword wins over --diff
  // (ansible_diff_mode) for what is registered as `diff`, as in Ansible.
  const diffOn = task.diff === undefined ? undefined : flagKeyword(task, 'diff', task.diff, vars, undefined);
  const diffs = diffOn === false ? [] : plan.changes.flatMap((c) => (c.diff ? [c.diff] : []));
  const base = { changes: plan.changes.map((c) => c.summary), diffs, facts: plan.facts };
  const registersDiff = (diffOn ?? vars.ansible_diff_mode === true) && diffs.length > 0;
  const data = registersDiff ? { ...plan.data, diff: diffs.map(registeredDiff) } : (plan.data ?? {});
  const delegatedTo = target === run.host ? undefined : target;
  if (plan.failed) return { ...base, status: 'failed', msg: plan.failed, data, delegatedTo };
  if (plan.skipped !== undefined) return { ...base, status: 'skipped', msg: plan.skipped, data, delegatedTo };
  if (plan.changes.length === 0) return { ...base, status: 'ok', msg: plan.msg, data, delegatedTo };
  if (check) {
    if (module.checkMode === 'skip')
      return { ...base, status: 'skipped', msg: 'not run in check mode', data, delegatedTo };
    return { ...base, status: 'changed', data, delegatedTo };
  }
  let merged = data;
  let msg: string | undefined;
  // From here on, shared reads no longer tell about these hosts (run-cache.ts).
  for (const h of new Set([run.host, target])) run.cache?.changing(h);
  for (const change of plan.changes) {
    if (signal.aborted) throw abortReason(signal);
    const r = (await change.apply()) ?? {};
    merged = { ...merged, ...r.data };
    msg = r.msg ?? msg;
    const failed = { status: 'failed' as const, msg: msg ?? `failed: ${change.summary}`, changed: r.changed };
    if (r.failed) return { ...base, ...failed, data: merged, delegatedTo };
  }
  return { ...base, status: 'changed', msg, data: merged, delegatedTo };
}

/** The signal of a task without `timeout:`. */
const NEVER = new AbortController().signal;

// timeout, become and environment wrap the host's one connection for this task
// only; the environment goes inside sudo, which would otherwise reset it.
function decorate(conn: Connection, run: TaskRun, vars: Vars, target: string, signal: AbortSignal): Connection {
  return taskConnection(
    conn,
    run.become(target, vars),
    environmentOf(run.task, vars),
    signal === NEVER ? undefined : signal,
  );
}

/** The host's connection as a task runs on it: through sudo or not, with its environment, stopped by `signal`. */
export function taskConnection(
  conn: Connection,
  become: BecomeOptions | undefined,
  env: Record<string, string>,
  signal?: AbortSignal,
): Connection {
  // Either way the command goes on stdin, off the host's process list (transport/stdin-script.ts).
  const base = become ? withBecome(conn, become) : withCommandOnStdin(conn);
  const out = withEnvironment(base, env);
  // Outermost: the command that stops a timed-out one must not carry the aborted signal itself.
  return signal === undefined ? out : withAbortSignal(out, signal);
}

// changed_when / failed_when replace the module's verdict, in Ansible's order: changed_when first, on failures too.
function judged(run: TaskRun, vars: Vars, a: Attempt): Attempt {
  const { changedWhen, failedWhen } = run.task;
  if ((!changedWhen && !failedWhen) || a.status === 'unreachable' || a.status === 'skipped') return a;
  const scope = resultScope(run, vars, a);
  const changed = changedWhen ? conditionHolds(changedWhen.value, scope, changedWhen.source) : changedOf(a);
  const failed = failedWhen ? conditionHolds(failedWhen.value, scope, failedWhen.source) : a.status === 'failed';
  // As Ansible, the result says what failed_when decided.
  const data = failedWhen ? { ...a.data, failed_when_result: failed } : a.data;
  if (failed) return { ...a, data, status: 'failed', msg: a.msg ?? 'failed_when condition is true', changed };
  return { ...a, data, status: changed ? 'changed' : 'ok', changed: undefined };
}

function failure(err: unknown): Attempt {
  const base = { changes: [], diffs: [], data: {} };
  if (err instanceof TransportError) return { ...base, status: 'unreachable', msg: err.message };
  if (err instanceof RunbookError) return { ...base, status: 'failed', msg: formatError(err) };
  // sudo refused: its message says all; a stack trace would only bury it.
  if (err instanceof BecomeError) return { ...base, status: 'failed', msg: err.message };
  const e = err as Error;
  return { ...base, status: 'failed', msg: e?.message ?? String(err), data: { exception: e?.stack } };
}
