// The editor schemas (yaml-language-server, VS Code) of a playbook and of a
// task file, built from the schemas the loader checks them with: play and task
// keywords from schema/playbook.ts, module arguments from each module's own.

import type { ModuleCatalog } from '../../types/module-catalog.js';
import {
  BLOCK_KEYWORDS,
  HANDLER_KEYWORDS,
  IMPORT_KEYWORDS,
  TASK_KEYWORDS,
  ACTION_FORM_SCHEMA,
  importPlaybookSchema,
  playSchema,
} from '../playbook.js';
import { moduleArgsSchema, moduleValueSchema, type ModuleNaming } from './editor-modules.js';
import { allowTemplates } from './template-values.js';
import { INCLUDE_KEYWORDS } from '../include-keywords.js';

export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

const templated = (keywords: Readonly<Record<string, object>>) =>
  Object.fromEntries(Object.entries(keywords).map(([k, s]) => [k, allowTemplates(s)]));

/** A keyword as runbook reads it, and as Ansible users write it (ansible.builtin.X, ansible.legacy.X). */
const spellings = (key: string): string[] => [key, `ansible.builtin.${key}`, `ansible.legacy.${key}`];

/** The schema of a task (or entry) keyed by `key`, spelled `as`. */
function keyedBy(keywords: Readonly<Record<string, object>>, key: string, as: string): object {
  const { [key]: own, ...rest } = keywords;
  return {
    type: 'object',
    properties: { ...templated(rest), [as]: allowTemplates(own as object) },
    required: [as],
    additionalProperties: false,
  };
}

/** Imports and includes: the keyword that makes a task one, with its other keywords. */
const IMPORTS: Readonly<Record<string, Readonly<Record<string, object>>>> = {
  import_tasks: IMPORT_KEYWORDS,
  ...INCLUDE_KEYWORDS,
  // ansible-core 2.14's deprecated `include:` of a task file (parse/task.ts reads it as either).
  include: INCLUDE_KEYWORDS.include_tasks as Readonly<Record<string, object>>,
};

/** `if` the object has one of these keys `then` its schema, `else` the next; the loader's dispatch. */
function dispatch(cases: [string, object][], otherwise: object): object {
  return cases.reduceRight<object>(
    (rest, [key, then]) => ({ if: { type: 'object', required: [key] }, then, else: rest }),
    otherwise,
  );
}

const listOf = (item: object, description?: string) => ({
  type: ['array', 'null'],
  items: item,
  ...(description ? { description } : {}),
});

/** The definitions a playbook and a task file share: tasks, blocks, imports, handlers, each module's arguments. */
function taskDefinitions(modules: ModuleCatalog, naming: ModuleNaming): Record<string, object> {
  const defs: Record<string, object> = {};
  const moduleProps: Record<string, object> = {};
  for (const [name, spec] of modules) {
    defs[`args.${name}`] = moduleArgsSchema(name, spec, naming.argAliases(name));
    defs[`module.${name}`] = moduleValueSchema(spec, ref(`args.${name}`));
    for (const key of naming.keys(name)) moduleProps[key] = ref(`module.${name}`);
  }
  // The old action:/local_action: form stands in for the module key.
  for (const key of ['action', 'local_action']) moduleProps[key] = ACTION_FORM_SCHEMA;
  // Exactly one module key, as the loader asks ("task has two modules" / "task has no module").
  const oneModule = Object.keys(moduleProps).map((k) => ({ required: [k] }));
  const moduleTask = (keywords: Readonly<Record<string, object>>) => ({
    type: 'object',
    properties: { ...templated(keywords), ...moduleProps },
    additionalProperties: false,
    oneOf: oneModule,
  });
  return {
    // The loader's dispatch: a block, an import or include, else a module task.
    task: dispatch(
      [
        ['block', ref('block')],
        ...Object.keys(IMPORTS).flatMap((k) => spellings(k).map((as): [string, object] => [as, ref(`include.${as}`)])),
      ],
      ref('module_task'),
    ),
    module_task: moduleTask(TASK_KEYWORDS),
    // As parse/handlers.ts: an import_tasks, an include_tasks (with listen), else a module task with a name or listen.
    handler: dispatch(
      [
        ...spellings('import_tasks').map((as): [string, object] => [as, ref(`include.${as}`)]),
        ...spellings('include_tasks').map((as): [string, object] => [
          as,
          keyedBy(
            { ...INCLUDE_KEYWORDS.include_tasks, listen: HANDLER_KEYWORDS.listen as object },
            'include_tasks',
            as,
          ),
        ]),
      ],
      { ...moduleTask(HANDLER_KEYWORDS), anyOf: [{ required: ['name'] }, { required: ['listen'] }] },
    ),
    block: {
      type: 'object',
      properties: {
        ...templated(BLOCK_KEYWORDS),
        block: { type: 'array', items: ref('task'), description: 'tasks run in order' },
        rescue: listOf(ref('task'), 'tasks run when a task of the block failed'),
        always: listOf(ref('task'), 'tasks run after the block, failed or not'),
      },
      required: ['block'],
      additionalProperties: false,
    },
    ...Object.fromEntries(
      Object.entries(IMPORTS).flatMap(([k, keywords]) =>
        spellings(k).map((as) => [`include.${as}`, keyedBy(keywords, k, as)]),
      ),
    ),
    ...defs,
  };
}

/** A playbook: a list of plays, each with its tasks, blocks, imports and handlers. */
export function playbookEditorSchema(modules: ModuleCatalog, naming: ModuleNaming): object {
  const tasks = listOf(ref('task'));
  const play = {
    type: 'object',
    properties: {
      ...templated(playSchema.properties as Record<string, object>),
      tasks: { ...tasks, description: "the play's tasks, after pre_tasks and before post_tasks" },
      pre_tasks: tasks,
      post_tasks: tasks,
      handlers: listOf(ref('handler'), 'tasks that run once per batch when notified, by name or listen topic'),
    },
    required: playSchema.required,
    additionalProperties: false,
  };
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: 'runbook playbook',
    description: 'A list of plays: "- hosts: PATTERN" with tasks (runbook validate checks the rest)',
    type: 'array',
    items: dispatch(
      spellings('import_playbook').map((as) => [as, keyedBy(importPlaybookSchema.properties, 'import_playbook', as)]),
      ref('play'),
    ),
    definitions: { play, ...taskDefinitions(modules, naming) },
  };
}

/** A task file (`import_tasks:`): a list of tasks. */
export function taskFileEditorSchema(modules: ModuleCatalog, naming: ModuleNaming): object {
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: 'runbook task file',
    description: 'A list of tasks, imported by a playbook with import_tasks',
    type: ['array', 'null'],
    items: ref('task'),
    definitions: taskDefinitions(modules, naming),
  };
}
