// Splits a value or a template file into pieces: literal text, {{ }}
// expressions, and {% %} statements with their expressions parsed. {# #}
// comments, {% raw %} and the whitespace control of Jinja (`{{-`, `-%}`, and
// trim_blocks: the newline after a %} or #} goes with it, as Ansible renders
// both values and template files; lstrip_blocks is off, as Ansible's template
// module leaves it) are resolved here, so the writer sees only what it writes.
import type { SourcePos } from '../../errors.js';
import type { Node } from './ast.js';
import { JINJA_DELIMITERS, type Delimiters } from './delimiters.js';
import { Fault } from './fault.js';
import { handlebarsFault } from './handlebars-habits.js';
import { parse } from './parser.js';
import { locate } from './placed.js';

/** A {% %} statement: its word, its expression, and the names it binds (for, set). */
export interface Tag {
  tag: string;
  rest: Node | undefined;
  names?: string[];
  /** `{% for x in list if cond %}`: the condition. */
  filter?: Node;
  /** `{% include name ignore missing %}`: no file found writes nothing. */
  ignoreMissing?: boolean;
  at: number;
}
export type Piece = { text: string } | { expr: Node } | Tag;

export function pieces(text: string, origin: SourcePos, d: Delimiters = JINJA_DELIMITERS): Piece[] {
  const out: Piece[] = [];
  const at = (offset: number) => locate(text, origin, offset);
  let literal = '';
  let i = 0;
  const flush = () => {
    if (literal) out.push({ text: literal });
    literal = '';
  };
  while (i < text.length) {
    const expr = text.startsWith(d.variable[0], i);
    const comment = text.startsWith(d.comment[0], i);
    const tag = text.startsWith('{%', i) && isTag(text, i);
    if (!expr && !tag && !comment) {
      literal += text.charAt(i++);
      continue;
    }
    // {{- and -}} ({%- and -%}, {#- and -#}) trim the whitespace beside them, as in Jinja.
    let from = i + (expr ? d.variable[0] : comment ? d.comment[0] : '{%').length;
    if (text.charAt(from) === '-') {
      from++;
      literal = literal.replace(/\s+$/, '');
    }
    const end = expr ? d.variable[1] : comment ? d.comment[1] : '%}';
    const close = comment ? commentEnd(text, from, i, end) : closing(text, from, i, end);
    const to = close.trim ? close.at - 1 : close.at;
    let next = close.at + end.length;
    flush();
    if (comment) {
      // nothing is written
    } else if (expr) {
      const habit = handlebarsFault(text.slice(from, to), i);
      if (habit) throw habit;
      out.push({ expr: parse(text, at, 'value', from, to) });
    } else if (/^\s*raw\s*$/.test(text.slice(from, to))) {
      // {% raw %}…{% endraw %}: text as it is, {{ }} and all (a `docker --format '{{.Id}}'`).
      const end = /\{%-?\s*endraw\s*-?%\}/g;
      end.lastIndex = next;
      const m = end.exec(text);
      if (!m) throw unclosed('raw', i);
      literal = text.slice(next + (text.charAt(next) === '\n' ? 1 : 0), m.index);
      next = m.index + m[0].length;
    } else out.push(statement(text, from, to, i, at));
    i = next;
    // trim_blocks: the newline after a %} or #} goes with it.
    if (!expr && !close.trim && text.charAt(i) === '\n') i++;
    if (close.trim) while (i < text.length && /\s/.test(text.charAt(i))) i++;
  }
  flush();
  return out;
}

export const unclosed = (tag: string, at: number) =>
  new Fault(`{% ${tag} %} is never closed by {% end${tag} %}`, { at });

// Only Jinja's words make a {% tag, so a shell's printf '{%s}' stays text.
const TAG_WORDS = [
  ...['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset', 'raw', 'endraw', 'macro', 'endmacro', 'call'],
  ...['endcall', 'filter', 'endfilter', 'with', 'endwith', 'block', 'endblock', 'include', 'import', 'from', 'extends'],
  ...['do', 'break', 'continue'],
];
const TAG = new RegExp(String.raw`^\{%-?\s*(?:${TAG_WORDS.join('|')})\b`);
const isTag = (text: string, i: number) => TAG.test(text.slice(i, i + 32));

