// One task mapping → a Task: a block (`block:` with rescue/always), a static
// `import_tasks`, an include (parse/includes.ts), or a module task
// (parse/module-task.ts). What a block or an import says (when, tags, …) is
// passed down to the tasks inside it.

import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { BLOCK_KEYWORDS, IMPORT_KEYWORDS, TASK_KEYWORDS } from '../schema/playbook.js';
import type { ModuleCatalog } from '../types/module-catalog.js';
import type { Task } from '../types/playbook.js';
import { RunbookError, errorsOf } from '../errors.js';
import {
  INCLUDE_KEYS,
  type CollectErrors,
  type Ctx,
  type Inherited,
  type LoadSession,
  type ParsedFiles,
} from './load-context.js';
import { loadModuleTask, metaKind } from './module-task.js';
import { runbookModule } from './module-names.js';
import { nearest, typeOf } from './suggest.js';
import { checkKeywords, commonOf, listOf, varsMapping } from './task-common.js';
import { errorAt, parseYaml, readSourceText } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export function loadTasks(
  src: YamlSource,
  path: YamlPath,
  raw: unknown,
  modules: ModuleCatalog,
  inherited: Inherited,
  importing: readonly string[] = [],
  collect?: CollectErrors,
  session?: LoadSession,
): Task[] {
  const list = (raw ?? []) as Record<string, unknown>[];
  return list.flatMap((t, i) =>
    collecting(
      collect,
      () => [loadTask({ src, modules, importing, collect, session }, [...path, i], t, inherited)],
      [],
    ),
  );
}

/** `f()`, or with a collector, `fallback` after handing it f's RunbookError. */
export function collecting<T>(collect: CollectErrors | undefined, f: () => T, fallback: T): T {
  if (!collect) return f();
  try {
    return f();
  } catch (err) {
    if (!(err instanceof RunbookError)) throw err;
    for (const e of errorsOf(err)) collect(e);
    return fallback;
  }
}

/** `ansible.builtin.import_tasks` and friends: the short name, as runbook knows it (a value's position falls back to its task). */
export function shortKeywords(raw: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const long = Object.keys(raw).filter(
    (k) => /^ansible\.(builtin|legacy)\./.test(k) && names.includes(k.replace(/^ansible\.(builtin|legacy)\./, '')),
  );
  if (long.length === 0) return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [long.includes(k) ? k.replace(/^ansible\.(builtin|legacy)\./, '') : k, v]),
  );
}

function loadTask(ctx: Ctx, path: YamlPath, written: Record<string, unknown>, inherited: Inherited): Task {
  const short = shortKeywords(written, ['import_tasks', 'include', ...INCLUDE_KEYS]);
  const raw = legacyInclude(short);
  if ('block' in raw) return loadBlock(ctx, path, raw, inherited);
  if ('import_tasks' in raw) return loadImport(ctx, path, raw, inherited, 'include' in short);
  const include = INCLUDE_KEYS.find((k) => k in raw);
  if (include && ctx.session) return ctx.session.loadInclude(include, ctx, path, raw, inherited);
  return metaKind(ctx.src, path, raw, inherited, loadModuleTask(ctx, path, raw, inherited, TASK_KEYWORDS));
}

/**
 * ansible-core 2.14's deprecated `include:` of a task file: static (import_tasks) when its name holds no
 * template and it has no loop, else dynamic (include_tasks), as 2.14 decides it.
 */
function legacyInclude(raw: Record<string, unknown>): Record<string, unknown> {
  if (!('include' in raw)) return raw;
  const file = raw.include;
  const loops = Object.keys(raw).some((k) => k === 'loop' || k.startsWith('with_'));
  const kind = typeof file === 'string' && !file.includes('{{') && !loops ? 'import_tasks' : 'include_tasks';
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k === 'include' ? kind : k, v]));
}

