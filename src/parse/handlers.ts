// A play's or a role's `handlers:` → Handler[]. As ansible-core 2.14 reads them:
// a handler is a module task, a meta task, or an include_tasks (its tasks run when
// it is notified); each answers to its name and its `listen` topics, and one may
// have only `listen`. An import_tasks is replaced by the handlers of its file, each
// notified by its own name (the import's name answers to nothing). A block,
// include_role or import_role as a handler is refused, as Ansible refuses it.

import { HANDLER_KEYWORDS } from '../schema/playbook.js';
import type { Handler } from '../types/playbook.js';
import type { Ctx, Inherited } from './load-context.js';
import { loadModuleTask, metaKind } from './module-task.js';
import { checkKeywords, commonOf, listOf } from './task-common.js';
import { collecting, importedFile, shortKeywords } from './task.js';
import { errorAt, type YamlPath } from './yaml-source.js';

const NOT_HANDLERS: Readonly<Record<string, string>> = {
  block: 'a block',
  include_role: 'include_role',
  import_role: 'import_role',
};

/** The handlers of one `handlers:` list (or handlers file) at `path`. */
export function loadHandlers(ctx: Ctx, path: YamlPath, raw: unknown, inherited: Inherited): Handler[] {
  const list = (raw ?? []) as Record<string, unknown>[];
  return list.flatMap((h, i) => collecting(ctx.collect, () => loadHandler(ctx, [...path, i], h, inherited), []));
}

function loadHandler(ctx: Ctx, path: YamlPath, written: Record<string, unknown>, inherited: Inherited): Handler[] {
  const { src } = ctx;
  const raw = shortKeywords(written, ['import_tasks', 'include_tasks', 'include_role', 'import_role']);
  const refused = Object.keys(written).find((k) => k.replace(/^ansible\.(builtin|legacy)\./, '') in NOT_HANDLERS);
  if (refused) {
    throw errorAt(
      src,
      'playbook',
      [...path, refused],
      `${NOT_HANDLERS[refused.replace(/^ansible\.(builtin|legacy)\./, '')]} cannot be a handler (ansible-playbook 2.14 refuses it too)`,
      {
        key: true,
        hint: 'write each task as a handler of its own, or put them in a task file and make the handler "include_tasks: FILE"',
      },
    );
  }
  if ('import_tasks' in raw) return importedHandlers(ctx, path, raw, inherited);
  if ('include_tasks' in raw) {
    if (!ctx.session) throw new Error('bug: an include_tasks handler is loaded without its play');
    const { listen, ...include } = raw;
    if (listen !== undefined) checkKeywords(src, path, { listen }, { listen: HANDLER_KEYWORDS.listen as object });
    const task = ctx.session.loadInclude('include_tasks', ctx, path, include, inherited);
    if (task.kind !== 'include') throw new Error('bug: include_tasks did not load as an include');
    return [named(ctx, path, { ...task, listen: listOf(listen) })];
  }
  const task = metaKind(src, path, raw, inherited, loadModuleTask(ctx, path, raw, inherited, HANDLER_KEYWORDS));
  return [named(ctx, path, { ...task, listen: listOf(raw.listen) })];
}

// ansible-core 2.14 ignores `listen` beside import_tasks (a notify of it finds no handler): refused, not ignored.
function importedHandlers(ctx: Ctx, path: YamlPath, raw: Record<string, unknown>, inherited: Inherited): Handler[] {
  if ('listen' in raw) {
    throw errorAt(ctx.src, 'playbook', [...path, 'listen'], 'listen beside import_tasks answers to nothing', {
      key: true,
      hint: 'ansible-playbook 2.14 ignores it too: put "listen:" on each handler of the imported file',
    });
  }
  const { imported, chain } = importedFile(ctx, path, raw);
  const down = commonOf(ctx.src, path, raw, inherited);
  return loadHandlers({ ...ctx, src: imported, importing: chain }, [], imported.data, down);
}

function named(ctx: Ctx, path: YamlPath, handler: Handler): Handler {
  if (handler.name !== undefined || handler.listen.length > 0) return handler;
  throw errorAt(ctx.src, 'playbook', path, 'a handler needs a name or a listen topic', {
    hint: 'tasks notify handlers by name or topic: add "name: restart containerd" or "listen: restart services"',
  });
}

/** ansible-core 2.14's words for a notify no handler answers (runbook says it when the playbook loads). */
export const handlerNotFound = (name: string): string =>
  `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`;
