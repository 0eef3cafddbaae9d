// Playbook file → validated, typed Playbook. Every error names file:line:col.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { RunbookError } from '../errors.js';
import {
  COMMON_KEYWORDS,
  importPlaybookSchema,
  type PlayValues,
  playSchema,
  playbookShapeSchema,
} from '../schema/playbook.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Condition, Handler, ModuleTask, Play, Playbook, Task } from '../types/playbook.js';
import { nearest } from './suggest.js';
import { holdsTemplate } from './template-origins.js';
import type { Vars } from '../types/vars.js';
import { moduleDefaultsOf } from './module-defaults.js';
import { ROOT, type CollectErrors, type Inherited, type LoadSession, type ParsedFiles } from './load-context.js';
import { handlerNotFound, loadHandlers } from './handlers.js';
import { collecting, loadTasks, shortKeywords } from './task.js';
import { checkKeywords, commonOf, condition, tagList, varsMapping } from './task-common.js';
import { playSession } from './includes.js';
import { loadRole, roleEntry, withoutVars } from './roles.js';
import { readVarsFile } from './vars-files.js';
import { check, simpleName } from './validate.js';
import { errorAt, locate, readYamlFile } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export interface PlaybookOptions {
  /** Directories where roles are looked for after the playbook's roles/ (--roles-path, RUNBOOK_ROLES_PATH). */
  rolesPath?: readonly string[];
  /**
   * Ansible's `gathering` setting (ANSIBLE_GATHERING): 'implicit', the default, gathers facts for every play
   * that does not say `gather_facts: false`; 'explicit' only for a play that says `gather_facts: true`.
   */
  gathering?: Gathering;
  /** -e: a role name written as a template (`import_role: name: "{{ x }}"`) renders with them, as in Ansible. */
  extraVars?: Vars;
}

export type Gathering = 'implicit' | 'explicit';

/** With `collect`, every play and task that loads is kept and each error handed to it (see CollectErrors). */
export function loadPlaybook(
  file: string,
  modules: ModuleCatalog,
  collect?: CollectErrors,
  opts: PlaybookOptions = {},
): Playbook {
  const rolesPath = (opts.rolesPath ?? []).map((d) => resolve(d));
  return {
    file,
    dir: dirname(file),
    plays: loadPlays(file, {
      modules,
      collect,
      rolesPath,
      gathering: opts.gathering ?? 'implicit',
      importing: [],
      importVars: {},
      extraVars: opts.extraVars ?? {},
      parsedImports: new Map(),
    }),
    rolesPath,
  };
}

interface PlaysCtx {
  modules: ModuleCatalog;
  collect?: CollectErrors;
  rolesPath: string[];
  gathering: Gathering;
  /** Playbook files being imported, outermost first: a cycle is an error. */
  importing: readonly string[];
  /** The vars of the import_playbook entries around the file (below its plays' own). */
  importVars: Vars;
  extraVars: Vars;
  parsedImports: ParsedFiles;
}

// A playbook file's plays, with those of the playbooks it imports in their place.
function loadPlays(file: string, ctx: PlaysCtx): Play[] {
  const { modules, collect } = ctx;
  const src = readYamlFile(file, 'playbook');
  if (src.data === null) {
    throw new RunbookError('playbook', `playbook ${file} is empty`, {
      source: { file, line: 1, col: 1 },
      hint: 'a playbook is a list of plays: start with "- hosts: all"',
    });
  }
  check(playbookShapeSchema, src.data, { src, code: 'playbook', at: [], name: () => 'playbook' });
  const inner = { ...ctx, importing: [...ctx.importing, resolve(file)] };
  return (src.data as Record<string, unknown>[]).flatMap((written, i) => {
    const raw = shortKeywords(written, ['import_playbook']);
    return collecting(
      collect,
      () =>
        'import_playbook' in raw
          ? importPlaybook(src, i, raw, inner)
          : [
              loadPlay(
                src,
                i,
                raw,
                ctx,
                playSession(modules, dirname(file), ctx.rolesPath, collect, ctx.parsedImports),
              ),
            ],
      [],
    );
  });
}

