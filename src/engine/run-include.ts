// include_tasks, include_role and include_vars when the run reaches them: on
// each host, `when` and the loop are decided and the file or role name
// rendered; the file is read then (a missing file fails the include on that
// host; an error in the file ends the run, naming the file and line). Hosts that include the same file with the
// same item run its tasks together, in lockstep, item after item.
import { relative, resolve } from 'node:path';
import { RunbookError, formatError } from '../errors.js';
import { loadIncluded, readIncludedVars } from '../parse/includes.js';
import type { InventoryHost } from '../types/inventory.js';
import type { IncludeTask, Play, Task, TaskCommon } from '../types/playbook.js';
import type { Vars } from '../types/vars.js';
import { conditionHolds } from '../vars/condition/index.js';
import { renderValue } from '../vars/render-value.js';
import { extendScope } from '../vars/scope.js';
import type { HostStatus, TaskResult } from './events.js';
import type { HostTable } from './host-table.js';
import { loopItems } from './loop-items.js';
import { nameInRole } from './role-task-name.js';
import type { RunContext } from './run-context.js';
import { loopItemVars } from './loop-vars.js';
import { stepKeywords } from './step-keywords.js';
import { selectedByTags } from './tags.js';

/** What an include needs of the batch it runs in. */
export interface IncludeRun {
  run: RunContext;
  play: Play;
  /** The include is a handler (or inside one): shown as one. */
  handler: boolean;
  /** The batch's table: who goes on into the included tasks. */
  table: HostTable;
  scope: (task: TaskCommon, host: InventoryHost) => Vars;
  /** Counts an include's own result and keeps it in the batch's table (a failed host leaves the list); returns it as shown. */
  record: (result: TaskResult, task: string) => TaskResult;
  /** Runs a task list on hosts (run-list's runList). */
  runTasks: (tasks: readonly Task[], hosts: InventoryHost[]) => Promise<void>;
}

// Ansible sets no limit: ansible-core 2.14 ran a file that includes itself for
// two minutes, 1,000 levels deep and slowing, until it was killed (its issues
// #23609, #36053 show real playbooks nesting about 12 includes). Far beyond that,
// a chain this deep is a file that includes itself without an end.
const MAX_INCLUDE_DEPTH = 100;

/** Where the includes that brought a task in are (file:line, outermost first); none for the playbook's own. */
const includedBy = new WeakMap<Task, readonly string[]>();

function markIncluded(tasks: readonly Task[], chain: readonly string[]): void {
  for (const t of tasks) {
    includedBy.set(t, chain);
    if (t.kind === 'block') markIncluded([...t.block, ...t.rescue, ...t.always], chain);
  }
}

function tooDeep(task: IncludeTask, chain: readonly string[], target: string): RunbookError {
  const shown = [...chain.slice(0, 3), `… ${chain.length - 5} more …`, ...chain.slice(-2), target];
  return new RunbookError('playbook', `includes nest more than ${MAX_INCLUDE_DEPTH} deep: ${shown.join(' → ')}`, {
    source: task.source,
    hint: 'a file that includes itself (or a cycle of files) needs a `when:` that ends it; check the chain above',
  });
}

interface Inclusion {
  key: string;
  tasks: Task[];
  /** The file (include_tasks) or role (include_role), rendered. */
  target: string;
  /** The loop item it was included for, if the include loops. */
  item?: { value: unknown };
}

