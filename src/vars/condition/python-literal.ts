// What Ansible 2.14 does with a rendered value (template/native_helpers.py,
// ansible_eval_concat): text that starts with { or [, or is True or False, is
// read with Python's ast.literal_eval (true/false/null allowed, as JSON), and
// becomes that list, mapping or boolean when it reads; otherwise it stays text.
// The filters that mean to give text (to_json, to_nice_json, to_yaml,
// to_nice_yaml, string: Ansible's STRING_TYPE_FILTERS) are left as text.
import type { Node } from './ast.js';
import { parse } from './parser.js';

const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml']);
const NAMES = new Map<string, unknown>([
  ['True', true],
  ['False', false],
  ['None', null],
  ['true', true],
  ['false', false],
  ['null', null],
]);

/** Whether an expression ends in a filter meant to give text (`{{ x | to_json }}`). */
export function givesText(node: Node): boolean {
  return node.kind === 'filter' && STRING_TYPE_FILTERS.has(node.name);
}

/**
 * `value` as Ansible's templating leaves it; `nodes` are the template's expressions.
 * As Ansible's `_no_type_regex`, one of them ending in a text filter anywhere in the
 * template (`"{{ x | to_json }}\n"`) leaves the whole result text.
 */
export function asAnsibleConverts(value: unknown, nodes: readonly Node[] = []): unknown {
  if (typeof value !== 'string') return value;
  // Most rendered text can never convert: decide that before looking at the expressions.
  const bool = value === 'True' || value === 'False';
  if (!bool && !value.startsWith('{') && !value.startsWith('[')) return value;
  if (nodes.some(givesText)) return value;
  if (bool) return value === 'True';
  const read = pythonLiteral(value);
  return read ? read.value : value;
}

/** The value of Python literal text (lists, mappings, strings, numbers, True/False/None), or undefined. */
export function pythonLiteral(text: string): { value: unknown } | undefined {
  let node: Node;
  try {
    node = parse(text, () => ({ line: 1, col: 1 }), 'value');
  } catch {
    return undefined;
  }
  return literalOf(node);
}

function literalOf(node: Node): { value: unknown } | undefined {
  switch (node.kind) {
    case 'literal':
      if (typeof node.value === 'string' || typeof node.value === 'number') return { value: node.value };
      return NAMES.has(node.raw) ? { value: NAMES.get(node.raw) } : undefined;
    case 'group':
      return literalOf(node.inner);
    case 'list': {
      const items: unknown[] = [];
      for (const item of node.items) {
        const v = literalOf(item);
        if (!v) return undefined;
        items.push(v.value);
      }
      return { value: items };
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        const k = literalOf(e.key);
        const v = literalOf(e.value);
        if (!k || !v || (typeof k.value !== 'string' && typeof k.value !== 'number')) return undefined;
        Object.defineProperty(out, String(k.value), {
          value: v.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return { value: out };
    }
    default:
      return undefined;
  }
}
