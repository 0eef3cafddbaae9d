// `runbook validate`: everything about a playbook that can be known without a
// host. Each play's pattern is resolved, and every task of every play (handlers
// too) is rendered as the engine would render it on each of the play's hosts,
// with the host's inventory variables: arguments, loop, delegate_to,
// environment, and the template files `template:` names. Values that need a
// registered result or a fact are not guessed at: they are listed as skipped.
// Every error is collected, once per distinct error with the hosts it hit.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { RunbookError } from '../errors.js';
import { withImplicitLocalhost } from '../inventory/implicit-localhost.js';
import { selectHosts } from '../inventory/pattern.js';
import { moduleTasks } from '../plan/module-tasks.js';
import type { Inventory, InventoryHost } from '../types/inventory.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { ModuleTask, Play, Playbook } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { NotYetKnown, checkTemplateSyntax, render } from '../vars/render.js';
import { groupMembers } from '../vars/scope.js';
import { findControllerFile } from './files.js';
import { loopItems } from './loop-items.js';
import { environmentOf, flagKeyword, hostKeywords, stepKeywords } from './step-keywords.js';
import { checkedDelegate, itemScope, renderedArgs, scopeOf, whenHolds as taskWhenHolds } from './task-prep.js';
import { includes, playTasks, runtimeNames, withRunTimeNames, type RuntimeNames } from './validate-runtime.js';
import { Findings, type SkippedValue, type ValidationError } from './validate-findings.js';

export interface ValidateOptions {
  extraVars?: Vars;
  /** Host names allowed by --limit; undefined = all. */
  limit?: ReadonlySet<string>;
  /** The controller's environment, for lookup('env'). */
  controllerEnv?: Readonly<Record<string, string | undefined>>;
}

export type { SkippedValue, ValidationError } from './validate-findings.js';

export interface ValidationReport {
  errors: ValidationError[];
  skipped: SkippedValue[];
  plays: number;
  tasks: number;
  /** Template files compiled and rendered. */
  templates: number;
}

export function validatePlaybook(
  playbook: Playbook,
  listedHosts: Inventory,
  modules: ModuleCatalog,
  opts: ValidateOptions = {},
): ValidationReport {
  // As a run: `localhost` is there without an inventory entry.
  const inventory = withImplicitLocalhost(listedHosts);
  const found = new Findings();
  const runtime = runtimeNames(playbook, inventory, modules, opts.extraVars ?? {});
  const hostvars = Object.fromEntries([...inventory.hosts.values()].map((h) => [h.name, h.vars]));
  const groups = groupMembers(inventory);
  const templates = new Set<string>();
  const env = opts.controllerEnv ?? {};
  let tasks = 0;
  for (const play of playbook.plays) {
    let hosts: InventoryHost[] = [];
    try {
      hosts = selectHosts(inventory, play.hosts)
        .filter((h) => !opts.limit || opts.limit.has(h))
        .map((n) => inventory.hosts.get(n) as InventoryHost);
    } catch (err) {
      if (!(err instanceof RunbookError)) throw err;
      found.error(
        new RunbookError(err.code, `play "${play.name}": ${err.message}`, { source: play.source, hint: err.hint }),
        '',
      );
    }
    const all = [...moduleTasks([...playTasks(play), ...play.handlers])];
    tasks += all.length;
    for (const inc of includes([...playTasks(play), ...play.handlers])) {
      found.skip(
        {
          source: inc.source,
          task: inc.name ?? inc.action,
          what: `${inc.action} ${inc.target}`,
          needs: 'dynamic include, read at run time',
        },
        '',
      );
    }
    for (const host of hosts) {
      const check: HostCheck = {
        play,
        host,
        found,
        templates,
        playbook,
        modules,
        runtime,
        base: { groups, hostvars, extraVars: opts.extraVars ?? {}, env },
      };
      for (const task of all) checkTask(task, check);
    }
  }
  return {
    errors: found.errors(),
    skipped: found.skipped(),
    plays: playbook.plays.length,
    tasks,
    templates: templates.size,
  };
}

interface HostCheck {
  play: Play;
  host: InventoryHost;
  found: Findings;
  templates: Set<string>;
  playbook: Playbook;
  modules: ModuleCatalog;
  runtime: RuntimeNames;
  base: {
    groups: Record<string, string[]>;
    hostvars: Record<string, Vars>;
    extraVars: Vars;
    env: Readonly<Record<string, string | undefined>>;
  };
}