const NAMES = /^(\s*)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*/;

function statement(
  text: string,
  from: number,
  to: number,
  open: number,
  at: (o: number) => { line: number; col: number },
): Piece {
  const body = text.slice(from, to);
  const m = /^(\s*)([a-z]+)\b/.exec(body) as RegExpExecArray;
  const tag = m[2] as string;
  const restFrom = from + m[0].length;
  const expression = (start: number) => parse(text, at, 'value', start, to);
  if (tag === 'if' || tag === 'elif') return { tag, rest: expression(restFrom), at: open };
  if (tag === 'for') {
    const head = /^(\s*)([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+in\b/.exec(text.slice(restFrom, to));
    if (!head)
      throw new Fault('write {% for name in list %}', {
        at: open,
        hint: 'one loop variable, or two for pairs: {% for k, v in d.items() %}',
      });
    const items = expression(restFrom + head[0].length);
    // `for x in list if cond`: the parser reads it as an inline if without else.
    const filtered = items.kind === 'choice' && items.otherwise === undefined;
    return {
      tag,
      names: splitNames(head[2] as string),
      rest: filtered ? items.then : items,
      filter: filtered ? items.cond : undefined,
      at: open,
    };
  }
  if (tag === 'set') {
    const head = NAMES.exec(text.slice(restFrom, to));
    if (!head) throw new Fault('write {% set name = value %}', { at: open });
    const names = splitNames(head[2] as string);
    const after = restFrom + head[0].length;
    if (text.slice(after, to).trim() === '') return { tag, names, rest: undefined, at: open };
    if (text.charAt(after) !== '=' || text.charAt(after + 1) === '=')
      throw new Fault('write {% set name = value %}, or {% set name %}…{% endset %}', { at: open });
    return { tag, names, rest: expression(after + 1), at: open };
  }
  if (tag === 'include') {
    // Jinja's words after the name: `ignore missing`, `with context` (the default) or `without context`.
    const tail = /\s(ignore\s+missing)?\s*(with(?:out)?\s+context)?\s*$/.exec(text.slice(restFrom, to));
    const cut = tail?.[1] || tail?.[2] ? to - (tail[0].length - 1) : to;
    if (tail?.[2]?.startsWith('without')) {
      throw new Fault('{% include … without context %} is not supported', {
        at: open,
        hint: 'the included template sees the variables of the one that includes it',
      });
    }
    return { tag, rest: parse(text, at, 'value', restFrom, cut), ignoreMissing: Boolean(tail?.[1]), at: open };
  }
  if (['else', 'endif', 'endfor', 'endset'].includes(tag)) {
    if (body.trim() !== tag) throw new Fault(`{% ${tag} %} takes nothing after it`, { at: open });
    return { tag, rest: undefined, at: open };
  }
  throw new Fault(`{% ${tag} %} is not supported`, {
    at: open,
    hint:
      'runbook reads {{ }}, {# #}, {% if %}/{% elif %}/{% else %}/{% endif %}, {% for %}/{% else %}/{% endfor %}, ' +
      '{% set %}, {% raw %} and, in template files, {% include %}',
  });
}

const splitNames = (s: string) => s.split(',').map((n) => n.trim());

function commentEnd(text: string, from: number, open: number, end: string): { at: number; trim: boolean } {
  const at = text.indexOf(end, from);
  if (at < 0) throw new Fault(`this comment is never closed by ${end}`, { at: open, hint: `write a comment … ${end}` });
  return { at, trim: text.charAt(at - 1) === '-' && at - 1 >= from };
}

/** Where the `end` (}} or %}) that closes the tag at `open` is: outside strings and brackets. */
function closing(text: string, from: number, open: number, end: string): { at: number; trim: boolean } {
  let depth = 0;
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text.charAt(j);
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (depth === 0 && text.startsWith(end, j))
      return { at: j, trim: text.charAt(j - 1) === '-' && j - 1 >= from };
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  const opened = end === '%}' ? '{%' : end === '}}' ? '{{' : 'tag';
  throw new Fault(`this ${opened} is never closed by ${end}`, {
    at: open,
    hint: quote ? `the string opened with ${quote} is not closed either` : `write ${opened} … ${end}`,
  });
}
