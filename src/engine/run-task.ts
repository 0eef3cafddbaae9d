// One task on one host: render arguments, plan through the module, apply the
// changes unless --check, and turn the outcome into a TaskResult.
import { readFileSync } from 'node:fs';
import { RunbookError, formatError } from '../errors.js';
import type { Change, ModuleDef, ModulePlan } from '../modules/contract.js';
import { TransportError, type Connection } from '../transport/connection.js';
import type { Task } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { render, renderDeep } from '../vars/render.js';
import type { HostStatus, TaskResult } from './events.js';
import { renderedArgsError } from './check-args.js';
import { findControllerFile } from './files.js';

export interface TaskRun {
  task: Task;
  module: ModuleDef<Record<string, unknown>>;
  host: string;
  vars: Vars;
  check: boolean;
  playbookDir: string;
  connection: () => Promise<Connection>;
}

export async function runTask(run: TaskRun, now: () => number): Promise<TaskResult> {
  const started = now();
  const done = (status: HostStatus, rest: Partial<TaskResult> = {}): TaskResult => ({
    host: run.host,
    status,
    changes: [],
    diffs: [],
    data: {},
    ...rest,
    durationMs: now() - started,
  });
  try {
    const args = renderDeep(run.task.args, run.vars, run.task.source) as Record<string, unknown>;
    const invalid = renderedArgsError(run.module.name, run.module.schema, args);
    if (invalid) return done('failed', { msg: invalid });
    const conn = await run.connection();
    const plan = await run.module.plan(args, {
      conn,
      host: run.host,
      check: run.check,
      findFile: (kind, name) => findControllerFile(run.playbookDir, kind, name),
      renderFile: (path) => render(readFileSync(path, 'utf8'), run.vars, { file: path, line: 1, col: 1 }),
    });
    return await settle(run, plan, done);
  } catch (err) {
    if (err instanceof TransportError) return done('unreachable', { msg: err.message });
    if (err instanceof RunbookError) return done('failed', { msg: formatError(err) });
    const e = err as Error;
    return done('failed', { msg: e.message ?? String(err), data: { exception: e.stack } });
  }
}

async function settle(run: TaskRun, plan: ModulePlan, done: (s: HostStatus, r?: Partial<TaskResult>) => TaskResult): Promise<TaskResult> {
  const data = plan.data ?? {};
  if (plan.failed) return done('failed', { msg: plan.failed, data });
  const summaries = plan.changes.map((c) => c.summary);
  const diffs = plan.changes.flatMap((c) => (c.diff ? [c.diff] : []));
  if (plan.changes.length === 0) return done('ok', { msg: plan.msg, data });
  if (run.check) {
    if (run.module.checkMode === 'skip') return done('skipped', { msg: 'not run in check mode', changes: summaries, data });
    return done('changed', { changes: summaries, diffs, data });
  }
  return applyAll(plan.changes, data, (status, msg, merged) => done(status, { msg, changes: summaries, diffs, data: merged }));
}

async function applyAll(
  changes: Change[],
  data: Record<string, unknown>,
  finish: (status: HostStatus, msg: string | undefined, data: Record<string, unknown>) => TaskResult,
): Promise<TaskResult> {
  let merged = data;
  let msg: string | undefined;
  for (const change of changes) {
    const r = (await change.apply()) ?? {};
    merged = { ...merged, ...r.data };
    msg = r.msg ?? msg;
    if (r.failed) return finish('failed', msg ?? `failed: ${change.summary}`, merged);
  }
  return finish('changed', msg, merged);
}
