// A YAML file kept together with its syntax tree and line index, so that any
// path into the loaded data can be turned back into file:line:col and the text
// of that line. Every "this value is wrong" message in runbook goes through here.

import {
  type Document,
  LineCounter,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
} from 'yaml';
import type { Node, Tags } from 'yaml';
import { RunbookError } from '../errors.js';
import { deepestOffset, firstNestedAlias, firstUndefinedAlias, startOf } from './yaml-failure-spots.js';
import { secretValues } from '../secrets.js';
import type { ErrorCode, SourcePos, TextOrigin } from '../errors.js';
import { checkInputText, readInputText } from './source-text.js';
import { noteTemplate, scalarOrigin } from './template-origins.js';
import {
  aliasBombError,
  duplicateKeyError,
  selfAliasError,
  tooDeepError,
  undefinedAliasError,
  yamlSyntaxError,
} from './yaml-errors.js';

/** A path into the loaded data: mapping keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** Where something is, ready to put in a RunbookError. */
export interface Located {
  source: SourcePos;
  excerpt: string;
}

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JSON-like data (null for an empty file). */
  data: unknown;
}

// Tags that only restate plain data; anything else (!vault, !!binary, !!set, …) is refused.
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

const BOOL_TAG = 'tag:yaml.org,2002:bool';
// `password: !secret hunter2`: a string (`!secret 0123` too) that every output masks.
const SECRET_TAG = { tag: '!secret', identify: (v: unknown) => typeof v === 'string', resolve: (text: string) => text };
const TRUE_WORDS = /^(?:yes|true|on)$/i;
const FALSE_WORDS = /^(?:no|false|off)$/i;

// PyYAML's floats: a digit and a dot at least ("." and "1e3" stay text), an exponent with its sign.
const FLOAT_TAG = 'tag:yaml.org,2002:float';
const PY_FLOATS: Record<string, RegExp> = {
  plain: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/,
  EXP: /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/,
};

/**
 * Ansible reads YAML 1.1 (PyYAML): yes/no/on/off are booleans in any case and
 * 0755 is octal (493). Three differences from the library's 1.1 schema, all as
 * PyYAML: y/n stay text, dates stay text (runbook has no date type), and floats
 * are PyYAML's (the library reads `.` as NaN: a play's `output_dir: .`).
 */
function ansibleTags(tags: Tags): Tags {
  return [...tags, SECRET_TAG]
    .filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp')
    .map((t) => {
      if (typeof t === 'string' || !('test' in t) || !t.test) return t;
      if (t.tag === FLOAT_TAG && !t.test.test('.nan') && t.format !== 'TIME') {
        return { ...t, test: PY_FLOATS[t.format ?? 'plain'] ?? t.test };
      }
      if (t.tag !== BOOL_TAG) return t;
      return { ...t, test: t.test.test('yes') ? TRUE_WORDS : FALSE_WORDS };
    });
}

