// JSON Schemas of a playbook. The loader checks plays with playSchema and each
// task keyword with its entry in TASK_KEYWORDS; module arguments are checked
// with the module's own schema from the ModuleCatalog. schema/editor/ builds the
// schemas shipped for editors from these.

import type { FromExtendedSchema, ExtendedJSONSchema } from 'json-schema-to-ts';
import { optionalVarsSchema, VAR_NAME_PATTERN, varsSchema } from './vars.js';

const condition = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'boolean' },
    { type: 'array', items: { type: ['string', 'boolean'] } },
  ],
  errorHint: 'a condition such as "result.rc != 0" or "kubelet_version is version(\'1.24\', \'<\')", or a list of them',
} as const;
const stringOrList = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 } },
  ],
} as const;
const listOrTemplate = {
  anyOf: [{ type: 'array' }, { type: 'string', minLength: 1 }],
  errorHint: 'a list, or a template naming one: "{{ nodes }}"',
} as const;
// A keyword's value given as a template ("{{ n }}"), rendered when the task runs.
const templated = { type: 'string', pattern: '\\{[{%]', description: 'a template, checked once rendered' } as const;
/**
 * A keyword whose value may be a template, as every keyword may be in Ansible:
 * its type here is "the value, or a template" (string); engine/step-keywords.ts
 * renders and converts it on each host, as Ansible's post_validate does.
 */
const orTemplate = <const S extends object, const H extends string>(schema: S, errorHint: H) =>
  ({ anyOf: [schema, templated], errorHint }) as const;
// The words Ansible's boolean() reads (in any case), written as text ("yes", 'no'), or a template.
const flagText = {
  type: 'string',
  pattern:
    '\\{[{%]|^\\s*([yY]([eE][sS])?|[nN][oO]?|[tT]([rR][uU][eE])?|[fF]([aA][lL][sS][eE])?|[oO][nN]|[oO][fF][fF]|1|0)\\s*$',
  description: 'true or false (yes/no, on/off, 1/0), or a template giving one',
} as const;
const flag = <const H extends string>(errorHint: H) => ({ anyOf: [{ type: 'boolean' }, flagText], errorHint }) as const;
// A whole number written as text ("3"), as Python's int() reads it, or a template.
const wholeText = {
  type: 'string',
  pattern: '\\{[{%]|^\\s*[+-]?\\d+\\s*$',
  description: 'a whole number, or a template giving one',
} as const;
const whole = <const S extends object, const H extends string>(schema: S, errorHint: H) =>
  ({ anyOf: [schema, wholeText], errorHint }) as const;
const TRUE_FALSE = 'true/false (yes/no), or a template giving one: "{{ flag | bool }}"';
const taskList = {
  type: ['array', 'null'],
  items: {
    type: 'object',
    errorHint: 'each task is a mapping with a module, e.g. "- copy: {dest: /etc/motd, content: hi}"',
  },
} as const;

/** `module_defaults:` (parse/module-defaults.ts): module name → its default arguments, or a list of such mappings. */
const moduleDefaultsMapping = { type: ['object', 'null'], additionalProperties: { type: ['object', 'null'] } } as const;
const moduleDefaultsSchema = {
  anyOf: [moduleDefaultsMapping, { type: 'array', items: moduleDefaultsMapping }],
  errorHint:
    'a mapping of module names to arguments: module_defaults: {k8s_node: {kubeconfig: /etc/kubernetes/admin.conf}}',
} as const;

/** `vars:` as a mapping, or (as Ansible also reads it) a list of mappings merged in order. */
const varsKeyword = {
  anyOf: [optionalVarsSchema, { type: 'array', items: varsSchema }],
  errorHint: 'variables are a mapping: name: value (or a list of such mappings)',
} as const;

/** Keywords that tasks and blocks share; blocks pass them down to their tasks. */
export const COMMON_KEYWORDS = {
  // An empty or null name: the task is shown by its module, as ansible-playbook shows it.
  name: { type: ['string', 'null'] },
  vars: varsKeyword,
  when: condition,
  tags: stringOrList,
  ignore_errors: flag(TRUE_FALSE),
  delegate_to: { type: 'string', minLength: 1 },
  run_once: flag(TRUE_FALSE),
  check_mode: flag('check_mode: false runs the task even under --check (or a template giving true/false)'),
  diff: flag('diff: true registers the changes as `diff`, as --diff does; false keeps them out (or a template)'),
  timeout: whole({ type: 'integer', minimum: 1 }, 'seconds, a whole number, or a template giving one'),
  no_log: flag('true/false, or a template: "{{ hide_output | bool }}"'),
  connection: {
    enum: ['local', 'ssh', 'smart'],
    errorHint:
      "local runs on the controller (as delegate_to: localhost, with this host's variables); ssh and smart are the default",
  },
  become: flag(TRUE_FALSE),
  become_user: { type: 'string', minLength: 1 },
  environment: {
    anyOf: [
      {
        type: 'object',
        propertyNames: { pattern: VAR_NAME_PATTERN },
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      },
      templated,
    ],
    errorHint:
      'a mapping of variable names to values: {HTTPS_PROXY: "http://proxy:3128"}, or a template giving one: "{{ proxy_env }}"',
  },
  module_defaults: moduleDefaultsSchema,
  // On a task or block (and what it encloses): a failure there fails every host of the batch, as the play's does.
  any_errors_fatal: flag(TRUE_FALSE),
  throttle: whole(
    { type: 'integer', minimum: 0 },
    'at most this many hosts run the task at once (0: no limit beyond forks), or a template giving the number',
  ),
} as const;

