// KEY="value" files read by both systemd (EnvironmentFile=) and a POSIX shell
// (`. /etc/default/kubelet`). Pure functions: parse into assignments, set or
// remove one key, leave every other byte as it was.
import { insertLine, joinLines, splitLines, type Line } from './line-edit.js';

/**
 * The one quoting rule: always double quotes, with `\`, `"`, `$` and backquote
 * escaped by a backslash. Both systemd and sh read `\X` inside double quotes as X
 * for exactly these four characters and expand nothing else (systemd never
 * expands; sh could only expand `$` and backquote, which are escaped).
 */
export function quoteEnvValue(value: string): string {
  return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
}

/**
 * The value a right-hand side gives, when systemd and sh agree on it: unquoted
 * plain text, one '…' string, or one "…" string without expansions. Anything else
 * (mixed quoting, `$VAR`, spaces) gives undefined, and such a line is rewritten.
 */
export function unquoteEnvValue(raw: string): string | undefined {
  const v = raw.replace(/[ \t\r]+$/, '');
  if (/^'[^']*'$/.test(v)) return v.slice(1, -1);
  if (v.startsWith('"')) return doubleQuoted(v);
  return /[\s'"\\$`;&|<>()]/.test(v) ? undefined : v;
}

function doubleQuoted(v: string): string | undefined {
  let out = '';
  for (let i = 1; i < v.length; i++) {
    const c = v[i]!;
    if (c === '"') return i === v.length - 1 ? out : undefined;
    if (c === '$' || c === '`') return undefined;
    if (c === '\\') {
      const next = v[i + 1] ?? '';
      // \<newline> is a line continuation for both readers; other escapes stay verbatim.
      if (next !== '\n') out += next !== '' && '\\"$`'.includes(next) ? next : `\\${next}`;
      i++;
    } else {
      out += c;
    }
  }
  return undefined;
}

export interface EnvLine extends Line {
  /** Set on assignment lines. */
  key?: string;
  prefix?: string;
  raw?: string;
}

const ASSIGN = /^(\s*(?:export[ \t]+)?)([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Lines of the file; a quoted value spanning several lines is one logical line. */
export function parseEnvFile(text: string): EnvLine[] {
  const out: EnvLine[] = [];
  const physical = splitLines(text);
  for (let i = 0; i < physical.length; i++) {
    let { text: t, eol } = physical[i]!;
    const m = ASSIGN.exec(t);
    if (m) {
      while (openQuote(t) && i + 1 < physical.length) {
        const next = physical[++i]!;
        t += eol + next.text;
        eol = next.eol;
      }
      const full = ASSIGN.exec(t)!;
      out.push({ text: t, eol, prefix: full[1]!, key: full[2]!, raw: full[3]! });
    } else {
      out.push({ text: t, eol });
    }
  }
  return out;
}

// Whether an assignment line ends inside quotes (its value goes on on the next line).
function openQuote(line: string): boolean {
  let quote: string | null = null;
  for (let i = line.indexOf('=') + 1; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === '\\') i++;
    else if (quote === '"') {
      if (c === '"') quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

/** Sets `key` (its last assignment, in place, keeping an `export ` prefix), or appends it. */
export function setEnvVar(text: string, key: string, value: string): string {
  const lines = parseEnvFile(text);
  const at = lines.map((l) => l.key).lastIndexOf(key);
  const found = lines[at];
  if (!found) {
    insertLine(lines, lines.length, `${key}=${quoteEnvValue(value)}`);
    return joinLines(lines);
  }
  if (unquoteEnvValue(found.raw!) === value) return text;
  found.text = `${found.prefix}${key}=${quoteEnvValue(value)}`;
  return joinLines(lines);
}

/** Removes every assignment of `key`: an earlier one would otherwise take effect. */
export function removeEnvVar(text: string, key: string): string {
  return joinLines(parseEnvFile(text).filter((l) => l.key !== key));
}

/** What `key` is set to by its last assignment; undefined when unset or unclear. */
export function envValue(text: string, key: string): string | undefined {
  const found = parseEnvFile(text)
    .filter((l) => l.key === key)
    .pop();
  return found ? unquoteEnvValue(found.raw!) : undefined;
}