// `- import_playbook: other.yaml`: its plays here, its path relative to this file; its vars and tags go to each of them.
function importPlaybook(src: YamlSource, index: number, raw: Record<string, unknown>, ctx: PlaysCtx): Play[] {
  check(importPlaybookSchema, raw, { src, code: 'playbook', at: [index], name: () => 'import_playbook' });
  const name = raw.import_playbook as string;
  const file = isAbsolute(name) ? name : resolve(dirname(src.file), name);
  const at = [index, 'import_playbook'];
  if (!existsSync(file)) {
    throw errorAt(src, 'playbook', at, `playbook ${name} not found (looked for ${file})`, {
      hint: `import_playbook paths are relative to the playbook that imports them (${dirname(src.file)})`,
    });
  }
  if (ctx.importing.includes(file)) {
    throw errorAt(src, 'playbook', at, `import_playbook cycle: ${[...ctx.importing, file].join(' → ')}`, {
      hint: 'a playbook cannot import itself, directly or through others',
    });
  }
  const tags = tagList(raw.tags);
  const when = condition(src, [index], raw, 'when');
  const importVars = { ...ctx.importVars, ...varsMapping(raw.vars) };
  return loadPlays(file, { ...ctx, importVars }).map((loaded) => {
    const play = when ? withCondition(loaded, when) : loaded;
    return {
      ...play,
      vars: { ...varsMapping(raw.vars), ...play.vars },
      tags: [...new Set([...tags, ...play.tags])],
      ...(tags.length > 0 ? withTags(play, tags) : {}),
    };
  });
}

// import_playbook `when:`: a condition on every task of its plays (their facts gathering and handlers too), as Ansible applies it.
function withCondition(play: Play, when: Condition): Play {
  const add = <T extends Task>(t: T): T =>
    (t.kind === 'block'
      ? { ...t, when: [when, ...t.when], block: t.block.map(add), rescue: t.rescue.map(add), always: t.always.map(add) }
      : { ...t, when: [when, ...t.when] }) as T;
  const all = (list: Task[]) => list.map(add);
  return {
    ...play,
    gatherFacts: play.gatherFacts && add(play.gatherFacts),
    preTasks: all(play.preTasks),
    roles: all(play.roles),
    tasks: all(play.tasks),
    postTasks: all(play.postTasks),
    handlers: play.handlers.map(add),
  };
}

// The import's tags on every task of its plays, as they would be on a play.
function withTags(play: Play, tags: string[]): Pick<Play, 'preTasks' | 'roles' | 'tasks' | 'postTasks'> {
  const tag = (list: Play['tasks']): Play['tasks'] =>
    list.map((t) => ({ ...t, tags: [...new Set([...tags, ...t.tags])] }) as typeof t);
  return {
    preTasks: tag(play.preTasks),
    roles: tag(play.roles),
    tasks: tag(play.tasks),
    postTasks: tag(play.postTasks),
  };
}

