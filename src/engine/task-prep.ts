// The preparation of a task on one host, shared by `apply` (engine/run-task.ts,
// run-list.ts) and `validate` (validate-playbook.ts): the task's scope, each
// loop item's variables, its condition, arguments, delegate, environment and
// label. Pure: no connection. Validate runs the same functions with run-time
// values that throw NotYetKnown when read, so a keyword changed here is changed
// for both (issue 24, item 1).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { argOriginOf, variableOriginOf } from '../parse/template-origins.js';
import { RunbookError, type SourcePos } from '../errors.js';
import type { InventoryHost } from '../types/inventory.js';
import type { ModuleTask, Play, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { asAnsibleConverts, conditionHolds, type Delimiters } from '../vars/condition/index.js';
import { holdsTemplate, renderDeep, renderText, renderValue } from '../vars/render-value.js';
import { renderJinjaFile } from '../vars/jinja-file.js';
import { extendScope, taskScope, withTemplatedValues } from '../vars/scope.js';
import { renderedArgsError } from './check-args.js';
import { loopItemVars } from './loop-vars.js';
import { nameInRole } from './role-task-name.js';
import { pipeAtRun } from './validate-env.js';

export { environmentOf } from './step-keywords.js';

/** What a task's scope is made of besides the task and its play (vars/scope.ts has the precedence). */
export interface ScopeBase {
  host: InventoryHost;
  groups: Record<string, string[]>;
  hostvars: Record<string, Vars>;
  /** The host's gathered facts so far (none in validate). */
  facts: Vars;
  /** What register, set_fact and include_vars set on the host so far. */
  setVars?: Vars;
  extraVars: Vars;
  playbookDir: string;
  checkMode: boolean;
  controllerEnv: Readonly<Record<string, string | undefined>>;
  /** `runbook validate`: lookups may run no command on the controller (pipe's value is left for the run). */
  commandsRefused?: boolean;
  /** Set last, before templated values are wired: the magic variables of a run. */
  magic?: Vars;
}

/**
 * The task's variables on one host. A role's defaults sit below the play's, its
 * vars/main.yml just above the play's vars_files, as in Ansible; variables that
 * hold a template render when read.
 */
export function scopeOf(task: TaskCommon, play: Play, base: ScopeBase): Vars {
  const scope = taskScope({
    host: base.host,
    groups: base.groups,
    hostvars: base.hostvars,
    playVars: play.vars,
    varsFiles: { ...play.varsFiles, ...play.roleExports?.vars, ...task.role?.vars },
    facts: base.facts,
    taskVars: task.vars,
    setVars: { ...base.setVars, ...task.params },
    extraVars: base.extraVars,
    playbookDir: base.playbookDir,
    defaults: { ...play.defaults, ...play.roleExports?.defaults, ...task.role?.defaults },
    checkMode: base.checkMode,
    // taskDir: first_found looks beside the task's own file too.
    controller: {
      env: base.controllerEnv,
      playbookDir: base.playbookDir,
      roleDir: task.role?.dir,
      searchDirs: task.role?.searchDirs,
      taskDir: dirname(task.source.file),
      render: renderLookupTerm,
      renderFile: renderTemplateFile,
      commandsRefused: base.commandsRefused ? pipeAtRun : undefined,
    },
  });
  if (base.magic) Object.assign(scope, base.magic);
  return withTemplatedValues(scope, (value, vars, name) =>
    renderDeep(value, vars, { file: `variable ${name}`, line: 1, col: 1 }, variableOriginOf(name)),
  );
}

// What lookups render (a term holding {{ }}, lookup('template')'s file), given to
// them with the controller: vars/condition cannot import the renderers.
const renderLookupTerm = (text: string, vars: object): unknown =>
  renderValue(text, vars, { file: 'lookup term', line: 1, col: 1 });
const renderTemplateFile = (path: string, vars: object, convert: boolean, delims?: Delimiters): unknown => {
  const text = renderJinjaFile(readFileSync(path, 'utf8'), vars, { file: path, line: 1, col: 1 }, delims);
  return convert ? asAnsibleConverts(text) : text;
};

/**
 * The name a task is shown by, as ansible-playbook shows it: "ROLE : task" in a
 * role, and a name with {{ }} rendered with the given variables; where that
 * fails (an undefined variable, `item`), as written.
 */
export function shownName(task: ModuleTask, scope: (() => Vars) | undefined): string {
  let own = task.name ?? task.module;
  if (task.name !== undefined && scope !== undefined && holdsTemplate(task.name)) {
    try {
      own = renderText(task.name, scope(), task.source);
    } catch {
      // Ansible renders names with undefined variables allowed, leaving them as written.
    }
  }
  return nameInRole(task.role, own);
}

/** One loop item's variables (loop-vars.ts), over what earlier items set (set_fact accumulating). */
export function itemScope(
  task: ModuleTask,
  scope: Vars,
  items: readonly unknown[],
  index: number,
  learnt: Vars = {},
): Vars {
  if (task.loop === undefined) return scope;
  return extendScope(scope, { ...learnt, ...loopItemVars(task, items, index, scope) });
}

/** Every `when` holds (with a loop, decided per item: it may name the item). */
export function whenHolds(task: ModuleTask, vars: Vars): boolean {
  return task.when.every((c) => conditionHolds(c.value, vars, c.source));
}

/** The arguments rendered and checked against the module's schema: the arguments, or what is wrong with them. */
export function renderedArgs(
  task: ModuleTask,
  vars: Vars,
  module: { name: string; schema: object; templatedKeys?: boolean } | undefined,
): { args: Record<string, unknown>; invalid?: string } {
  const rendered = renderDeep(task.args, vars, task.source, argOriginOf(task)) as Record<string, unknown>;
  const args = module?.templatedKeys ? renderedKeys(rendered, vars, task.source) : rendered;
  const invalid = module ? renderedArgsError(module.name, module.schema, args) : undefined;
  return { args, invalid };
}

// set_fact's names are templates too: `"{{ item }}": x` sets the variable the item names.
function renderedKeys(args: Record<string, unknown>, vars: Vars, source: SourcePos): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [k.includes('{{') ? renderText(k, vars, source) : k, v]),
  );
}

/** The host `delegate_to` names, rendered; undefined when the task is not delegated. */
export function delegateOf(task: ModuleTask, vars: Vars): string | undefined {
  return task.delegateTo === undefined ? undefined : String(renderValue(task.delegateTo, vars, task.source));
}

/** The delegate, checked against the inventory: a name that is no host is an error at the task's line. */
export function checkedDelegate(task: ModuleTask, vars: Vars, hostvars: Record<string, Vars>): string | undefined {
  const target = delegateOf(task, vars);
  if (target !== undefined && !hostvars[target])
    throw new RunbookError('playbook', `delegate_to: "${target}" is not a host of the inventory`, {
      source: task.source,
    });
  return target;
}

/** loop_control.label: what reports show for the item (a long dict, a secret). */
export function itemLabel(task: ModuleTask, vars: Vars): string | undefined {
  return task.loopLabel === undefined ? undefined : renderText(task.loopLabel, vars, task.source);
}
