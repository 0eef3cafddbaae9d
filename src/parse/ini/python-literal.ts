// The values of an INI inventory, read as Ansible reads them: with Python's
// ast.literal_eval, keeping the text when it is not a Python literal. So
// `port=22` is a number, `flag=True` a boolean, `x=None` null, `l=[1, 'a']` a
// list, while `ip=10.3.0.1`, `on=true`, `yes`, `mode=0644` and `10-5` stay text.
// Where Python has no JSON equivalent the text is kept too: complex numbers,
// floats that overflow and integers beyond 2^53 (JavaScript would round them).
// No npm package reads Python literals short of a whole Python parser.

import { PYTHON_ESCAPES } from '../python-escapes.js';
import type { VarValue } from '../../types/vars.js';

/** The value of `text` as a Python literal, or undefined when it is not one. */
export function pythonLiteral(text: string): VarValue | undefined {
  const p = new LiteralParser(text);
  try {
    const value = p.value();
    p.skip();
    if (p.peek() === '#') p.pos = text.length;
    return p.pos === text.length ? value : undefined;
  } catch (err) {
    if (err instanceof NotLiteral) return undefined;
    throw err;
  }
}

class NotLiteral extends Error {}

const DIGITS = String.raw`\d(?:_?\d)*`;
const NUMBER = new RegExp(
  `^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|` +
    String.raw`(?:(?:${DIGITS})?\.${DIGITS}|${DIGITS}\.)(?:[eE][+-]?${DIGITS})?|${DIGITS}[eE][+-]?${DIGITS}|` +
    String.raw`[1-9](?:_?\d)*|0(?:_?0)*)`,
);
const NAME_CHAR = /[\w.]/;
const CONSTANTS = new Map<string, VarValue>([
  ['True', true],
  ['False', false],
  ['None', null],
]);
// r'', b'', u'', rb'' …: f-strings are not literals.
const STRING_START = /^[rRuUbB]{0,2}['"]/;
// A backslash before a line break continues the line.
const ESCAPES: Readonly<Record<string, string>> = { '\n': '', ...PYTHON_ESCAPES };

class LiteralParser {
  pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  // Between tokens (and before the first, as Python 3.10 on): spaces and tabs; inside brackets newlines too.
  skip(): void {
    const space = this.depth > 0 ? /[ \t\r\n]/ : /[ \t]/;
    while (space.test(this.peek())) this.pos++;
  }

  value(): VarValue {
    this.skip();
    const c = this.peek();
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.parenthesised();
    if (c === '{') return this.braces();
    if (c === '-' || c === '+') {
      this.pos++;
      this.skip();
      const n = this.number();
      return c === '-' ? -n : n;
    }
    if (/[\d.]/.test(c) && this.text.slice(this.pos, this.pos + 3) !== '...') return this.number();
    const rest = this.text.slice(this.pos);
    if (STRING_START.test(rest)) return this.strings();
    if (rest.startsWith('...')) {
      this.pos += 3;
      return '...'; // Ellipsis: Ansible keeps it as text
    }
    const word = /^[A-Za-z_]\w*/.exec(rest)?.[0] ?? '';
    if (!CONSTANTS.has(word)) throw new NotLiteral();
    this.pos += word.length;
    return CONSTANTS.get(word) as VarValue;
  }

  private number(): number {
    const m = NUMBER.exec(this.text.slice(this.pos));
    if (!m || NAME_CHAR.test(this.text[this.pos + m[0].length] ?? '')) throw new NotLiteral();
    this.pos += m[0].length;
    const t = m[0].replace(/_/g, '');
    const isInt = /^0[xXoObB]/.test(t) || !/[.eE]/.test(t);
    const n = isInt ? Number(BigInt(t)) : Number(t);
    if (!Number.isFinite(n) || (isInt && !Number.isSafeInteger(n))) throw new NotLiteral();
    return n;
  }

  // Adjacent string literals join, as in Python: 'a' "b" is 'ab'.
  private strings(): string {
    let out = '';
    for (;;) {
      out += this.string();
      this.skip();
      if (!STRING_START.test(this.text.slice(this.pos))) return out;
    }
  }

  private string(): string {
    const prefix = /^[rRuUbB]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
    const raw = /[rR]/.test(prefix);
    this.pos += prefix.length;
    const q = this.peek();
    const triple = this.text.startsWith(q.repeat(3), this.pos);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = '';
    while (!this.text.startsWith(close, this.pos)) {
      const c = this.peek();
      if (c === '' || (c === '\n' && !triple)) throw new NotLiteral();
      if (c === '\\') {
        const next = this.peek(1);
        if (raw) out += c + next;
        else out += this.escape(next);
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    this.pos += close.length;
    return out;
  }

  // Python keeps the backslash of an escape it does not know (`\d` stays `\d`).
  private escape(next: string): string {
    if (next in ESCAPES) return ESCAPES[next] as string;
    const sizes: Record<string, number> = { x: 2, u: 4, U: 8 };
    const size = sizes[next];
    if (size !== undefined) {
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) throw new NotLiteral();
      this.pos += size;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.pos + 1))?.[0];
    if (octal) {
      this.pos += octal.length - 1;
      return String.fromCharCode(parseInt(octal, 8));
    }
    return '\\' + next;
  }

  // [a, b] and the inside of (a, b) and {a, b}: items with an optional trailing comma.
  private sequence(closer: string): VarValue[] {
    this.pos++;
    this.depth++;
    const items: VarValue[] = [];
    for (;;) {
      this.skip();
      if (this.peek() === closer) break;
      items.push(this.value());
      this.skip();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== closer) throw new NotLiteral();
    }
    this.pos++;
    this.depth--;
    return items;
  }

  // (x) is x; (x,) and (x, y) are tuples, which Ansible turns into lists.
  private parenthesised(): VarValue {
    const start = this.pos;
    const items = this.sequence(')');
    const single = items.length === 1 && !/,\s*\)$/.test(this.text.slice(start, this.pos));
    return single ? (items[0] as VarValue) : items;
  }

  // {k: v, …} is a dict, {a, b} a set (a list for Ansible); {} an empty dict.
  private braces(): VarValue {
    this.pos++;
    this.depth++;
    const dict: { [key: string]: VarValue } = {};
    const set: VarValue[] = [];
    for (;;) {
      this.skip();
      if (this.peek() === '}') break;
      const first = this.value();
      this.skip();
      if (this.peek() === ':') {
        if (set.length > 0 || (typeof first !== 'string' && typeof first !== 'number')) throw new NotLiteral();
        this.pos++;
        dict[String(first)] = this.value();
      } else {
        if (Object.keys(dict).length > 0 || (typeof first === 'object' && first !== null)) throw new NotLiteral();
        set.push(first);
      }
      this.skip();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') throw new NotLiteral();
    }
    this.pos++;
    this.depth--;
    return set.length > 0 ? set : dict;
  }
}
