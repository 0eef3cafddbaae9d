// Playbook values: text with {{ expression }} in it, the expressions those of
// conditions. A value that is exactly one {{ }} keeps the expression's type (a
// list stays a list); any other text renders to a string. Parsed once per text.
import type { SourcePos } from '../../errors.js';
import type { Node } from './ast.js';
import { evaluateNode } from './evaluate.js';
import { Fault } from './fault.js';
import { handlebarsFault } from './handlebars-habits.js';
import { parse } from './parser.js';
import { guarded, locate } from './placed.js';
import { textOf } from './values.js';

type Part = string | Node;

const cache = new Map<string, readonly Part[]>();

// `{% if %}`, `{% for %}`…: Jinja statements. Only these words count, so a shell's printf '{%s}' stays text.
const STATEMENT = /^\{%-?\s*(if|for|set|elif|else|endif|endfor|raw|macro|filter|with|block)\b/;

/** The value of `text` with `vars`: the expression's own value for a lone {{ }}, else a string. */
export function renderTemplate(text: string, vars: object, origin: SourcePos): unknown {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  return guarded(text, origin, () => {
    let parts = cache.get(text);
    if (parts === undefined) {
      parts = split(text, origin);
      cache.set(text, parts);
    }
    const [only] = parts;
    if (parts.length === 1 && typeof only !== 'string' && only !== undefined) return evaluateNode(only, vars, text);
    return parts.map((p) => (typeof p === 'string' ? p : textOf(evaluateNode(p, vars, text)))).join('');
  });
}

function split(text: string, origin: SourcePos): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (STATEMENT.test(text.slice(i, i + 20))) {
      throw new Fault('Jinja statements {% %} are not supported in values', {
        at: i,
        hint: "use an inline if, {{ 'a' if c else 'b' }}, or filters over lists, {{ items | join(' ') }}; or give the task a when:/loop:",
      });
    }
    if (!text.startsWith('{{', i)) {
      literal += text.charAt(i++);
      continue;
    }
    // {{- and -}} trim the whitespace beside them, as in Jinja.
    let from = i + 2;
    if (text.charAt(from) === '-') {
      from++;
      literal = literal.replace(/\s+$/, '');
    }
    const close = closing(text, from, i);
    const to = close.trim ? close.at - 1 : close.at;
    const habit = handlebarsFault(text.slice(from, to), i);
    if (habit) throw habit;
    if (literal) parts.push(literal);
    literal = '';
    parts.push(parse(text, (offset) => locate(text, origin, offset), 'value', from, to));
    i = close.at + 2;
    if (close.trim) while (i < text.length && /\s/.test(text.charAt(i))) i++;
  }
  if (literal) parts.push(literal);
  return parts;
}

/** Where the }} that closes the {{ at `open` is: outside strings and brackets. */
function closing(text: string, from: number, open: number): { at: number; trim: boolean } {
  let depth = 0;
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text.charAt(j);
    if (quote) {
      if (c === '\\') j++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (depth === 0 && text.startsWith('}}', j)) return { at: j, trim: text.charAt(j - 1) === '-' && j - 1 >= from };
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  throw new Fault('this {{ is never closed by }}', { at: open, hint: quote ? `the string opened with ${quote} is not closed either` : 'write {{ expression }}' });
}
