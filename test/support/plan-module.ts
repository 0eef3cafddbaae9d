// UNIT-TEST FIXTURE: runs one module's plan against a fake host
// (fake-connection.ts) as the engine would (arguments checked and coerced by
// the module's schema first), applies the changes, and plans again, so a
// decision table can say "this state gives these changes, and once applied,
// none" in milliseconds. The lab tests prove the same modules on real hosts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderedArgsError } from '../../src/engine/check-args.js';
import type { ApplyResult, ModuleContext, ModuleDef, ModulePlan } from '../../src/modules/contract.js';
import { modules } from '../../src/modules/registry.js';
import { render } from '../../src/vars/render.js';
import type { FakeConnection } from './fake-connection.js';

export interface PlanOptions {
  check?: boolean;
  vars?: Record<string, unknown>;
  /** Controller files, `files/NAME` or `templates/NAME` → text (for copy src: and template src:). */
  controller?: Record<string, string>;
}

/** What one plan said, in the terms a decision table compares. */
export interface Decision {
  plan: ModulePlan;
  /** The change summaries, in order ([] = ok, nothing to do). */
  changes: string[];
}

export async function planOn(
  name: string,
  args: Record<string, unknown>,
  host: FakeConnection,
  opts: PlanOptions = {},
): Promise<Decision> {
  const module = modules.get(name);
  if (!module) throw new Error(`no module ${name}`);
  const given = structuredClone(args);
  const invalid = renderedArgsError(name, module.schema, given);
  if (invalid) throw new Error(`decision table: ${invalid}`);
  const plan = await (module as ModuleDef<Record<string, unknown>>).plan(given, context(host, opts));
  return { plan, changes: plan.changes.map((c) => c.summary) };
}

/** Applies a plan's changes in order, as the engine does: it stops at the first that fails. */
export async function applyAll(plan: ModulePlan): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const c of plan.changes) {
    const r = (await c.apply()) ?? {};
    results.push(r);
    if (r.failed) break;
  }
  return results;
}

/**
 * Plan, apply, plan again: the first plan's changes, what applying them
 * returned, and the second plan's changes (the module contract wants none).
 */
export async function converge(
  name: string,
  args: Record<string, unknown>,
  host: FakeConnection,
  opts: PlanOptions = {},
): Promise<{ first: Decision; applied: ApplyResult[]; again: Decision }> {
  const first = await planOn(name, args, host, opts);
  const applied = first.plan.failed ? [] : await applyAll(first.plan);
  const again = await planOn(name, args, host, opts);
  return { first, applied, again };
}

function context(host: FakeConnection, opts: PlanOptions): ModuleContext {
  const vars = { inventory_hostname: host.host, ...opts.vars };
  let dir: string | undefined;
  return {
    conn: host,
    host: host.host,
    check: opts.check ?? false,
    vars,
    source: { file: 'decision-table.yaml', line: 1, col: 1 },
    findFile(kind, name) {
      const text = opts.controller?.[`${kind}/${name}`];
      if (text === undefined) throw new Error(`decision table: no controller file ${kind}/${name}`);
      dir ??= mkdtempSync(join(tmpdir(), 'runbook-fake-controller-'));
      const path = join(dir, kind, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    renderFile: (path) => render(readFileSync(path, 'utf8'), vars, { file: path, line: 1, col: 1 }),
    signal: new AbortController().signal,
  };
}
