// JSON Schemas of a playbook. The loader checks plays with playSchema and each
// task keyword with its entry in TASK_KEYWORDS; module arguments are checked
// with the module's own schema from the ModuleCatalog.

import type { ModuleCatalog } from '../types/module-catalog.js';
import { optionalVarsSchema } from './vars.js';

/**
 * Every key a task may hold besides its module, with the schema of its value.
 * Adding a task keyword is one line here (plus reading it in the engine);
 * the loader copies each keyword's value onto the Task under the same name.
 */
export const TASK_KEYWORDS: Readonly<Record<string, object>> = {
  name: { type: 'string' },
  vars: optionalVarsSchema,
};

/** Ansible task keywords runbook does not support yet: named as such instead of "unknown module". */
export const PLANNED_TASK_KEYWORDS: readonly string[] = [
  'when', 'register', 'loop', 'with_items', 'notify', 'become', 'become_user', 'delegate_to', 'run_once',
  'tags', 'ignore_errors', 'changed_when', 'failed_when', 'until', 'retries', 'delay', 'block', 'rescue',
  'always', 'environment', 'no_log', 'check_mode', 'diff', 'loop_control', 'args',
];

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
};

export const playSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    hosts: hostsSchema,
    vars: optionalVarsSchema,
    tasks: {
      type: ['array', 'null'],
      errorHint: 'tasks is a list: "- name: …" then the module on the next line',
      items: { type: 'object', errorHint: 'each task is a mapping with a module, e.g. "- copy: {dest: /etc/motd, content: hi}"' },
    },
  },
  required: ['hosts'],
  additionalProperties: false,
};

/** One JSON Schema for a whole playbook, for editors (yaml-language-server). */
export function playbookJsonSchema(modules: ModuleCatalog): object {
  const moduleProps: Record<string, object> = {};
  for (const [name, spec] of modules) {
    const forms: object[] = [spec.schema, { type: 'null' }];
    if (spec.freeForm) forms.push({ type: 'string' });
    moduleProps[name] = { anyOf: forms };
  }
  const task = {
    type: 'object',
    properties: { ...TASK_KEYWORDS, ...moduleProps },
    additionalProperties: false,
    oneOf: [...modules.keys()].map((m) => ({ required: [m] })),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'runbook playbook',
    type: 'array',
    items: { ...playSchema, properties: { ...playSchema.properties, tasks: { type: ['array', 'null'], items: task } } },
  };
}
