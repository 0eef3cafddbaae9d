// JSON Schema of an Ansible-style YAML inventory: a mapping of groups, each with
// optional hosts (name → vars), children (name → group) and vars.

import { optionalVarsSchema } from './vars.js';

const hostVarsSchema = {
  ...optionalVarsSchema,
  errorHint: 'host variables are a mapping: write "node1:" then "  ansible_host: 10.0.0.1" on the next line',
};

const groupSchema = {
  type: ['object', 'null'],
  errorHint: 'a group holds "hosts", "children" and "vars"; put group variables under "vars:"',
  properties: {
    hosts: {
      type: ['object', 'null'],
      errorHint:
        'hosts must be a mapping of host names: write "hosts:" then "  node1:" on the next line, not "- node1"',
      additionalProperties: hostVarsSchema,
    },
    children: {
      type: ['object', 'null'],
      errorHint:
        'children must be a mapping of group names: write "children:" then "  kube_node:" on the next line, not "- kube_node"',
      additionalProperties: { $ref: '#/$defs/group' },
    },
    vars: optionalVarsSchema,
  },
  additionalProperties: false,
};

export const inventorySchema = {
  $defs: { group: groupSchema },
  type: 'object',
  errorHint: 'an inventory is a mapping of groups, usually starting with "all:"',
  additionalProperties: { $ref: '#/$defs/group' },
};