/**
 * Every key a task may hold besides its module, with the schema of its value.
 * Adding a task keyword is one line here plus reading it in parse/task.ts.
 */
export const TASK_KEYWORDS = {
  ...COMMON_KEYWORDS,
  register: { type: 'string', pattern: VAR_NAME_PATTERN, errorHint: 'a variable name: letters, digits and _' },
  loop: listOrTemplate,
  with_items: listOrTemplate,
  with_list: listOrTemplate,
  with_dict: {
    anyOf: [{ type: 'object' }, { type: 'string', minLength: 1 }],
    errorHint: 'a mapping, or a template naming one: "{{ users }}"',
  },
  with_fileglob: {
    ...stringOrList,
    errorHint: 'a glob relative to the playbook\'s files/ directory ("conf.d/*.conf"), or a list of them',
  },
  with_first_found: {
    anyOf: [{ type: 'array' }, { type: 'object' }, { type: 'string', minLength: 1 }],
    errorHint: 'file names, or {files: [...], paths: [...], skip: true}',
  },
  with_nested: {
    anyOf: [
      { type: 'array', minItems: 1 },
      { type: 'string', minLength: 1 },
    ],
    errorHint: 'a list of lists (or of templates giving lists): [[a, b], "{{ ports }}"]',
  },
  with_sequence: {
    anyOf: [{ type: 'string', minLength: 1 }, { type: 'integer' }],
    errorHint: 'start=0 end=6 stride=2 format=%02x, count=5, or the short form "0-6/2:%02x"',
  },
  loop_control: {
    type: 'object',
    properties: {
      loop_var: { anyOf: [{ type: 'string', pattern: VAR_NAME_PATTERN }, templated] },
      index_var: { type: 'string', pattern: VAR_NAME_PATTERN },
      label: { type: 'string' },
      extended: { type: 'boolean', errorHint: 'true: the ansible_loop variable (index, first, last, previtem, …)' },
      extended_allitems: { type: 'boolean', errorHint: 'false: ansible_loop without allitems' },
      pause: {
        anyOf: [{ type: 'number', minimum: 0 }, templated],
        errorHint: 'seconds between items, or a template giving them',
      },
    },
    additionalProperties: false,
  },
  args: { type: 'object', errorHint: "a mapping of the module's arguments: args: {chdir: /tmp, creates: /tmp/done}" },
  until: condition,
  retries: whole({ type: 'integer', minimum: 0 }, 'a whole number, or a template giving one: "{{ retry_count }}"'),
  delay: orTemplate({ type: 'number', minimum: 0 }, 'seconds between tries, or a template giving them'),
  changed_when: condition,
  failed_when: condition,
  notify: stringOrList,
  delegate_facts: { type: 'boolean', errorHint: 'true: the facts the task sets go to the delegate_to host' },
} as const;

/** Keys of a block (`- block: [...]`), which holds tasks instead of a module. */
export const BLOCK_KEYWORDS: Readonly<Record<string, object>> = {
  ...COMMON_KEYWORDS,
  block: { ...taskList, type: 'array' },
  rescue: taskList,
  always: taskList,
  // The block's tasks notify these, unless a task says its own notify (ansible-core 2.14).
  notify: stringOrList,
};

/**
 * `- import_tasks: file.yaml`: the file's tasks, inserted at load time as a block
 * (the path is relative to the file that imports it). What it says besides the
 * path (when, tags, vars, become…) applies to every imported task, as in Ansible.
 */
export const IMPORT_KEYWORDS: Readonly<Record<string, object>> = {
  ...COMMON_KEYWORDS,
  import_tasks: {
    type: 'string',
    minLength: 1,
    pattern: '^(?!.*\\{\\{)',
    errorHint: 'a file path relative to this file, without {{ }} (the import happens before any variable is known)',
  },
};

/**
 * A role in a play's `roles:` or a meta/main.yml `dependencies:`: its name, or
 * a mapping with `role:` (or `name:`) and keywords; other keys are the role's
 * parameters, as Ansible reads them.
 */
export const ROLE_ENTRY_KEYWORDS: Readonly<Record<string, object>> = {
  role: { type: 'string', minLength: 1, pattern: '^(?!.*\\{\\{)' },
  name: { type: 'string', minLength: 1, pattern: '^(?!.*\\{\\{)' },
  vars: COMMON_KEYWORDS.vars as object,
  when: condition,
  tags: stringOrList,
  become: COMMON_KEYWORDS.become as object,
  become_user: COMMON_KEYWORDS.become_user as object,
  ignore_errors: COMMON_KEYWORDS.ignore_errors as object,
  environment: COMMON_KEYWORDS.environment as object,
  module_defaults: moduleDefaultsSchema,
};

