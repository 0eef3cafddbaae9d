// JSON Schemas of the dynamic includes (include_tasks, include_role,
// include_vars) and the static role import: what each takes besides the
// keywords every task has (schema/playbook.ts).

import { COMMON_KEYWORDS, TASK_KEYWORDS } from './playbook.js';
import { VAR_NAME_PATTERN } from './vars.js';

const taskKeywords: Readonly<Record<string, object>> = TASK_KEYWORDS;
const loopKeywords: Readonly<Record<string, object>> = Object.fromEntries(
  [
    'loop',
    'with_items',
    'with_list',
    'with_dict',
    'with_first_found',
    'with_sequence',
    'with_nested',
    'loop_control',
  ].map((k) => [k, taskKeywords[k] as object]),
);
const relativeFile = {
  type: 'string',
  minLength: 1,
  errorHint: 'a file path, relative to the file that includes it; it may use variables: "{{ os }}.yaml"',
};
/** include_tasks / include_role `apply:`: keywords for every task the include brings in. */
const apply = {
  type: 'object',
  propertyNames: {
    enum: [
      'when',
      'tags',
      'become',
      'become_user',
      'environment',
      'ignore_errors',
      'no_log',
      'check_mode',
      'delegate_to',
      'connection',
      'vars',
      'run_once',
      'timeout',
    ],
  },
  errorHint: 'keywords for the included tasks: apply: {tags: [web], become: true}',
};
const roleRef = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    tasks_from: { type: 'string', minLength: 1 },
    vars_from: { type: 'string', minLength: 1 },
    defaults_from: { type: 'string', minLength: 1 },
    handlers_from: { type: 'string', minLength: 1 },
  },
  required: ['name'],
  additionalProperties: false,
  errorHint:
    'name: the role; tasks_from, vars_from, defaults_from, handlers_from: a file of its tasks/, vars/, defaults/, handlers/ instead of main',
};

/** `name=web tasks_from=install`: the role as key=value words (parse/includes.ts reads them as the mapping). */
const roleWords = {
  type: 'string',
  pattern: '(^|\\s)name=',
  errorHint: 'name=ROLE, with tasks_from=FILE and the like',
};

/**
 * The dynamic includes and the static role import, each with what it takes
 * besides the keywords every task has. `when` and a loop of an include_* apply
 * to the include itself, on each host when the run reaches it.
 */
export const INCLUDE_KEYWORDS: Readonly<Record<string, Readonly<Record<string, object>>>> = {
  include_tasks: {
    ...COMMON_KEYWORDS,
    ...loopKeywords,
    include_tasks: {
      anyOf: [
        relativeFile,
        { type: 'object', properties: { file: relativeFile, apply }, required: ['file'], additionalProperties: false },
      ],
      errorHint: 'a task file: include_tasks: tasks/{{ os }}.yaml',
    },
  },
  include_role: {
    ...COMMON_KEYWORDS,
    ...loopKeywords,
    include_role: { anyOf: [{ ...roleRef, properties: { ...roleRef.properties, apply } }, roleWords] },
  },
  import_role: {
    ...COMMON_KEYWORDS,
    import_role: {
      anyOf: [roleRef, roleWords],
    },
  },
  include_vars: {
    ...COMMON_KEYWORDS,
    ...loopKeywords,
    include_vars: {
      anyOf: [
        relativeFile,
        {
          type: 'object',
          properties: { file: relativeFile, dir: relativeFile, name: { type: 'string', pattern: VAR_NAME_PATTERN } },
          additionalProperties: false,
          errorHint: 'file: a vars file, or dir: a directory of them; name: put them under this variable',
        },
      ],
      errorHint: 'a YAML file of variables: include_vars: vars/{{ os }}.yaml',
    },
  },
};
