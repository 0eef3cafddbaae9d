// A task's module arguments as Ansible users write them, normalised to one
// object: a mapping, a free-form command string (whose creates=/chdir=/removes=
// words are arguments, as in Ansible), a `k=v k=v` string for other modules,
// and the `args:` keyword, under what the module key itself says.

import { KEY_VALUE_WORD } from '../schema/key-value-word.js';
import { PYTHON_ESCAPES } from './python-escapes.js';
import type { ModuleSpec } from '../types/module-catalog.js';
import { argName, withArgAliases } from './module-names.js';
import { typeOf } from './suggest.js';
import { errorAt, scalarText } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

interface Where {
  src: YamlSource;
  /** Path of the task. */
  path: YamlPath;
  /** The module key as written (`ansible.builtin.copy`), and runbook's name for it. */
  key: string;
  module: string;
}

export function moduleArgs(at: Where, spec: ModuleSpec, value: unknown, argsKeyword: unknown): Record<string, unknown> {
  const { module } = at;
  const own = ownArgs(at, spec, value);
  // `args:` holds defaults: what the module key says wins, as in Ansible.
  const args = withArgAliases(module, { ...((argsKeyword ?? {}) as Record<string, unknown>), ...own });
  checkDecimalMode(at, args.mode);
  return args;
}

function ownArgs(at: Where, spec: ModuleSpec, value: unknown): Record<string, unknown> {
  const { src, path, key, module } = at;
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  const own = (spec.schema as { properties?: Record<string, object> }).properties ?? {};
  // An argument's schema by any name a user may write, Ansible's aliases included.
  const props: PropOf = (name) => own[argName(module, name)];
  if (typeof value === 'string' && spec.freeForm) return freeFormArgs(value, spec.freeForm, props);
  if (typeof value === 'string') {
    const words = splitWords(value);
    const bad = words.find((w) => !KEY_VALUE_WORD.test(w));
    if (bad === undefined && words.length > 0) return Object.fromEntries(words.map((w) => keyValue(w, props)));
  }
  const takes = Object.keys(own);
  const two = takes.slice(0, 2);
  throw errorAt(
    src,
    'schema',
    [...path, key],
    `arguments of ${module}: expected a mapping${spec.freeForm ? ', a command string' : ''} or key=value words, got ${typeOf(value)}`,
    {
      hint:
        typeof value === 'string' && two.length > 0
          ? `write them as key=value words (${key}: ${two.map((k) => `${k}=…`).join(' ')}) or as a mapping (${key}: {${two.map((k) => `${k}: …`).join(', ')}})`
          : takes.length > 0
            ? `${module} takes: ${takes.join(', ')}`
            : undefined,
    },
  );
}

type PropOf = (name: string) => object | undefined;

// `touch /x creates=/x chdir=/tmp`: the words naming an argument of the module
// are taken out, as Ansible's command/shell do; the rest of the text, line
// breaks and spacing included, is the command.
function freeFormArgs(value: string, freeForm: string, props: PropOf): Record<string, unknown> {
  const taken: [string, unknown][] = [];
  let rest = '';
  let from = 0;
  for (const w of wordSpans(value)) {
    const name = /^([\w-]+)=/.exec(w.word)?.[1];
    // A command's own `cmd=` word stays in its command line; `debug: msg=hi` is msg "hi", as in Ansible.
    if (name === undefined || (name === freeForm && freeForm === 'cmd') || !props(name)) continue;
    taken.push(keyValue(w.word, props));
    rest += value.slice(from, w.start).replace(/[ \t]+$/, '');
    from = w.end;
  }
  if (taken.length === 0) return { [freeForm]: value };
  return { [freeForm]: (rest + value.slice(from)).trim(), ...Object.fromEntries(taken) };
}