/** Decides the include on every host, then runs what each included, on the hosts still going on. */
export async function runInclude(task: IncludeTask, hosts: InventoryHost[], x: IncludeRun): Promise<void> {
  const { run } = x;
  const chosen =
    x.handler || !hosts[0] || selectedByTags(stepKeywords(task, () => x.scope(task, hosts[0]!)).tags(), run.tags);
  if (!chosen) return;
  const name = nameInRole(task.role, task.name ?? `${task.action}: ${task.target}`);
  run.emit({
    kind: 'task-start',
    name,
    module: task.action,
    hosts: hosts.map((h) => h.name),
    source: task.source,
    handler: x.handler,
  });
  const loaded = new Map<string, Task[]>();
  const plans = new Map<string, Inclusion[]>();
  for (const host of hosts) {
    const started = run.now();
    const report = (status: HostStatus, msg?: string, uncounted?: true) => {
      const result = {
        host: host.name,
        status,
        changes: [],
        diffs: [],
        msg,
        data: {},
        durationMs: run.now() - started,
      };
      run.emit({ kind: 'task-result', task: name, result: x.record({ ...result, uncounted }, name) });
    };
    try {
      const inclusions = includesOn(task, host, x, loaded);
      plans.set(
        host.name,
        inclusions.filter((i): i is Inclusion => i !== 'vars'),
      );
      if (inclusions.length === 0) report('skipped', 'condition is false');
      else if (task.action === 'include_vars') report('ok');
      // As ansible-core 2.14: include_tasks says (and counts ok) each file it brings in, once per loop
      // item; include_role's own result is counted nowhere (its tasks are).
      else if (task.action === 'include_role') report('ok', `included: ${targetsOf(inclusions)}`, true);
      else for (const inc of inclusions) report('ok', `included: ${targetsOf([inc])}${itemShown(inc)}`);
    } catch (err) {
      // As Ansible: a task file that is not there fails the include on this host (a
      // rescue may catch it), but one that does not load (its YAML, a task in it) ends
      // the run. A vars file that does not load only fails the host.
      const taskFileError =
        task.action !== 'include_vars' &&
        err instanceof RunbookError &&
        err.source !== undefined &&
        err.source.file !== task.source.file;
      if (taskFileError) throw err;
      report('failed', err instanceof RunbookError ? formatError(err) : (err as Error).message);
    }
  }
  // Round n runs each host's n-th inclusion; hosts with the same file and item together.
  const rounds = Math.max(0, ...[...plans.values()].map((p) => p.length));
  for (let n = 0; n < rounds; n++) {
    const groups = new Map<string, { tasks: Task[]; hosts: InventoryHost[] }>();
    for (const host of x.table.goingOn(hosts)) {
      const inc = plans.get(host.name)?.[n];
      if (!inc) continue;
      const g = groups.get(inc.key) ?? { tasks: inc.tasks, hosts: [] };
      g.hosts.push(host);
      groups.set(inc.key, g);
    }
    for (const g of groups.values()) await x.runTasks(g.tasks, g.hosts);
  }
}

const targetsOf = (inclusions: (Inclusion | 'vars')[]): string =>
  [...new Set(inclusions.flatMap((i) => (i === 'vars' ? [] : [i.target])))].join(', ');
const itemShown = (inc: Inclusion | 'vars'): string =>
  inc === 'vars' || !inc.item
    ? ''
    : ` => (item=${typeof inc.item.value === 'string' ? inc.item.value : JSON.stringify(inc.item.value)})`;

// Each item whose `when` holds: a file to run (include_tasks/role), or its variables set now (include_vars).
function includesOn(
  task: IncludeTask,
  host: InventoryHost,
  x: IncludeRun,
  loaded: Map<string, Task[]>,
): (Inclusion | 'vars')[] {
  const scope = x.scope(task, host);
  const items = task.loop === undefined ? [undefined] : loopItems(task, scope, x.play.dir);
  const out: (Inclusion | 'vars')[] = [];
  for (const [i, item] of items.entries()) {
    const itemVars: Vars = task.loop === undefined ? {} : loopItemVars(task, items, i, scope, true);
    const vars = extendScope(scope, itemVars);
    if (!task.when.every((c) => conditionHolds(c.value, vars, c.source))) continue;
    const target = String(renderValue(task.target, vars, task.source));
    if (task.action === 'include_vars') {
      x.run.state.setFacts(host.name, readIncludedVars(task, target), 'included');
      out.push('vars');
      continue;
    }
    const chain = [
      ...(includedBy.get(task) ?? []),
      `${relative(x.play.dir, resolve(x.play.dir, task.source.file))}:${task.source.line}`,
    ];
    if (chain.length > MAX_INCLUDE_DEPTH) throw tooDeep(task, chain, target);
    const key = `${target}\0${JSON.stringify(itemVars)}`;
    let tasks = loaded.get(key);
    if (!tasks) {
      tasks = loadIncluded(task, target, { ...task.vars, ...itemVars }, x.run.modules, x.play.handlers);
      loaded.set(key, tasks);
      markIncluded(tasks, chain);
    }
    out.push({ key, tasks, target, ...(task.loop === undefined ? {} : { item: { value: item } }) });
  }
  return out;
}
