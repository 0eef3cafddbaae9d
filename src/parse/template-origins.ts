// Where a template is written: the file, line and column where a string's text
// starts, so an error inside `{{ }}` points at the expression itself, in the
// file where it is written — also on a later line of a `content: |` block, and
// in a variable rendered far from the file that set it.
import { isScalar, Scalar } from 'yaml';
import type { LineCounter } from 'yaml';
import type { TextOrigin } from '../errors.js';

/** A value with `{{ }}` or `{% %}` in it: rendered by the run, so only its rendered value can be checked. */
export const holdsTemplate = (text: string): boolean => text.includes('{{') || text.includes('{%');

/**
 * Where the string value of `node` starts. A block scalar's text starts on the
 * line after `|`; its later lines are indented by `indent` in the file.
 */
export function scalarOrigin(file: string, text: string, lines: LineCounter, node: unknown): TextOrigin | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const start = node.range[0];
  const at = (offset: number): TextOrigin => ({ file, ...lines.linePos(offset) });
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) return at(start + 1);
  if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) return at(start);
  const body = text.indexOf('\n', start) + 1;
  if (body === 0) return at(start);
  const first = /^(?:[ \t]*\n)*( *)/.exec(text.slice(body))?.[1] ?? '';
  const line = lines.linePos(body).line;
  return { file, line, col: first.length + 1, indent: first.length };
}

// Each templated value of a mapping key as written in a YAML file: key → text → where.
const byKey = new Map<string, Map<string, TextOrigin>>();

/** Notes where a templated string is written under `key` (parse/yaml-source.ts calls it for every file). */
export function noteTemplate(key: string, value: string, origin: TextOrigin | undefined): void {
  if (!origin || !holdsTemplate(value)) return;
  let texts = byKey.get(key);
  if (!texts) {
    texts = new Map();
    byKey.set(key, texts);
  }
  if (!texts.has(value)) texts.set(value, origin);
}

/**
 * Where `text` is written as the value of `key` (a variable's name, or the key
 * of a mapping inside one), in any YAML file read so far; the first place wins.
 */
export function templateOrigin(key: string, text: string): TextOrigin | undefined {
  return byKey.get(key)?.get(text);
}

/** Paths of the templated strings inside a value (`["lines", 0]`). */
export function templatedLeaves(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; text: string }[] {
  if (typeof value === 'string') return holdsTemplate(value) ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => templatedLeaves(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => templatedLeaves(v, [...path, k]));
  return [];
}

/** A task's argument origins as renderDeep takes them. */
export const argOriginOf =
  (task: { argOrigins?: Record<string, TextOrigin> }) =>
  (path: readonly (string | number)[]): TextOrigin | undefined =>
    task.argOrigins?.[path.join('.')];

/** A variable's origins as renderDeep takes them: by the key each string is written under. */
export const variableOriginOf =
  (name: string) =>
  (path: readonly (string | number)[], text: string): TextOrigin | undefined =>
    templateOrigin(String([name, ...path].filter((p) => typeof p === 'string').pop()), text);