// `!unsafe '{{ x }}'` (Ansible's AnsibleUnsafeText): a string never templated, on a
// scalar or on every string inside a list or mapping. A value holding template
// syntax is kept as one {% raw %} block, which renders to exactly its text.
const UNSAFE_TAG = '!unsafe';
const TEMPLATE_MARK = /\{[{%#]/;
// `{% endraw %}` inside the text would end the block: its "{" is written by an expression instead.
const ENDRAW_START = /\{(?=%-?\s*endraw\s*-?%\})/g;

/** The text as a playbook value that renders to exactly this text. */
export function unsafeText(text: string): string {
  if (!TEMPLATE_MARK.test(text)) return text;
  // Leading line breaks go before the block: trim_blocks drops the one right after `{% raw %}`.
  const lead = /^\n*/.exec(text)?.[0] ?? '';
  return `${lead}{% raw %}${text.slice(lead.length).replace(ENDRAW_START, "{% endraw %}{{ '{' }}{% raw %}")}{% endraw %}`;
}

function markUnsafe(node: Node): void {
  node.tag = undefined;
  visit(node, {
    Scalar(key, scalar) {
      // Keys stay as written: !unsafe wraps values.
      if (key !== 'key' && typeof scalar.value === 'string') scalar.value = unsafeText(scalar.value);
    },
  });
}

/** Reads and parses a YAML file; `what` names it in the message when it cannot be read ("playbook", "inventory"). */
export function readYamlFile(file: string, what: string): YamlSource {
  return parseYaml(readSourceText(file, what), file);
}

/** The text of an input file; `what` names it in the message when it cannot be read. */
export function readSourceText(file: string, what: string): string {
  return readInputText(file, what, cannotRead);
}

/** A usage error for a file that cannot be read or listed: "cannot read inventory x: ENOENT: …". */
export function cannotRead(file: string, what: string, err: unknown): RunbookError {
  // "ENOENT: no such file or directory, open 'x'" → without the repeated path.
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const reason = code === 'EISDIR' ? 'EISDIR: it is a directory' : (err as Error).message.replace(/, \w+ '.*'$/, '');
  return new RunbookError('usage', `cannot read ${what} ${file}: ${reason}`, { hint: READ_HINTS[code] });
}

const READ_HINTS: Record<string, string> = {
  ENOENT: 'check the path: a relative one is taken from the current directory',
  EISDIR: 'name a file, not a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ELOOP: 'a symbolic link on the path points back to itself',
  EACCES: 'check the permissions of the file and of the directories above it',
};

/** Parses YAML text; syntax errors, duplicate keys and non-data tags become RunbookError('yaml'). */
export function parseYaml(input: string, file: string): YamlSource {
  const text = checkInputText(input, file);
  const lineCounter = new LineCounter();
  // uniqueKeys is checked in checkPlainData: the library's check is quadratic in a mapping's size.
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
    merge: true,
    version: '1.1',
    customTags: ansibleTags,
  });
  const src: YamlSource = { file, text, doc, lineCounter, data: null };
  const first = doc.errors[0];
  try {
    // Before any error can show a line: its !secret value is masked there too.
    visit(doc, {
      Collection(_, node) {
        if (node.tag === UNSAFE_TAG) markUnsafe(node);
      },
      Scalar(_, node) {
        if (node.tag === SECRET_TAG.tag) secretValues.add(String(node.value));
        if (node.tag === UNSAFE_TAG) markUnsafe(node);
      },
      // Where each templated value is written, for errors found when it is rendered.
      Pair(_, pair) {
        if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') {
          noteTemplate(String(pair.key.value), pair.value.value, scalarOrigin(file, text, lineCounter, pair.value));
        }
      },
    });
    if (first) throw yamlSyntaxError(first, locateOffset(src, first.pos[0]), text);
    checkPlainData(src);
    // Aliases expanded more than this (a "billion laughs" file) are refused, not built.
    src.data = doc.toJS({ maxAliasCount: 1000 }) ?? null;
  } catch (err) {
    // The walks above recurse once per level of nesting.
    if (err instanceof RangeError) throw tooDeepError(locateOffset(src, deepestOffset(src.text)));
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      const undefinedAlias = firstUndefinedAlias(src.doc);
      if (undefinedAlias) throw undefinedAliasError(undefinedAlias.name, locateOffset(src, undefinedAlias.at));
      throw aliasBombError(locateOffset(src, firstNestedAlias(src.doc)));
    }
    throw err;
  }
  return src;
}

/** The node at exactly `path` (aliases followed), or undefined when the path leads nowhere. */
function nodeAt(src: YamlSource, path: YamlPath): unknown {
  let node: unknown = src.doc.contents;
  for (const step of path) {
    const found = child(resolveAlias(src, node), step);
    if (!found) return undefined;
    node = found.value;
  }
  return resolveAlias(src, node);
}

/** Where the string at exactly `path` starts in the file (template-origins.ts), or undefined. */
export function valueOrigin(src: YamlSource, path: YamlPath): TextOrigin | undefined {
  return scalarOrigin(src.file, src.text, src.lineCounter, nodeAt(src, path));
}

/** The scalar at `path` as written in the file ("0755"), or undefined when it is not a scalar there. */
export function scalarText(src: YamlSource, path: YamlPath): string | undefined {
  const node = nodeAt(src, path);
  return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
}

/** file:line:col and line text of a character offset. */
export function locateOffset(src: YamlSource, offset: number): Located {
  const { line, col } = src.lineCounter.linePos(Math.min(offset, src.text.length));
  return { source: { file: src.file, line, col }, excerpt: lineOf(src, line) };
}

/**
 * Position of the node at `path`. With `key`, the position of the mapping key
 * that names the last path element (for "unknown key" errors). When the path
 * leads nowhere (the value came from an alias merge, or is missing), the
 * deepest node found is used.
 */
export function locate(src: YamlSource, path: YamlPath, opts: { key?: boolean } = {}): Located {
  let node: unknown = src.doc.contents;
  let keyNode: unknown;
  for (const step of path) {
    node = resolveAlias(src, node);
    const found = child(node, step);
    if (!found) break;
    keyNode = found.key;
    node = found.value;
  }
  const target = opts.key && keyNode ? keyNode : emptyValue(node) && keyNode ? keyNode : node;
  return locateOffset(src, startOf(target));
}

/** A RunbookError pointing at `path` in `src`. */
export function errorAt(
  src: YamlSource,
  code: ErrorCode,
  path: YamlPath,
  message: string,
  opts: { hint?: string; key?: boolean } = {},
): RunbookError {
  const at = locate(src, path, { key: opts.key });
  return new RunbookError(code, message, { ...at, hint: opts.hint });
}

// Lines are split once per file: every task asks for its position.
const linesOf = new WeakMap<YamlSource, string[]>();

function lineOf(src: YamlSource, line: number): string {
  let lines = linesOf.get(src);
  if (!lines) {
    lines = src.text.split(/\r?\n/);
    linesOf.set(src, lines);
  }
  // A tab shown as one space keeps the caret under the column.
  return (lines[line - 1] ?? '').replace(/\t/g, ' ');
}