function checkTask(task: ModuleTask, c: HostCheck): void {
  const name = task.name ?? task.module;
  const scope = scopeFor(task, c);
  // Each step of a task stops at its first error or unknown; the next task is still checked.
  let ignoresErrors = task.ignoreErrors === true;
  const step = (what: string, f: () => void): boolean => {
    try {
      f();
      return true;
    } catch (err) {
      if (err instanceof NotYetKnown)
        c.found.skip({ source: task.source, task: name, what, needs: err.variable }, c.host.name);
      // The run fails this task and goes on (a task that probes a lookup on purpose): said, not an error.
      else if (ignoresErrors && !(err instanceof InvalidArguments)) {
        const why = (err as Error).message.split('\n')[0];
        c.found.skip({ source: task.source, task: name, what, needs: `fails, ignore_errors: ${why}` }, c.host.name);
      } else if (err instanceof RunbookError && err.source) c.found.error(err, c.host.name);
      else {
        const hint = err instanceof RunbookError ? err.hint : undefined;
        c.found.error(
          new RunbookError('playbook', `task "${name}": ${(err as Error).message}`, { source: task.source, hint }),
          c.host.name,
        );
      }
      return false;
    }
  };
  // A task whose condition is false on this host never renders there; one
  // that cannot be decided yet is checked as if it ran.
  // A template file named as it is (no {{ }}) is compiled even where its task cannot be rendered.
  const source = c.modules.get(task.module)?.controllerSource;
  const literalSrc = source?.kind === 'templates' && typeof task.args.src === 'string' && !task.args.src.includes('{{');
  if (literalSrc) step(`template ${String(task.args.src)}`, () => templateFile(String(task.args.src), task, c));
  // With a loop, `when` is decided per item, as the engine does (it may name the item).
  const keywords = stepKeywords(task, () => scope);
  step('tags', keywords.tags);
  step('run_once', keywords.runOnce);
  step('throttle', keywords.throttle);
  step('ignore_errors', () => (ignoresErrors = flagKeyword(task, 'ignore_errors', task.ignoreErrors, scope)));
  let runs: boolean | undefined;
  if (task.loop === undefined) step('when', () => (runs = whenHolds(task, scope)));
  if (runs === false) return;
  let items: unknown[] = [undefined];
  if (task.loop !== undefined && !step('loop', () => (items = loopItems(task, scope, c.play.dir)))) return;
  for (const i of items.keys()) {
    const vars = itemScope(task, scope, items, i);
    let itemRuns: boolean | undefined;
    if (task.loop !== undefined && (!step('when', () => (itemRuns = whenHolds(task, vars))) || itemRuns === false))
      continue;
    let args: Record<string, unknown> = {};
    if (!step('arguments', () => (args = renderArgs(task, vars, c.modules)))) continue;
    step('delegate_to', () => checkedDelegate(task, vars, c.base.hostvars));
    step('environment', () => environmentOf(task, vars));
    step('keywords', () => hostKeywords(task, vars));
    const file = sourceName(task, args, c);
    if (file !== undefined) step(`${task.module} ${file}`, () => checkSourceFile(task, file, args, vars, c));
  }
}

/** The engine's scope (task-prep.ts), with run-time variables that say so when read. */
function scopeFor(task: ModuleTask, c: HostCheck): Vars {
  const vars = scopeOf(task, c.play, {
    host: c.host,
    groups: c.base.groups,
    hostvars: c.base.hostvars,
    facts: {},
    extraVars: c.base.extraVars,
    playbookDir: c.playbook.dir,
    checkMode: false,
    controllerEnv: c.base.env,
    commandsRefused: true,
  });
  return withRunTimeNames(vars, c.runtime, task);
}

/** The run's `when` (task-prep.ts); undefined where it needs a value only the run gives. */
function whenHolds(task: ModuleTask, vars: Vars): boolean | undefined {
  try {
    return taskWhenHolds(task, vars);
  } catch (err) {
    if (err instanceof NotYetKnown) return undefined;
    throw err;
  }
}

function renderArgs(task: ModuleTask, vars: Vars, modules: ModuleCatalog): Record<string, unknown> {
  const spec = modules.get(task.module);
  const { args, invalid } = renderedArgs(
    task,
    vars,
    spec && { name: task.module, schema: spec.schema, templatedKeys: spec.templatedKeys },
  );
  if (invalid) throw new InvalidArguments('playbook', invalid, { source: task.source });
  return args;
}

/** Arguments the module refuses: an error even under ignore_errors (a mistake in the playbook, not a run-time failure). */
class InvalidArguments extends RunbookError {}

/** The controller file a task's rendered arguments name: `src`, or what the module says (script's first word). */
function sourceName(task: ModuleTask, args: Record<string, unknown>, c: HostCheck): string | undefined {
  const source = c.modules.get(task.module)?.controllerSource;
  const name = source?.name ? source.name(args) : args.src;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

// template's src is rendered with the host's variables; copy's, unarchive's and script's (from files/) must exist.
function checkSourceFile(
  task: ModuleTask,
  name: string,
  args: Record<string, unknown>,
  vars: Vars,
  c: HostCheck,
): void {
  const source = c.modules.get(task.module)?.controllerSource;
  if (args.remote_src === true || source === undefined) return;
  if (source.kind === 'files') return void controllerFile('files', name, task, c, source.directory);
  const path = templateFile(name, task, c);
  render(readFileSync(path, 'utf8'), vars, { file: path, line: 1, col: 1 });
}

/** The template's path, its syntax checked (once per file). */
function templateFile(src: string, task: ModuleTask, c: HostCheck): string {
  const path = controllerFile('templates', src, task, c);
  if (!c.templates.has(path)) {
    c.templates.add(path);
    checkTemplateSyntax(readFileSync(path, 'utf8'), { file: path, line: 1, col: 1 });
  }
  return path;
}

function controllerFile(
  kind: 'files' | 'templates',
  name: string,
  task: ModuleTask,
  c: HostCheck,
  directory = false,
): string {
  // An absolute path outside the project may be made by the run itself (a `fetch` dest): only the run can tell.
  if (kind === 'files' && isAbsolute(name) && !existsSync(name)) return name;
  try {
    return findControllerFile(c.play.dir, kind, name, task.role?.dir, directory);
  } catch (err) {
    const hint =
      err instanceof RunbookError
        ? err.hint
        : `${kind}/ is looked for in the task's role, beside the playbook and beside its directory`;
    throw new RunbookError('playbook', (err as Error).message, { source: task.source, hint });
  }
}
