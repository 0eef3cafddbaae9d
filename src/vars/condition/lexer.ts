// Splits a condition into tokens. Every word is a 'name' token; the parser knows
// which words are keywords. Operators from other languages (&&, ||, !, =) are
// tokens too, so the parser can say what to write instead where it meets them.
import { Fault } from './fault.js';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value of a string or number token; the text otherwise. */
  value: string | number;
  start: number;
  end: number;
  /** A string holding {{ }}: the fault to raise unless it is a lookup's term (which Ansible renders). */
  nested?: Fault;
}

// Longest first. &&, ||, = and ! are not operators of the language; see habits.ts
// (= is taken only in a named argument, `map(attribute='name')`).
const OPS = '== != <= >= && || < > = ! ~ + - * / % | . , : ( ) [ ] { }'.split(' ');
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NOT_A_NUMBER = /[0-9A-Za-z_.]+/y;

export const WRAPPED = 'conditions are expressions already; remove the {{ }}';
const NESTED = '{{ }} cannot be nested: inside {{ }} write variables directly';

/** Where the text is read: a condition, or the inside of a value's {{ }}. */
export type Mode = 'condition' | 'value';

/** Tokens of text[from, to); offsets stay those of the whole text. */
export function tokenize(text: string, mode: Mode = 'condition', from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  const wrapped = mode === 'condition' ? WRAPPED : NESTED;
  while (i < to) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const token = /[A-Za-z_]/.test(c)
      ? word(text, i)
      : /[0-9]/.test(c)
        ? number(text, i, tokens.at(-1))
        : c === '"' || c === "'"
          ? string(text, i, wrapped)
          : operator(text, i, wrapped);
    tokens.push(token);
    i = token.end;
  }
  tokens.push({ kind: 'end', text: '', value: '', start: to, end: to });
  return tokens;
}

function sticky(re: RegExp, text: string, at: number): string {
  re.lastIndex = at;
  return re.exec(text)?.[0] ?? '';
}

function word(text: string, start: number): Token {
  const w = sticky(WORD, text, start);
  return { kind: 'name', text: w, value: w, start, end: start + w.length };
}

function number(text: string, start: number, before?: Token): Token {
  // After a member dot (`r.results.0.item`) a number is an index: digits only.
  const index = before?.kind === 'op' && before.text === '.';
  const n = sticky(index ? /\d+/y : NUMBER, text, start);
  const end = start + n.length;
  if ((index ? /[A-Za-z_]/ : /[A-Za-z_.]/).test(text.charAt(end))) {
    const run = sticky(NOT_A_NUMBER, text, start);
    throw new Fault(`"${run}" is not a number`, { at: start, hint: `if it is a version or text, quote it: '${run}'` });
  }
  return { kind: 'number', text: n, value: Number(n), start, end };
}

function string(text: string, start: number, wrapped: string): Token {
  const quote = text.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === quote) {
      const raw = text.slice(start, i + 1);
      const braces = raw.indexOf('{{');
      const nested =
        braces < 0
          ? undefined
          : new Fault(wrapped, {
              at: start + braces,
              hint: `write variables directly, e.g. "x == y", not "x == '{{ y }}'"; join text with +`,
            });
      return { kind: 'string', text: raw, value, start, end: i + 1, nested };
    }
    if (c === '\\' && i + 1 < text.length) {
      const e = text.charAt(i + 1);
      // As in Python, an unknown escape keeps its backslash, so '\d+' stays a regex.
      value += ESCAPES[e] ?? `\\${e}`;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new Fault(`unterminated string: the ${quote} here is never closed`, { at: start });
}

function operator(text: string, start: number, wrapped: string): Token {
  if (text.startsWith('{{', start) || text.startsWith('{%', start)) {
    const bare = text.replace(/\{\{-?\s*|\s*-?\}\}/g, '').trim();
    const hint =
      text.includes('{%') || bare === '' ? 'write the expression without {{ }} or {% %}' : `write it as: ${bare}`;
    throw new Fault(wrapped, { at: start, hint });
  }
  const op = OPS.find((o) => text.startsWith(o, start));
  if (op === undefined) throw new Fault(`unexpected character "${text.charAt(start)}"`, { at: start });
  return { kind: 'op', text: op, value: op, start, end: start + op.length };
}