export const roleEntrySchema = {
  anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }],
  errorHint: 'a role name, or a mapping: {role: NAME, vars: {...}, when: ..., tags: [...]}',
} as const;

/** `- import_playbook: other.yaml` in a playbook, instead of a play. */
export const importPlaybookSchema = {
  type: 'object',
  properties: {
    import_playbook: {
      type: 'string',
      minLength: 1,
      pattern: '^(?!.*\\{\\{)',
      errorHint: 'a playbook file, relative to this one, without {{ }}',
    },
    name: { type: 'string' },
    vars: optionalVarsSchema,
    tags: stringOrList,
    when: condition,
  },
  required: ['import_playbook'],
  additionalProperties: false,
};

/** Handlers are tasks that may also answer to `listen` topics. */
export const HANDLER_KEYWORDS: Readonly<Record<string, object>> = { ...TASK_KEYWORDS, listen: stringOrList };

/** Ansible task keywords runbook does not support yet: named as such instead of "unknown module". */
export const PLANNED_TASK_KEYWORDS: readonly string[] = [];

/** A playbook: a list of plays. Each play is then checked with playSchema. */
export const playbookShapeSchema = {
  type: 'array',
  errorHint: 'a playbook is a list of plays: start each play with "- hosts: …"',
  items: {
    type: 'object',
    errorHint: 'each play is a mapping: "- hosts: all" followed by "tasks:"',
  },
};

export const hostsSchema = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
  errorHint: 'a host pattern such as "all", "kube_node" or "kube_node:!node1", or a list of patterns',
} as const;

export const playSchema = {
  type: 'object',
  properties: {
    name: { type: ['string', 'null'] },
    hosts: hostsSchema,
    defaults: optionalVarsSchema,
    vars: varsKeyword,
    tasks: { ...taskList, errorHint: 'tasks is a list: "- name: …" then the module on the next line' },
    pre_tasks: taskList,
    post_tasks: taskList,
    handlers: taskList,
    roles: { type: ['array', 'null'], items: roleEntrySchema },
    vars_files: stringOrList,
    serial: orTemplate(
      {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^\\d+(\\.\\d+)?%$' },
          {
            type: 'array',
            minItems: 1,
            items: {
              anyOf: [
                { type: 'integer', minimum: 1 },
                { type: 'string', pattern: '^\\d+(\\.\\d+)?%$' },
              ],
            },
          },
        ],
      },
      'a number of hosts (2), a percentage ("25%"), or a ramp list ([1, 2, "50%"]), or a template giving one',
    ),
    max_fail_percentage: orTemplate(
      { type: 'number', minimum: 0, maximum: 100 },
      'a percentage of the batch, 0 to 100, or a template giving one',
    ),
    any_errors_fatal: flag(TRUE_FALSE),
    // Notified handlers run on a host even once it failed (at the next flush, after the other hosts'), as Ansible's.
    force_handlers: flag(TRUE_FALSE),
    strategy: {
      enum: ['linear', 'free'],
      errorHint:
        'linear (each task on every host before the next) or free (each host through the tasks at its own pace)',
    },
    gather_facts: { type: 'boolean' },
    gather_subset: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      errorHint: "Ansible's subsets: all, min, hardware, network, or !name to leave one out",
    },
    become: COMMON_KEYWORDS.become,
    become_user: COMMON_KEYWORDS.become_user,
    connection: COMMON_KEYWORDS.connection,
    environment: COMMON_KEYWORDS.environment,
    tags: stringOrList,
    module_defaults: moduleDefaultsSchema,
    // As on a task: every task of the play inherits these (a task or block may say otherwise).
    check_mode: COMMON_KEYWORDS.check_mode,
    diff: COMMON_KEYWORDS.diff,
    no_log: COMMON_KEYWORDS.no_log,
    ignore_errors: COMMON_KEYWORDS.ignore_errors,
  },
  required: ['hosts'],
  additionalProperties: false,
} as const;

// runbook's own keyword `errorHint` (parse/validate.ts) is known to the types, which ignore it.
type Hinted = { errorHint: string };
type ValuesOf<K extends Readonly<Record<string, ExtendedJSONSchema<Hinted>>>> = FromExtendedSchema<
  Hinted,
  { type: 'object'; properties: K; additionalProperties: false }
>;
/** What a task's (or block's) keywords hold once the schema has checked them: each its type or a template. */
export type CommonKeywordValues = ValuesOf<typeof COMMON_KEYWORDS>;
export type TaskKeywordValues = ValuesOf<typeof TASK_KEYWORDS>;
/** A play's keys once playSchema has checked them. */
export type PlayValues = FromExtendedSchema<Hinted, typeof playSchema>;

/** The old `action:` / `local_action:` form in place of a module key (parse/action-form.ts reads it). */
export const ACTION_FORM_SCHEMA = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', properties: { module: { type: 'string', minLength: 1 } }, required: ['module'] },
  ],
  description: 'the module and its arguments: "slurp src=/etc/hosts" or {module: slurp, src: /etc/hosts}',
} as const;