function child(node: unknown, step: string | number): { key: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(step));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof step === 'number') {
    const item = node.items[step];
    return item === undefined ? undefined : { key: undefined, value: item };
  }
  return undefined;
}

function keyString(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

function resolveAlias(src: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(src.doc) : node;
}

// `key:` with nothing after it parses as an empty null scalar placed after the colon;
// pointing at the key reads better.
function emptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
}

// The node's range starts after its tag: find the tag's "!" before it on the same line.
function tagStart(text: string, nodeStart: number): number {
  const lineStart = text.lastIndexOf('\n', nodeStart - 1) + 1;
  const bang = text.slice(lineStart, nodeStart).search(/!\S*\s*$/);
  return bang < 0 ? nodeStart : lineStart + bang;
}

function checkTag(src: YamlSource, node: Node): void {
  if (node.tag === SECRET_TAG.tag && isScalar(node)) return;
  if (node.tag && !PLAIN_TAGS.has(node.tag)) {
    const shown = node.tag.replace('tag:yaml.org,2002:', '!!');
    throw new RunbookError('yaml', `unsupported YAML tag ${shown}`, {
      ...locateOffset(src, tagStart(src.text, startOf(node))),
      hint:
        shown === '!vault'
          ? 'Ansible Vault is not supported; mark a value `!secret` (masked in all output) in a vars file kept out of version control'
          : shown === SECRET_TAG.tag
            ? '!secret marks one value (a string), not a mapping or a list'
            : 'runbook reads plain data only: strings, numbers, booleans, null, mappings and lists, and !secret strings',
    });
  }
}

// `<<: *base` merges a mapping in; anything else would throw inside the library's toJS.
function checkMergeSource(src: YamlSource, value: unknown): void {
  const resolved = resolveAlias(src, value);
  const items = isSeq(resolved) ? resolved.items : [value];
  const bad = items.find((item) => !isMap(resolveAlias(src, item)));
  if (bad === undefined) return;
  throw new RunbookError('yaml', 'a merge key (<<) must be given a mapping, an alias of one, or a list of them', {
    ...locateOffset(src, startOf(bad ?? value)),
    hint: 'write "<<: *name" where "&name" marks a mapping, or rename the key',
  });
}

// A NUL ends a C string: a path or an argument holding one ("\0" in double
// quotes) reaches the host cut short, as another file. Keys (names of hosts,
// groups, variables) take no control character at all. Both are refused here.
const KEY_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
function checkControls(src: YamlSource, node: Node & { value: string }, isKey: boolean): void {
  const bad = node.value.includes('\0') ? '\0' : isKey ? KEY_CONTROL.exec(node.value)?.[0] : undefined;
  if (bad === undefined) return;
  const code = `U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new RunbookError(
    'yaml',
    `${isKey ? 'a key' : 'a string'} holds the control character ${code}${bad === '\0' ? ' (NUL), which no path, name or command argument can hold' : ''}`,
    {
      ...locateOffset(src, startOf(node)),
      hint: 'remove the escape (\\0, \\x..) from the quoted string',
    },
  );
}

// Refuses tags that are not plain data and collection keys, which toJS would
// silently stringify (`dest: {{ x }}` is the usual way to get one).
function checkPlainData(src: YamlSource): void {
  visit(src.doc, {
    Node(_, node) {
      checkTag(src, node);
    },
    Scalar(key, node) {
      // A Scalar visitor takes scalars from Node's: both checks here.
      checkTag(src, node);
      if (typeof node.value === 'string') checkControls(src, node as Node & { value: string }, key === 'key');
    },
    Alias(_, alias, path) {
      // `a: &a [1, *a]` would build a value that holds itself: every later walk
      // over it (rendering, masking secrets) would never end.
      const around = path.find((p) => isNode(p) && p.anchor === alias.source);
      if (around && alias.resolve(src.doc) === around)
        throw selfAliasError(
          alias.source,
          locateOffset(src, startOf(alias)),
          locateOffset(src, startOf(around as Node)).source.line,
        );
    },
    Map(_, map) {
      checkTag(src, map);
      // Each key once, as PyYAML's loader would not (it keeps the last): a second one is a typo that silently wins.
      const seen = new Map<unknown, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const before = seen.get(pair.key.value);
        if (before)
          throw duplicateKeyError(
            String(pair.key.source ?? pair.key.value),
            locateOffset(src, startOf(pair.key)),
            locateOffset(src, startOf(before)).source.line,
          );
        seen.set(pair.key.value, pair.key);
      }
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') checkMergeSource(src, pair.value);
      if (isMap(pair.key) || isSeq(pair.key)) {
        const template = isMap(pair.key) && src.text.slice(startOf(pair.key) - 1, startOf(pair.key) + 1) === '{{';
        throw new RunbookError(
          'yaml',
          template ? 'a template must be quoted here' : 'a mapping key must be a plain value',
          {
            ...locateOffset(src, startOf(pair.key) - (template ? 1 : 0)),
            hint: template
              ? 'YAML reads an unquoted {{ … }} as a mapping; write it as a string: "{{ name }}"'
              : 'use a string as the key',
          },
        );
      }
    },
  });
}
