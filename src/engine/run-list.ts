// A list of tasks on a set of hosts, in lockstep: each task runs on every host
// the batch's table says goes on (bounded by forks) before the next starts. A
// host that fails leaves the list (host-table.ts); blocks take the hosts that
// failed inside them back for `rescue`, and every host that entered for `always`.
// After every step the batch's failure policy is read; once it (or an
// interrupt) says stop, no new task starts anywhere in the batch. When
// any_errors_fatal fires, the other hosts leave the list with the failing ones
// (to the rescue, else the always, of their blocks).
import type { BlockTask, IncludeTask, ModuleTask, Play, Task, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { InventoryHost } from '../types/inventory.js';
import { hostsNewToRole } from './role-once.js';
import { becomeFor } from './become.js';
import type { Emit, TaskResult } from './events.js';
import { policyAfterStep } from './failure-policy.js';
import type { Notifications } from './handlers.js';
import type { HostTable } from './host-table.js';
import { scopeOf, shownName } from './task-prep.js';
import { forEachLimit } from './limit.js';
import { magicVars, type PlayPlace } from './magic-vars.js';
import { nameInRole } from './role-task-name.js';
import { keptAsData } from '../vars/unsafe-values.js';
import { runInclude, type IncludeRun } from './run-include.js';
import { runMeta, type MetaRun } from './run-meta.js';
import { runModuleTask, type TaskOutcome } from './run-task.js';
import type { RunContext } from './run-context.js';
import { noLogOf, stepKeywords } from './step-keywords.js';
import { selectedByTags } from './tags.js';
import { stepLimit } from './throttle.js';

/** One batch of one play: the play (its variables), the batch's host states and handler notifications. */
export interface BatchContext {
  run: RunContext;
  play: Play;
  table: HostTable;
  notifications: Notifications;
  /** Runs the notified handlers now (`meta: flush_handlers`). */
  flush: (hosts: InventoryHost[]) => Promise<void>;
  /** Set by the failure policy: why the play stops (no new task starts). */
  stop?: string;
  /** Set when any_errors_fatal first fired in this batch: why (hosts it left failed stop the rollout). */
  fatal?: string;
  /** Hosts an interrupt caught inside a block with a rescue: the innermost such block. */
  cutInBlock: Map<string, BlockTask>;
  /** Every host of the play (ansible_play_hosts). */
  playHosts: readonly string[];
  /** Set while an include_tasks handler runs: the tasks it brings in are shown as handlers, as Ansible shows them. */
  inHandler?: boolean;
  /** strategy free: hosts reach each task on their own, and this bounds them (forks, throttle) across the batch. */
  gate?: (task: ModuleTask, throttle: number, run: () => Promise<void>) => Promise<void>;
}

/** No new task starts: the failure policy stopped the play, or the run was interrupted. */
export function halted(b: BatchContext): boolean {
  return b.stop !== undefined || b.run.interrupt?.aborted === true;
}

/**
 * Runs `tasks` on `hosts`, each task on the hosts the table says go on.
 * `catching`: an enclosing block has a rescue, so a failure here is rescued
 * rather than failed.
 */
export async function runList(
  tasks: readonly Task[],
  hosts: InventoryHost[],
  b: BatchContext,
  catching = false,
): Promise<void> {
  for (const task of tasks) {
    const active = b.table.goingOn(hosts);
    if (active.length === 0 || halted(b)) break;
    if (task.kind === 'block') await runBlock(task, active, b, catching);
    else if (task.kind === 'include') await runIncludeStep(task, active, b, catching);
    else if (task.kind === 'meta') await runMeta(task, active, metaRun(b, catching));
    else await runStep(task, active, b, false, catching);
  }
}

/**
 * A block on `hosts`: those its body failed into a rescue run the rescue, and every
 * host that entered (but an unreachable or ended one) runs the always; the hosts
 * that left the body unrescued, or left the rescue or the always, stay out.
 */
async function runBlock(block: BlockTask, all: InventoryHost[], b: BatchContext, catching: boolean): Promise<void> {
  const { table } = b;
  const hosts = block.onceKey === undefined ? all : hostsNewToRole(b.run, b.play, block.onceKey, all);
  if (hosts.length === 0) return;
  const rescues = block.rescue.length > 0;
  await runList(block.block, hosts, b, catching || rescues);
  if (rescues && b.run.interrupt?.aborted)
    for (const h of hosts) if (!b.cutInBlock.has(h.name)) b.cutInBlock.set(h.name, block);
  // Unreachable hosts (and a flushed handler's failures) are not rescued.
  const rescuing = rescues ? table.leftOf(hosts).filter((h) => table.state(h.name) === 'rescuing') : [];
  // A play stopped before the rescue ran leaves these hosts failed.
  if (halted(b)) for (const h of rescuing) table.leave(h.name, 'failed');
  else if (rescuing.length > 0) {
    for (const h of rescuing) table.takeBack(h.name);
    await runList(block.rescue, rescuing, b, catching);
    for (const h of table.goingOn(rescuing)) if (table.state(h.name) === 'rescuing') table.set(h.name, 'rescued');
  }
  if (block.always.length > 0 && !halted(b)) {
    const leaving = table.leftOf(hosts);
    const going = hosts.filter((h) => table.state(h.name) !== 'unreachable' && table.state(h.name) !== 'ended');
    for (const h of going) table.takeBack(h.name);
    await runList(block.always, going, b, catching);
    // A host the body (or rescue) let go runs the always, then leaves all the same, unless the always cleared its errors.
    for (const h of leaving) if (!table.cleared.delete(h.name)) table.leave(h.name);
  }
}

/** An include: its tasks read the policy after each step themselves; here only the include's own failures. */
async function runIncludeStep(
  task: IncludeTask,
  hosts: InventoryHost[],
  b: BatchContext,
  catching: boolean,
): Promise<void> {
  const own: string[] = [];
  await runInclude(task, hosts, includeRun(b, catching, own));
  readPolicy(b, own, hosts, catching, task);
}

// A no_log template that cannot render fails the task before it runs (run-task.ts), showing why.
function hiddenOn(task: ModuleTask, vars: Vars): boolean {
  try {
    return noLogOf(task, vars);
  } catch {
    return false;
  }
}

/** One module task on every host in `hosts`; then the failure policy reads the table. */
export async function runStep(
  task: ModuleTask,
  hosts: InventoryHost[],
  b: BatchContext,
  handler: boolean,
  catching = false,
): Promise<void> {
  const { run } = b;
  if (!handler && !run.startAt.reached(task)) return;
  // Built only once the step is known to run (or a templated tag needs it): a step left out by --tags costs nothing.
  let known: Record<string, Vars> | undefined;
  const allHostvars = () => (known ??= run.state.hostvars());
  // With the first host's variables, as Ansible decides them.
  const first = stepKeywords(task, () => (hosts[0] ? scopeFor(task, hosts[0], b, allHostvars()) : {}));
  // As ansible-core 2.14: --tags and --skip-tags choose tasks, never a notified handler (nor what it includes).
  if (!handler && b.inHandler !== true && !selectedByTags(first.tags(), run.tags)) return;
  const hostvars = allHostvars();
  const module = run.modules.get(task.module);
  if (!module) throw new Error(`bug: module ${task.module} passed validation but is not registered`);
  const runOnce = first.runOnce();
  const targets = runOnce ? hosts.slice(0, 1) : hosts;
  const name = shownNameOn(task, targets[0], b, hostvars);
  run.emit({
    kind: 'task-start',
    name,
    module: task.module,
    hosts: targets.map((h) => h.name),
    source: task.source,
    handler: handler || b.inHandler === true,
  });
  // The hosts this step failed or found unreachable, for the failure policy.
  const lost: string[] = [];
  const runOn = async (host: InventoryHost): Promise<void> => {
    const vars = scopeFor(task, host, b, hostvars);
    const noLog = hiddenOn(task, vars);
    const ran = await runModuleTask({
      task,
      name,
      module,
      host: host.name,
      vars,
      check: run.check,
      playbookDir: b.play.dir,
      connection: (target) => run.connect(target),
      reconnect: async (target) => {
        await run.resetConnection?.(target);
        return run.connect(target);
      },
      emit: run.emit,
      now: run.now,
      sleep: run.sleep,
      cancel: run.cancel,
      cache: run.cache,
      become: (target, vars) =>
        becomeFor(task, b.play, run.hostBecome.get(target) ?? {}, run.become, vars, target === host.name),
      gatheredAhead: task === b.play.gatherFacts ? () => run.factsAhead?.take(host.name, b.play) : undefined,
    });
    const outcome = { ...ran, result: rescuedIf(caught(b, ran.result, catching), ran.result) };
    // run_once: the one result stands for every host of the batch (register, facts, notify).
    for (const h of runOnce ? hosts : [host]) if (record(task, name, h.name, outcome, b, noLog)) lost.push(h.name);
    emitResult(run.emit, name, outcome.result, noLog);
  };
  const { gate } = b;
  const throttle = first.throttle();
  await forEachLimit(
    targets,
    stepLimit(throttle, run.forks),
    gate ? (host) => gate(task, throttle, () => runOn(host)) : runOn,
  );
  readPolicy(b, lost, hosts, catching, task);
}

/** The shown name (task-prep.ts), rendered with the variables of the first host the task runs on. */
function shownNameOn(
  task: ModuleTask,
  first: InventoryHost | undefined,
  b: BatchContext,
  hostvars: Record<string, Vars>,
): string {
  return shownName(task, first && (() => scopeFor(task, first, b, hostvars)));
}

function metaRun(b: BatchContext, catching: boolean): MetaRun {
  return {
    run: b.run,
    table: b.table,
    scope: (t, h) => scopeFor(t, h, b, b.run.state.hostvars()),
    // As Ansible: a flush_handlers whose `when` is false flushes nothing there (runMeta decides who flushes).
    flush: async (hosts) => {
      await b.flush(hosts);
      readPolicy(
        b,
        b.table.leftOf(hosts).map((h) => h.name),
        hosts,
        catching,
      );
    },
    endPlay: () => b.table.endPlay(),
  };
}

/** `own`: the hosts whose include itself failed, for the failure policy. */
function includeRun(b: BatchContext, catching: boolean, own: string[]): IncludeRun {
  return {
    run: b.run,
    play: b.play,
    handler: b.inHandler === true,
    table: b.table,
    scope: (t, h) => scopeFor(t, h, b, b.run.state.hostvars()),
    runTasks: (list, hs) => runList(list, hs, b, catching),
    record: (result, name) => {
      const r = rescuedIf(caught(b, result, catching), result);
      b.run.state.count(r);
      if (b.table.settle(r, name, r.msg ?? '')) own.push(r.host);
      return r;
    },
  };
}

/** A failure an enclosing rescue takes over (after an interrupt no rescue runs: the failure stands). */
function caught(b: BatchContext, r: TaskResult, catching: boolean): boolean {
  return catching && r.status === 'failed' && !r.ignored && b.run.interrupt?.aborted !== true;
}

function rescuedIf(rescued: boolean, r: TaskResult): TaskResult {
  return rescued ? { ...r, rescued: true } : r;
}

/**
 * After a step: the failure policy decides on the table the step left (not after an
 * interrupt: the run ends anyway). `lost`: the hosts the step failed or found
 * unreachable. With any_errors_fatal every host that ran the step leaves the list.
 */
function readPolicy(
  b: BatchContext,
  lost: readonly string[],
  ran: InventoryHost[],
  catching: boolean,
  step?: TaskCommon,
): void {
  if (halted(b)) return;
  // A task's or block's own any_errors_fatal wins over the play's.
  // As ansible-core 2.14's strategy, which reads the keyword unrendered: a template counts as set.
  const play = {
    ...b.play,
    anyErrorsFatal: step?.anyErrorsFatal === undefined ? b.play.anyErrorsFatal : step.anyErrorsFatal !== false,
  };
  const { stop, fatal } = policyAfterStep(play, b.table, lost);
  if (fatal) {
    b.fatal ??= fatal.reason;
    failWithOthers(b, fatal.sweep, ran, catching);
    for (const h of ran) b.table.leave(h.name);
  }
  b.stop = stop;
}

/**
 * any_errors_fatal fails the other hosts where each stands, as Ansible's
 * iterator does: one that ran the step goes to its block's rescue (or always);
 * one waiting for a rescue of an enclosing block loses it (its always still
 * runs); any other is stopped.
 */
function failWithOthers(b: BatchContext, others: readonly string[], ran: InventoryHost[], catching: boolean): void {
  const here = new Set(ran.map((h) => h.name));
  for (const h of others) {
    if (here.has(h)) b.table.leave(h, catching ? 'rescuing' : 'stopped');
    else b.table.leave(h, b.table.state(h) === 'rescuing' ? 'failed' : 'stopped');
  }
}

/** The task's variables on one host (task-prep.ts), with the run's facts and magic variables. */
function scopeFor(task: TaskCommon, host: InventoryHost, b: BatchContext, hostvars: Record<string, Vars>): Vars {
  const { run, play } = b;
  const place = { ...goingHosts(b), playHostsAll: b.playHosts, roleNames: play.roleNames };
  return scopeOf(task, play, {
    host,
    groups: run.groups,
    hostvars,
    facts: run.state.factsOf(host.name),
    setVars: run.state.setVarsOf(host.name),
    extraVars: run.extraVars,
    playbookDir: run.playbookDir,
    checkMode: run.check,
    controllerEnv: run.controllerEnv,
    magic: magicVars(task, host, run, place),
  });
}

const goingAt = new WeakMap<BatchContext, { version: number; going: Pick<PlayPlace, 'playHosts' | 'batch'> }>();

/**
 * The play's and the batch's hosts still going (ansible_play_hosts, ansible_play_batch): read once
 * while the batch's table is unchanged, not once a host (at 2,000 hosts that was 2,000² reads a task).
 */
function goingHosts(b: BatchContext): Pick<PlayPlace, 'playHosts' | 'batch'> {
  const known = goingAt.get(b);
  if (known?.version === b.table.version) return known.going;
  const { state } = b.run;
  const going = (h: string) => !state.droppedOut(h) && (!b.table.has(h) || b.table.going(h));
  const fresh = { playHosts: b.playHosts.filter(going), batch: b.table.hosts.filter(going) };
  goingAt.set(b, { version: b.table.version, going: fresh });
  return fresh;
}

/** One host's result: counted, kept in the table, and its facts set; returns whether the host left the list. */
function record(
  task: ModuleTask,
  name: string,
  host: string,
  o: TaskOutcome,
  b: BatchContext,
  noLog: boolean,
): boolean {
  const { state } = b.run;
  const r = { ...o.result, host };
  // As in Ansible, a rescue section reads what failed: ansible_failed_task and ansible_failed_result.
  const failed = r.status === 'failed' && !r.ignored;
  if (host === o.result.host) state.count(r);
  const msg = noLog ? 'the output has been hidden due to no_log: true' : (r.msg ?? '');
  const failure = failed
    ? {
        // The task's own name, rendered, without its role's prefix ('' when unnamed), as Ansible's task.name.
        ansible_failed_task: keptAsData({
          name: task.name === undefined ? '' : name.slice(nameInRole(task.role, '').length),
        }),
        // Kept as data, as register keeps it: the message may quote the template that failed.
        ansible_failed_result: keptAsData(noLog ? { msg } : { ...o.registered, msg }),
      }
    : {};
  // delegate_facts: what the module set goes to the delegate; register stays with this host.
  const delegate = task.delegateFacts ? o.result.delegatedTo : undefined;
  // set_fact's variables sit above task vars; other modules' facts (setup) below play vars, as Ansible keeps them.
  const layer = b.run.modules.get(task.module)?.setsVariables ? 'set' : 'facts';
  if (delegate !== undefined && o.facts) state.setFacts(delegate, o.facts as never, layer);
  if (delegate === undefined && o.facts) state.setFacts(host, o.facts as never, layer);
  const set = { ...(task.register ? { [task.register]: o.registered } : {}), ...failure };
  if (Object.keys(set).length > 0) state.setFacts(host, set as never);
  if (r.status === 'changed' && task.notify.length > 0) b.notifications.notify(task.notify, host);
  return b.table.settle(r, name, msg);
}

function emitResult(emit: Emit, task: string, result: TaskResult, noLog: boolean): void {
  const hidden = 'the output has been hidden due to no_log: true';
  const shown = noLog
    ? {
        ...result,
        msg: result.msg === undefined ? undefined : hidden,
        changes: result.changes.map(() => hidden),
        data: {},
        diffs: [],
        items: undefined,
      }
    : result;
  emit({ kind: 'task-result', task, result: shown });
}
