// Playbook values: text with {{ expression }} in it, the expressions those of
// conditions, and the Jinja statements values need: {% for x in list %} …
// {% endfor %}, {% if c %} … {% elif c %} … {% else %} … {% endif %}, and
// {% raw %} … {% endraw %}.
// A value that is exactly one {{ }} keeps the expression's type (a list stays a
// list); any other text renders to a string. Parsed once per text.
import type { SourcePos } from '../../errors.js';
import type { Node } from './ast.js';
import { Budget, LIMITS } from './budget.js';
import { evaluateNode } from './evaluate.js';
import { Fault } from './fault.js';
import { handlebarsFault } from './handlebars-habits.js';
import { parse } from './parser.js';
import { guarded, locate } from './placed.js';
import { keysOf, textOf, truthy, typeName } from './values.js';

interface ForPart {
  stmt: 'for';
  at: number;
  name: string;
  items: Node;
  body: Part[];
}
interface IfPart {
  stmt: 'if';
  at: number;
  branches: { cond: Node; body: Part[] }[];
  otherwise: Part[];
}
type Part = string | Node | ForPart | IfPart;

/** One piece of the text: literal text, a {{ }} expression, or a {% %} tag. */
interface Tag {
  tag: string;
  rest: Node | undefined;
  name?: string;
  at: number;
}
type Piece = { text: string } | { expr: Node } | Tag;

const cache = new Map<string, readonly Part[]>();

/** The value of `text` with `vars`: the expression's own value for a lone {{ }}, else a string. */
export function renderTemplate(text: string, vars: object, origin: SourcePos): unknown {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  return guarded(text, origin, () => {
    let parts = cache.get(text);
    if (parts === undefined) {
      parts = build(pieces(text, origin));
      cache.set(text, parts);
    }
    const [only] = parts;
    const budget = new Budget();
    if (parts.length === 1 && only !== undefined && isNode(only)) return evaluateNode(only, vars, text, budget);
    return write(parts, vars, text, budget);
  });
}

const isNode = (p: Part): p is Node => typeof p !== 'string' && !('stmt' in p);

function write(parts: readonly Part[], vars: object, text: string, budget: Budget): string {
  let out = '';
  for (const p of parts) {
    const at = typeof p === 'string' ? 0 : isNode(p) ? p.start : p.at;
    budget.step(at);
    if (typeof p === 'string') out += p;
    else if (isNode(p)) out += textOf(evaluateNode(p, vars, text, budget));
    else if (p.stmt === 'if') {
      const branch = p.branches.find((b) => truthy(evaluateNode(b.cond, vars, text, budget)));
      out += write(branch ? branch.body : p.otherwise, vars, text, budget);
    } else {
      const items = evaluateNode(p.items, vars, text, budget);
      const list = Array.isArray(items) ? items : items !== null && typeof items === 'object' ? keysOf(items) : undefined;
      if (!list) throw new Fault(`{% for %} needs a list or a mapping, got ${typeName(items)}`, { at: p.items.start });
      const outer = Object.getOwnPropertyDescriptors(vars);
      list.forEach((item, i) => {
        budget.step(p.at);
        const loop = { index: i + 1, index0: i, first: i === 0, last: i === list.length - 1, length: list.length };
        out = budget.sized(out + write(p.body, withNames(outer, { [p.name]: item, loop }), text, budget), p.at);
      });
    }
    budget.sized(out, at);
  }
  return out;
}

/** Variables of `outer` (their descriptors) plus names, keeping its lazily rendered variables lazy. */
function withNames(outer: PropertyDescriptorMap, names: Record<string, unknown>): object {
  const out = Object.defineProperties({}, outer);
  for (const [k, v] of Object.entries(names)) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true });
  return out;
}

/** The pieces in order, nested into for and if statements. */
function build(list: Piece[]): Part[] {
  let i = 0;
  let depth = 0;
  const block = (ends: string[], opened?: Tag): { parts: Part[]; end?: Tag } => {
    if (opened && ++depth > LIMITS.nesting) {
      throw new Fault(`the {% if %} and {% for %} statements are nested more than ${LIMITS.nesting} deep (the nesting budget)`, {
        at: opened.at,
        hint: 'put the inner part in a variable of its own (task vars:), or compute it in a command on the host',
      });
    }
    const parts: Part[] = [];
    while (i < list.length) {
      const p = list[i++] as Piece;
      if ('text' in p) parts.push(p.text);
      else if ('expr' in p) parts.push(p.expr);
      else if (ends.includes(p.tag)) return { parts, end: p };
      else if (p.tag === 'for') {
        const body = block(['endfor'], p);
        depth--;
        if (!body.end) throw unclosed('for', p.at);
        parts.push({ stmt: 'for', at: p.at, name: p.name as string, items: p.rest as Node, body: body.parts });
      } else if (p.tag === 'if') {
        const branches: IfPart['branches'] = [];
        let cond = p.rest as Node;
        let otherwise: Part[] = [];
        for (;;) {
          const b = block(['elif', 'else', 'endif'], p);
          depth--;
          if (!b.end) throw unclosed('if', p.at);
          branches.push({ cond, body: b.parts });
          if (b.end.tag === 'elif') {
            cond = b.end.rest as Node;
            continue;
          }
          if (b.end.tag === 'else') {
            const rest = block(['endif'], p);
            depth--;
            if (!rest.end) throw unclosed('if', p.at);
            otherwise = rest.parts;
          }
          break;
        }
        parts.push({ stmt: 'if', at: p.at, branches, otherwise });
      } else {
        throw new Fault(`{% ${p.tag} %} without its opening statement`, { at: p.at });
      }
    }
    return { parts };
  };
  return block([]).parts;
}