/** `name=web tasks_from=install`: the mapping it writes, or undefined where a word is not key=value. */
export function keyValueWords(text: string): Record<string, unknown> | undefined {
  const words = splitWords(text);
  if (words.length === 0 || !words.every((w) => /^[\w-]+=/.test(w))) return undefined;
  return Object.fromEntries(words.map((w) => keyValue(w, () => undefined)));
}

/** Words split on blanks outside quotes and outside {{ … }} / {% … %}, as written. */
function splitWords(text: string): string[] {
  return wordSpans(text).map((w) => w.word);
}

function wordSpans(text: string): { word: string; start: number; end: number }[] {
  const words: { word: string; start: number; end: number }[] = [];
  let start = -1;
  let quote = '';
  let jinja = 0;
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i] ?? ' ';
    const two = text.slice(i, i + 2);
    const blank = /\s/.test(ch) && !quote && jinja === 0;
    if (blank) {
      if (start >= 0) words.push({ word: text.slice(start, i), start, end: i });
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    if (quote && ch === '\\') i++;
    else if (quote) quote = ch === quote ? '' : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (two === '{{' || two === '{%') {
      jinja++;
      i++;
    } else if (jinja > 0 && (two === '}}' || two === '%}')) {
      jinja--;
      i++;
    }
  }
  return words;
}

// key=value → [key, value]: surrounding quotes dropped, and the value given
// the type the module's schema asks for (enabled=yes → true), as Ansible's
// argument spec converts it.
function keyValue(written: string, props: PropOf): [string, unknown] {
  // As Ansible's parse_kv: escapes are decoded first (content="a\nb" writes a line break).
  const word = decodeEscapes(written);
  const eq = word.indexOf('=');
  const key = word.slice(0, eq);
  let value = word.slice(eq + 1);
  const q = value[0];
  if ((q === '"' || q === "'") && value.length > 1 && value.endsWith(q)) value = value.slice(1, -1);
  return [key, typed(value, props(key))];
}

/** Python's escapes as Ansible's splitter decodes them in a key=value word (\N{name} is left as written). */
export function decodeEscapes(word: string): string {
  return word.replace(
    /\\(?:U([0-9a-fA-F]{8})|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([\\'"abfnrtv]))/g,
    (all, u8?: string, u4?: string, x2?: string, one?: string) => {
      const hex = u8 ?? u4 ?? x2;
      if (hex === undefined) return PYTHON_ESCAPES[one ?? ''] ?? all;
      const code = Number.parseInt(hex, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}

function typed(value: string, schema: object | undefined): unknown {
  const types = [(schema as { type?: string | string[] } | undefined)?.type ?? []].flat();
  // Where text is taken too (copy's content), a k=v value stays text: content=yes writes "yes", as Ansible.
  if (types.includes('boolean') && !types.includes('string')) {
    if (/^(?:yes|true|on)$/i.test(value)) return true;
    if (/^(?:no|false|off)$/i.test(value)) return false;
  }
  // mode=0644 stays text where text is taken: it is octal, not the number 644.
  if (
    !types.includes('string') &&
    (types.includes('integer') || types.includes('number')) &&
    /^-?\d+(\.\d+)?$/.test(value)
  )
    return Number(value);
  return value;
}

// YAML 1.1 reads 0644 as octal, but 644 as the decimal number 644 (0o1204):
// Ansible takes it silently and sets odd bits; we ask for the leading 0.
function checkDecimalMode(at: Where, mode: unknown): void {
  if (typeof mode !== 'number') return;
  const own = [...at.path, at.key, 'mode'];
  const where = scalarText(at.src, own) !== undefined ? own : [...at.path, 'args', 'mode'];
  const text = scalarText(at.src, where);
  if (text === undefined || text.startsWith('0')) return;
  throw errorAt(
    at.src,
    'schema',
    where,
    `mode ${text} is the decimal number ${text}, which is 0${mode.toString(8)} in octal`,
    {
      hint: `write the octal mode with its leading 0: mode: 0${text} (or quoted: "0${text}")`,
    },
  );
}
