// The condition language of when:, changed_when:, failed_when:, until: and
// assert's that: Ansible's Jinja2 expressions without the {{ }}, read by a
// hand-written parser and evaluated over plain data (no eval, no JS prototypes).
// CONDITION_REFERENCE documents it. Every error is a RunbookError at the column.
import { RunbookError, type SourcePos } from '../../errors.js';
import type { Node } from './ast.js';
import { evaluateNode } from './evaluate.js';
import { parse } from './parser.js';
import { guarded, locate } from './placed.js';
import { truthy, typeName } from './values.js';

export { CONDITION_REFERENCE } from './reference.js';
export { EXPRESSION_REFERENCE, VALUE_EXAMPLES } from './expression-reference.js';
export { keptNewlines, renderTemplate, renderTemplateText, type Includer } from './template.js';
export { searchDirs } from './first-found.js';
export type { Delimiters } from './delimiters.js';
export { controllerOf } from './controller.js';
export { OMIT } from './omit.js';
export { asAnsibleConverts } from './python-literal.js';
export { CONTROLLER, type Controller } from './lookups.js';

export interface Condition {
  readonly text: string;
  /** Where the text's first character is in the YAML file. */
  readonly origin: SourcePos;
  readonly ast: Node;
}

// Parsed trees depend only on the text; positions are offsets into it.
const cache = new Map<string, Node>();

export function parseCondition(text: string, origin: SourcePos): Condition {
  let ast = cache.get(text);
  if (ast === undefined) {
    ast = guarded(text, origin, () => parse(text, (offset) => locate(text, origin, offset)));
    cache.set(text, ast);
  }
  return { text, origin, ast };
}

export function evaluate(cond: Condition, vars: object): unknown {
  return guarded(cond.text, cond.origin, () => evaluateNode(cond.ast, vars, cond.text));
}

/** Whether the condition's value is true as Python/Jinja see it. */
export function isTrue(cond: Condition, vars: object): boolean {
  return truthy(evaluate(cond, vars));
}

/** Load-time check of a `when:`-style value: a string, a boolean, or a list of them. */
export function checkCondition(value: unknown, origin: SourcePos): void {
  if (typeof value === 'string') parseCondition(value, origin);
  else if (Array.isArray(value)) for (const item of value) checkCondition(item, origin);
  else if (typeof value !== 'boolean') throw notACondition(value, origin);
}

/** A string is evaluated, a boolean is itself, and a list holds when every item holds (checked in order). */
export function conditionHolds(value: unknown, vars: object, origin: SourcePos): boolean {
  if (typeof value === 'string') return isTrue(parseCondition(value, origin), vars);
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.every((item) => conditionHolds(item, vars, origin));
  throw notACondition(value, origin);
}

function notACondition(value: unknown, origin: SourcePos): RunbookError {
  return new RunbookError(
    'playbook',
    `a condition must be a string, a boolean or a list of them, got ${typeName(value)}`,
    {
      source: origin,
      hint: 'write an expression such as "result.rc == 0", or quote it if YAML read it as something else',
    },
  );
}