const unclosed = (tag: string, at: number) => new Fault(`{% ${tag} %} is never closed by {% end${tag} %}`, { at });

function pieces(text: string, origin: SourcePos): Piece[] {
  const out: Piece[] = [];
  const at = (offset: number) => locate(text, origin, offset);
  let literal = '';
  let i = 0;
  const flush = () => {
    if (literal) out.push({ text: literal });
    literal = '';
  };
  while (i < text.length) {
    const expr = text.startsWith('{{', i);
    const tag = text.startsWith('{%', i) && isTag(text, i);
    if (!expr && !tag) {
      literal += text.charAt(i++);
      continue;
    }
    // {{- and -}} ({%- and -%}) trim the whitespace beside them, as in Jinja.
    let from = i + 2;
    if (text.charAt(from) === '-') {
      from++;
      literal = literal.replace(/\s+$/, '');
    }
    const close = closing(text, from, i, expr ? '}}' : '%}');
    const to = close.trim ? close.at - 1 : close.at;
    let next = close.at + 2;
    flush();
    if (expr) {
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
    // Ansible renders with trim_blocks: the newline after a %} goes with it.
    if (tag && !close.trim && text.charAt(i) === '\n') i++;
    if (close.trim) while (i < text.length && /\s/.test(text.charAt(i))) i++;
  }
  flush();
  return out;
}

// Only Jinja's words make a {% tag, so a shell's printf '{%s}' stays text.
const TAG = /^\{%-?\s*(?:if|elif|else|endif|for|endfor|set|endset|raw|endraw|macro|endmacro|call|endcall|filter|endfilter|with|endwith|block|endblock|include|import|from|extends|do|break|continue)\b/;
const isTag = (text: string, i: number) => TAG.test(text.slice(i, i + 32));

function statement(text: string, from: number, to: number, open: number, at: (o: number) => { line: number; col: number }): Piece {
  const body = text.slice(from, to);
  const m = /^(\s*)([a-z]+)\b/.exec(body) as RegExpExecArray;
  const tag = m[2] as string;
  const restFrom = from + m[0].length;
  if (tag === 'if' || tag === 'elif') return { tag, rest: parse(text, at, 'value', restFrom, to), at: open };
  if (tag === 'for') {
    const head = /^(\s*)([A-Za-z_]\w*)\s+in\b/.exec(text.slice(restFrom, to));
    if (!head) throw new Fault('write {% for name in list %}', { at: open, hint: 'one loop variable; for a mapping, loop over its dict2items and use item.key, item.value' });
    return { tag, name: head[2], rest: parse(text, at, 'value', restFrom + head[0].length, to), at: open };
  }
  if (['else', 'endif', 'endfor'].includes(tag)) {
    if (body.trim() !== tag) throw new Fault(`{% ${tag} %} takes nothing after it`, { at: open });
    return { tag, rest: undefined, at: open };
  }
  throw new Fault(`{% ${tag} %} is not supported in values`, {
    at: open,
    hint: "values take {{ }}, {% if %}/{% elif %}/{% else %}/{% endif %} and {% for %}/{% endfor %}; for a variable use the task's vars:",
  });
}

/** Where the `end` (}} or %}) that closes the tag at `open` is: outside strings and brackets. */
function closing(text: string, from: number, open: number, end: '}}' | '%}'): { at: number; trim: boolean } {
  let depth = 0;
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text.charAt(j);
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (depth === 0 && text.startsWith(end, j)) return { at: j, trim: text.charAt(j - 1) === '-' && j - 1 >= from };
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  const opened = end === '}}' ? '{{' : '{%';
  throw new Fault(`this ${opened} is never closed by ${end}`, { at: open, hint: quote ? `the string opened with ${quote} is not closed either` : `write ${opened} … ${end}` });
}
