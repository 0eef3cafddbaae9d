// Playbook file → validated, typed Playbook. Every error names file:line:col.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { RunbookError } from '../errors.js';
import { playSchema, playbookShapeSchema } from '../schema/playbook.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Handler, Play, Playbook, Task } from '../types/playbook.js';
import { nearest } from './suggest.js';
import type { Vars } from '../types/vars.js';
import { ROOT, collecting, loadHandler, loadTasks, type CollectErrors, type Inherited } from './task.js';
import { readVarsFile } from './vars-files.js';
import { check, simpleName } from './validate.js';
import { errorAt, locate, readYamlFile } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** With `collect`, every play and task that loads is kept and each error handed to it (see CollectErrors). */
export function loadPlaybook(file: string, modules: ModuleCatalog, collect?: CollectErrors): Playbook {
  const src = readYamlFile(file, 'playbook');
  if (src.data === null) {
    throw new RunbookError('playbook', `playbook ${file} is empty`, {
      source: { file, line: 1, col: 1 },
      hint: 'a playbook is a list of plays: start with "- hosts: all"',
    });
  }
  check(playbookShapeSchema, src.data, { src, code: 'playbook', at: [], name: () => 'playbook' });
  const plays = (src.data as Record<string, unknown>[]).flatMap((raw, i) => collecting(collect, () => [loadPlay(src, i, raw, modules, collect)], []));
  return { file, dir: dirname(file), plays };
}

function loadPlay(src: YamlSource, index: number, raw: Record<string, unknown>, modules: ModuleCatalog, collect?: CollectErrors): Play {
  check(playSchema, raw, { src, code: 'playbook', at: [index], name: simpleName('play') });
  // A list of patterns is their union, as Ansible does.
  const hosts = Array.isArray(raw.hosts) ? (raw.hosts as string[]).join(':') : (raw.hosts as string);
  const playTags = raw.tags === undefined ? [] : ([] as string[]).concat(raw.tags as string | string[]);
  const inherited: Inherited = { ...ROOT, tags: playTags };
  const tasks = (key: string) => loadTasks(src, [index, key], raw[key], modules, inherited, [], collect);
  const handlers = ((raw.handlers ?? []) as Record<string, unknown>[]).flatMap((h, i) =>
    collecting(collect, () => [loadHandler(src, [index, 'handlers', i], h, modules, inherited)], []),
  );
  const [preTasks, mainTasks, postTasks] = [tasks('pre_tasks'), tasks('tasks'), tasks('post_tasks')];
  checkNotifications([...preTasks, ...mainTasks, ...postTasks, ...handlers], handlers, collect);
  return {
    name: typeof raw.name === 'string' ? raw.name : hosts,
    hosts,
    defaults: (raw.defaults ?? {}) as Vars,
    vars: (raw.vars ?? {}) as Vars,
    varsFiles: readVarsFiles(src, index, raw.vars_files),
    preTasks,
    tasks: mainTasks,
    postTasks,
    handlers,
    serial: raw.serial as Play['serial'],
    maxFailPercentage: raw.max_fail_percentage as number | undefined,
    anyErrorsFatal: raw.any_errors_fatal === true,
    gatherFacts: raw.gather_facts === true,
    become: raw.become as boolean | undefined,
    becomeUser: raw.become_user as string | undefined,
    tags: playTags,
    source: locate(src, [index]).source,
  };
}

// A notify that no handler answers to is a typo that would silently skip a restart.
function checkNotifications(tasks: Task[], handlers: Handler[], collect?: CollectErrors): void {
  const known = new Set(handlers.flatMap((h) => [h.name, ...h.listen]));
  for (const t of tasks) {
    if (t.kind === 'block') {
      checkNotifications([...t.block, ...t.rescue, ...t.always], handlers, collect);
      continue;
    }
    for (const n of t.notify) {
      if (known.has(n)) continue;
      const guess = nearest(n, [...known]);
      const err = new RunbookError('playbook', `task notifies "${n}", but no handler of this play has that name or listen topic${guess ? `; did you mean "${guess}"?` : ''}`, {
        source: t.source,
        hint: known.size > 0 ? `handlers: ${[...known].join(', ')}` : 'add it under the play\'s "handlers:"',
      });
      if (!collect) throw err;
      collect(err);
    }
  }
}

// vars_files: paths relative to the playbook; later files win.
function readVarsFiles(src: YamlSource, index: number, value: unknown): Vars {
  if (value === undefined || value === null) return {};
  const files = ([] as string[]).concat(value as string | string[]);
  let vars: Vars = {};
  files.forEach((name, i) => {
    const path = isAbsolute(name) ? name : join(dirname(src.file), name);
    const at = Array.isArray(value) ? [index, 'vars_files', i] : [index, 'vars_files'];
    if (!existsSync(path)) {
      throw errorAt(src, 'playbook', at, `vars file ${name} not found (looked for ${path})`, {
        hint: 'vars_files paths are relative to the playbook file',
      });
    }
    try {
      vars = { ...vars, ...readVarsFile(path) };
    } catch (err) {
      // A file that cannot be read (a directory, too big) has no position of its own: point at where it is named.
      if (!(err instanceof RunbookError) || err.source) throw err;
      throw errorAt(src, 'playbook', at, err.message, { hint: err.hint ?? 'vars_files name YAML files of variables' });
    }
  });
  return vars;
}