function loadPlay(
  src: YamlSource,
  index: number,
  raw: Record<string, unknown>,
  { modules, gathering, importVars, extraVars }: Pick<PlaysCtx, 'modules' | 'gathering' | 'importVars' | 'extraVars'>,
  session: LoadSession,
): Play {
  const { collect } = session;
  checkPlay(src, index, raw);
  const varsFiles = readVarsFiles(src, index, raw.vars_files);
  // Role names written as templates render with these, with no host (Ansible templates them at load time).
  session.loadVars = { ...importVars, ...varsMapping(raw.vars), ...varsFiles, ...extraVars };
  // A list of patterns is their union, as Ansible does.
  const hosts = Array.isArray(raw.hosts) ? raw.hosts.join(':') : raw.hosts;
  const playTags = tagList(raw.tags);
  // Play keywords every task inherits: connection (local is delegate_to: localhost), environment, check_mode, diff…
  const { connection, environment, check_mode, diff, no_log, ignore_errors } = raw;
  const outer = Object.fromEntries(
    Object.entries({ connection, environment, check_mode, diff, no_log, ignore_errors }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  checkKeywords(src, [index], outer, COMMON_KEYWORDS);
  const inherited: Inherited = {
    ...commonOf(src, [index], outer, ROOT),
    tags: playTags,
    moduleDefaults: moduleDefaultsOf(src, [index], raw, undefined),
  };
  const tasks = (key: 'pre_tasks' | 'tasks' | 'post_tasks') =>
    loadTasks(src, [index, key], raw[key], modules, inherited, [], collect, session);
  const preTasks = tasks('pre_tasks');
  const roles = (raw.roles ?? []).flatMap((entry, i) =>
    collecting(collect, () => playRole(src, [index, 'roles', i], entry, inherited, session), []),
  );
  const [mainTasks, postTasks] = [tasks('tasks'), tasks('post_tasks')];
  // The roles' handlers come first, as in Ansible.
  const handlers = [
    ...session.handlers,
    ...loadHandlers({ src, modules, collect, session }, [index, 'handlers'], raw.handlers, inherited),
  ];
  checkNotifications([...preTasks, ...roles, ...mainTasks, ...postTasks, ...handlers], handlers, collect);
  return {
    name: typeof raw.name === 'string' ? raw.name : hosts,
    hosts,
    defaults: (raw.defaults ?? {}) as Vars,
    vars: varsMapping(raw.vars),
    varsFiles,
    preTasks,
    roles,
    tasks: mainTasks,
    postTasks,
    handlers,
    roleExports: session.exports,
    roleNames: session.roleNames,
    ...playKeywords(raw),
    // Under free, ansible-playbook ignores any_errors_fatal and max_fail_percentage with a warning: so does the engine.
    strategy: raw.strategy === 'free' ? 'free' : 'linear',
    // As Ansible: a play gathers facts unless it says gather_facts: false (or gathering is explicit).
    gatherFacts:
      (raw.gather_facts ?? gathering === 'implicit') === true
        ? gatherTask(src, index, raw, modules, inherited)
        : undefined,
    becomeUser: raw.become_user,
    tags: playTags,
    source: locate(src, [index]).source,
    dir: dirname(src.file),
  };
}

function checkPlay(src: YamlSource, index: number, raw: Record<string, unknown>): asserts raw is PlayValues {
  check(playSchema, raw, { src, code: 'playbook', at: [index], name: simpleName('play') });
}

// Keywords the play's run reads: each as written, or its template kept apart (rendered when the play starts).
function playKeywords(
  raw: PlayValues,
): Pick<Play, 'serial' | 'maxFailPercentage' | 'anyErrorsFatal' | 'forceHandlers' | 'become' | 'keywordTemplates'> {
  const template = (v: unknown): string | undefined => (typeof v === 'string' && holdsTemplate(v) ? v : undefined);
  // A flag written as text ("yes", 'no') is read as Ansible's boolean() reads it, when the play starts.
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const templates = {
    serial: template(raw.serial),
    maxFailPercentage: template(raw.max_fail_percentage),
    forceHandlers: text(raw.force_handlers),
    become: text(raw.become),
  };
  const given = Object.values(templates).some((t) => t !== undefined);
  return {
    serial: templates.serial === undefined ? raw.serial : undefined,
    maxFailPercentage: typeof raw.max_fail_percentage === 'number' ? raw.max_fail_percentage : undefined,
    // As ansible-core 2.14's strategy, which reads any_errors_fatal unrendered: a template counts as set.
    anyErrorsFatal: raw.any_errors_fatal !== undefined && raw.any_errors_fatal !== false,
    forceHandlers: typeof raw.force_handlers === 'boolean' ? raw.force_handlers : undefined,
    become: typeof raw.become === 'boolean' ? raw.become : undefined,
    ...(given ? { keywordTemplates: templates } : {}),
  };
}

// The implicit first task of a play that gathers facts: setup with the play's
// gather_subset, always run whatever --tags say, become as the play's tasks.
function gatherTask(
  src: YamlSource,
  index: number,
  raw: Record<string, unknown>,
  modules: ModuleCatalog,
  play: Inherited,
): ModuleTask {
  const setup = raw.gather_subset === undefined ? {} : { gather_subset: raw.gather_subset };
  const task = loadTasks(src, [index], [{ name: 'Gathering Facts', setup, tags: ['always'] }], modules, {
    ...play,
    tags: [],
  })[0] as ModuleTask;
  return { ...task, source: locate(src, [index]).source };
}

// One entry of a play's `roles:`: the role as a block, or nothing when the play has it already.
function playRole(
  src: YamlSource,
  at: (string | number)[],
  entry: unknown,
  inherited: Inherited,
  session: LoadSession,
) {
  const { ref, keywords } = roleEntry(src, at, entry);
  const block = loadRole(ref, session, src, at, commonOf(src, at, withoutVars(keywords), inherited));
  return block ? [block] : [];
}

// A notify that no handler answers to is a typo that would silently skip a restart.
function checkNotifications(tasks: Task[], handlers: Handler[], collect?: CollectErrors): void {
  const known = new Set(handlers.flatMap((h) => [...(h.name === undefined ? [] : [h.name]), ...h.listen]));
  // A handler named by a template answers to its rendered name: the run decides (engine/handler-names.ts).
  if (handlers.some((h) => h.name?.includes('{{'))) return;
  for (const t of tasks) {
    if (t.kind === 'block') {
      checkNotifications([...t.block, ...t.rescue, ...t.always], handlers, collect);
      continue;
    }
    if (t.kind !== 'module') continue;
    for (const n of t.notify) {
      if (known.has(n)) continue;
      const guess = nearest(n, [...known]);
      const err = new RunbookError('playbook', handlerNotFound(n), {
        source: t.source,
        hint: `${guess ? `did you mean "${guess}"? ` : ''}${known.size > 0 ? `handlers: ${[...known].join(', ')}` : 'add it under the play\'s "handlers:"'}`,
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
      vars = { ...vars, ...readVarsFile(path, '.', { list: true }) };
    } catch (err) {
      // A file that cannot be read (a directory, too big) has no position of its own: point at where it is named.
      if (!(err instanceof RunbookError) || err.source) throw err;
      throw errorAt(src, 'playbook', at, err.message, { hint: err.hint ?? 'vars_files name YAML files of variables' });
    }
  });
  return vars;
}
