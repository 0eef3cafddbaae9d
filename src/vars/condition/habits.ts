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

/** A call that is not one of the methods runbook knows (methods.ts): `x.frob()`, `range(3)`. */
export function callFault(callee: Node, at: number, methods: ReadonlySet<string>): Fault {
  const method = callee.kind === 'member' && callee.key.kind === 'literal' ? String(callee.key.value) : undefined;
  const what = method === undefined ? 'calls are not supported' : `"${method}()" is not a method runbook knows`;
  return new Fault(what, {
    at,
    hint: `use a filter (x | name) or a test (x is name); the methods are ${[...methods].join(', ')}`,
  });
}
