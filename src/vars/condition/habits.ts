// Habits from Ansible templates and other languages that the condition language
// does not take, with what to write instead.
import type { Node } from './ast.js';
import { Fault } from './fault.js';

export const HABITS: Record<string, string> = {
  '&&': 'use "and" instead of "&&"',
  '||': 'use "or" instead of "||"',
  '!': 'use "not" instead of "!"',
  '=': 'use "==" to compare; "=" is not an operator',
};

const METHODS: Record<string, string> = {
  startswith: "x is match('prefix')",
  endswith: "x is search('suffix$')",
  lower: 'x | lower',
  upper: 'x | upper',
  strip: 'x | trim',
  split: "x | split(',')",
  keys: 'x | keys',
  get: "x.key | default('fallback')",
};

export function callFault(callee: Node, at: number): Fault {
  const method = callee.kind === 'member' && callee.key.kind === 'literal' ? String(callee.key.value) : undefined;
  const instead = method !== undefined && Object.hasOwn(METHODS, method) ? `; write ${METHODS[method]}` : '';
  return new Fault('calls are not supported', { at, hint: `use a filter (x | name) or a test (x is name)${instead}` });
}