function loadBlock(ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited): Task {
  const { src } = ctx;
  for (const key of Object.keys(raw)) {
    if (key in BLOCK_KEYWORDS) continue;
    const hint = `a block takes: ${Object.keys(BLOCK_KEYWORDS).join(', ')}`;
    if (runbookModule(key, ctx.modules)) {
      throw errorAt(
        src,
        'playbook',
        [...path, key],
        `a block cannot also run a module ("${key}"); put it in a task inside the block`,
        { key: true, hint },
      );
    }
    const guess = nearest(key, Object.keys(BLOCK_KEYWORDS));
    throw errorAt(
      src,
      'playbook',
      [...path, key],
      `unknown key "${key}" in block${guess ? `; did you mean "${guess}"?` : ''}`,
      { key: true, hint },
    );
  }
  checkKeywords(src, path, raw, BLOCK_KEYWORDS);
  const common = commonOf(src, path, raw, inherited);
  const notify = raw.notify === undefined ? inherited.notify : listOf(raw.notify);
  const down: Inherited = { ...common, when: common.when, vars: common.vars, notify };
  return {
    ...common,
    kind: 'block',
    block: loadTasks(src, [...path, 'block'], raw.block, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
    rescue: loadTasks(src, [...path, 'rescue'], raw.rescue, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
    always: loadTasks(src, [...path, 'always'], raw.always, ctx.modules, down, ctx.importing, ctx.collect, ctx.session),
  };
}

// A static import: the file's tasks become a block, so its keywords pass down the same way.
function loadImport(
  ctx: Ctx,
  path: YamlPath,
  raw: Record<string, unknown>,
  inherited: Inherited,
  legacy = false,
): Task {
  const { imported, chain } = importedFile(ctx, path, raw);
  const common = commonOf(ctx.src, path, raw, inherited);
  // 2.14's static `include:` passes its vars as include params (above set_fact); import_tasks as task vars.
  if (legacy)
    Object.assign(common, { vars: inherited.vars, params: { ...inherited.params, ...varsMapping(raw.vars) } });
  return {
    ...common,
    kind: 'block',
    block: loadTasks(
      imported,
      [],
      imported.data,
      ctx.modules,
      { ...common, notify: inherited.notify },
      chain,
      ctx.collect,
      ctx.session,
    ),
    rescue: [],
    always: [],
  };
}

/**
 * A task file imported more than once in a playbook (the migration imports its node steps in two plays) is
 * parsed once: each import still loads its tasks with its own keywords (when, vars, tags) from that source.
 */
function parsedOnce(file: string, parsed: ParsedFiles | undefined): YamlSource {
  const input = readSourceText(file, 'playbook');
  const known = parsed?.get(file);
  if (known?.input === input) return known.src;
  const src = parseYaml(input, file);
  parsed?.set(file, { input, src });
  return src;
}

/** The file an `import_tasks` names, read, with the chain of files importing it (its keywords checked). */
export function importedFile(
  ctx: Ctx,
  path: YamlPath,
  raw: Record<string, unknown>,
): { imported: YamlSource; chain: string[] } {
  const { src } = ctx;
  for (const key of Object.keys(raw)) {
    if (key in IMPORT_KEYWORDS) continue;
    const guess = nearest(key, Object.keys(IMPORT_KEYWORDS));
    throw errorAt(
      src,
      'playbook',
      [...path, key],
      `unknown key "${key}" beside import_tasks${guess ? `; did you mean "${guess}"?` : ''}`,
      {
        key: true,
        hint: `import_tasks takes: ${Object.keys(IMPORT_KEYWORDS).join(', ')}`,
      },
    );
  }
  checkKeywords(src, path, raw, IMPORT_KEYWORDS);
  const name = raw.import_tasks as string;
  // Beside the importing file, else (as Ansible's search path ends) beside the playbook: a role's
  // handlers/main.yml importing handlers.yml finds the playbook's.
  const candidates = isAbsolute(name)
    ? [name]
    : [resolve(dirname(src.file), name), ...(ctx.session ? [resolve(ctx.session.playDir, name)] : [])];
  const file = candidates.find((f) => existsSync(f)) ?? (candidates[0] as string);
  const at = [...path, 'import_tasks'];
  if (!existsSync(file)) {
    throw errorAt(src, 'playbook', at, `task file ${name} not found (looked for ${candidates.join(', ')})`, {
      hint: `import_tasks paths are relative to the file that imports them (${dirname(src.file)}), then the playbook`,
    });
  }
  const chain = [...(ctx.importing ?? []), src.file];
  if (chain.includes(file))
    throw errorAt(src, 'playbook', at, `import cycle: ${[...chain, file].join(' → ')}`, {
      hint: 'a task file cannot import itself, directly or through others',
    });
  const imported = parsedOnce(file, ctx.session?.parsedImports);
  if (imported.data !== null && !Array.isArray(imported.data)) {
    throw new RunbookError('playbook', `task file ${file} must be a list of tasks, got ${typeOf(imported.data)}`, {
      source: { file, line: 1, col: 1 },
      hint: 'start it with "- name: …"',
    });
  }
  return { imported, chain };
}
