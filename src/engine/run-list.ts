// A list of tasks on a set of hosts, in lockstep: each task runs on every host
// still going (bounded by forks) before the next starts. Blocks send the hosts
// that failed inside them to `rescue`, and every host that entered to `always`.
import type { BlockTask, ModuleTask, Play, Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import type { InventoryHost } from '../types/inventory.js';
import { renderDeep } from '../vars/render-value.js';
import { taskScope, withTemplatedValues } from '../vars/scope.js';
import { becomeFor } from './become.js';
import type { Emit, TaskResult } from './events.js';
import { Notifications } from './handlers.js';
import { forEachLimit } from './limit.js';
import { runModuleTask, type TaskOutcome } from './run-task.js';
import type { RunContext } from './run-context.js';
import { selectedByTags } from './tags.js';

/** One batch of one play: the play (its variables) and the batch's handler notifications. */
export interface BatchContext {
  run: RunContext;
  play: Play;
  notifications: Notifications;
  /** Runs the notified handlers now (`meta: flush_handlers`); returns the hosts they lost. */
  flush: (hosts: InventoryHost[]) => Promise<Set<string>>;
}

/** Runs `tasks` on `hosts`; returns the hosts that failed (and were not rescued). */
export async function runList(tasks: readonly Task[], hosts: InventoryHost[], b: BatchContext): Promise<Set<string>> {
  const failed = new Set<string>();
  let active = hosts;
  for (const task of tasks) {
    if (active.length === 0) break;
    const lost = task.kind === 'block' ? await runBlock(task, active, b) : await runStep(task, active, b, false);
    for (const h of lost) failed.add(h);
    active = active.filter((h) => !lost.has(h.name));
  }
  return failed;
}

async function runBlock(block: BlockTask, hosts: InventoryHost[], b: BatchContext): Promise<Set<string>> {
  const failedInBlock = await runList(block.block, hosts, b);
  let failed = failedInBlock;
  if (block.rescue.length > 0 && failedInBlock.size > 0) {
    const rescuing = hosts.filter((h) => failedInBlock.has(h.name) && !b.run.state.unreachable(h.name));
    failed = await runList(block.rescue, rescuing, b);
    for (const h of rescuing) if (!failed.has(h.name)) b.run.state.rescued(h.name);
    for (const h of failedInBlock) if (b.run.state.unreachable(h)) failed.add(h);
  }
  if (block.always.length > 0) {
    const going = hosts.filter((h) => !b.run.state.unreachable(h.name));
    for (const h of await runList(block.always, going, b)) failed.add(h);
  }
  return failed;
}

/** One module task on every host in `hosts`; returns the hosts that failed or were unreachable. */
export async function runStep(task: ModuleTask, hosts: InventoryHost[], b: BatchContext, handler: boolean): Promise<Set<string>> {
  const { run } = b;
  const lost = new Set<string>();
  if (!handler && !run.startAt.reached(task)) return lost;
  if (!selectedByTags(task.tags, run.tags)) return lost;
  const name = task.name ?? task.module;
  if (task.module === 'meta') return b.flush(hosts);
  const module = run.modules.get(task.module);
  if (!module) throw new Error(`bug: module ${task.module} passed validation but is not registered`);
  const targets = task.runOnce ? hosts.slice(0, 1) : hosts;
  run.emit({ kind: 'task-start', name, module: task.module, hosts: targets.map((h) => h.name), source: task.source, handler });
  const hostvars = run.state.hostvars();
  await forEachLimit(targets, run.forks, async (host) => {
    const vars = scopeFor(task, host, b, hostvars);
    const outcome = await runModuleTask({
      task,
      name,
      module,
      host: host.name,
      vars,
      check: run.check,
      playbookDir: run.playbookDir,
      connection: (target) => run.connect(target),
      emit: run.emit,
      now: run.now,
      sleep: run.sleep,
      become: (target) => becomeFor(task, b.play, run.hostBecome.get(target) ?? {}, run.become),
    });
    // run_once: the one result stands for every host of the batch (register, facts, notify).
    for (const h of task.runOnce ? hosts : [host]) record(task, name, h.name, outcome, b, lost);
    emitResult(run.emit, name, outcome.result, task.noLog);
  });
  return lost;
}

/** The task's variables on one host (vars/scope.ts has the precedence). */
function scopeFor(task: ModuleTask, host: InventoryHost, b: BatchContext, hostvars: Record<string, Vars>): Vars {
  const { run, play } = b;
  const scope = taskScope({
    host,
    groups: run.groups,
    hostvars,
    playVars: play.vars,
    varsFiles: play.varsFiles,
    facts: run.state.factsOf(host.name),
    taskVars: task.vars,
    extraVars: run.extraVars,
    playbookDir: run.playbookDir,
    defaults: play.defaults,
    checkMode: run.check,
    controller: { env: run.controllerEnv, playbookDir: run.playbookDir },
  });
  return withTemplatedValues(scope, (value, vars, name) => renderDeep(value, vars, { file: `variable ${name}`, line: 1, col: 1 }));
}

function record(task: ModuleTask, name: string, host: string, o: TaskOutcome, b: BatchContext, lost: Set<string>): void {
  const { state } = b.run;
  const r = { ...o.result, host };
  if (host === o.result.host) state.count(r);
  // As in Ansible, a rescue section reads what failed: ansible_failed_task and ansible_failed_result.
  const failed = r.status === 'failed' && !r.ignored;
  const msg = task.noLog ? 'the output has been hidden due to no_log: true' : (r.msg ?? '');
  if (failed) state.lastFailure.set(host, { task: name, msg });
  const failure = failed ? { ansible_failed_task: { name }, ansible_failed_result: task.noLog ? { msg } : { ...o.registered, msg } } : {};
  const facts = { ...(o.facts ?? {}), ...(task.register ? { [task.register]: o.registered } : {}), ...failure };
  if (Object.keys(facts).length > 0) state.setFacts(host, facts as never);
  if (r.status === 'changed' && task.notify.length > 0) b.notifications.notify(task.notify, host);
  if (r.status === 'unreachable') {
    state.markUnreachable(host);
    lost.add(host);
  } else if (r.status === 'failed' && !r.ignored) lost.add(host);
}

function emitResult(emit: Emit, task: string, result: TaskResult, noLog: boolean): void {
  const hidden = 'the output has been hidden due to no_log: true';
  const shown = noLog ? { ...result, msg: result.msg === undefined ? undefined : hidden, changes: result.changes.map(() => hidden), data: {}, diffs: [], items: undefined } : result;
  emit({ kind: 'task-result', task, result: shown });
}
