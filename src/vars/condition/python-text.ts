// Values written as text, as Ansible 2.14's Jinja writes them: Python's str().
// `"x={{ flag }}"` gives x=True, a list ['a', 1], a mapping {'k': None}, a float
// 1e-05; a string inside a list or mapping is quoted as Python's repr quotes it
// ("it's", 'say "hi"', 'tab\t'). A {{ }} whose value is null writes nothing
// (Ansible's finalize), while null inside a value, or joined with ~, is None.
import { isMapping, keysOf } from './values.js';

/** What {{ x }} writes into text: null as nothing, anything else as Python's str(). */
export function textOf(v: unknown): string {
  return v === null || v === undefined ? '' : pyStr(v);
}

/** Python's str(): True, None, 3, 'a', ['a', 1], {'k': 'v'}. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyQuoted(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isMapping(v))
    return `{${keysOf(v)
      .map((k) => `${pyQuoted(k)}: ${pyRepr(v[k])}`)
      .join(', ')}}`;
  return String(v);
}

/**
 * A number as Python prints it. JavaScript has one number type: a whole number
 * is written as an int (so a YAML `1.0` writes 1, where Python writes 1.0), any
 * other, and a whole one past 2^53 that no exact int reaches, as a float.
 */
function pyNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  if (Number.isSafeInteger(v)) return String(v);
  // Python's float repr: the shortest digits (as JavaScript's), in exponent form below 1e-4 and from 1e16.
  const [digits = '', exp = '0'] = v.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${digits}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  const fixed = v.toFixed(Math.max(0, (digits.split('.')[1] ?? '').length - e));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

// Python's repr quotes with ' unless the text holds ' and no ", and escapes what is not printable.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;
const NAMED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function pyQuoted(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const named = NAMED[ch];
    if (named !== undefined) out += named;
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === ' ' || !NOT_PRINTABLE.test(ch)) out += ch;
    else out += escaped(ch.codePointAt(0) ?? 0);
  }
  return out + quote;
}

function escaped(code: number): string {
  const hex = code.toString(16);
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
}
