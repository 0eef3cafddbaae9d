// Pure line editing for lineinfile. Lines keep their own endings ("\n", "\r\n",
// or none for a last line without one), so untouched lines stay byte-identical.
import { pyReplacement } from './python-regex.js';

export interface Line {
  text: string;
  eol: string;
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      out.push({ text: text.slice(start), eol: '' });
      break;
    }
    const cr = nl > start && text[nl - 1] === '\r';
    out.push({ text: text.slice(start, cr ? nl - 1 : nl), eol: cr ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return out;
}

export const joinLines = (lines: readonly Line[]): string => lines.map((l) => l.text + l.eol).join('');

/** Inserts a line at `index`, ending a last line that had no newline first. */
export function insertLine(lines: Line[], index: number, text: string): void {
  const eol = lines.find((l) => l.eol)?.eol ?? '\n';
  const last = lines[lines.length - 1];
  if (index === lines.length && last && !last.eol) last.eol = eol;
  lines.splice(index, 0, { text, eol });
}

export interface LineEdit {
  state: 'present' | 'absent';
  line?: string;
  regexp?: RegExp;
  /** A regex, or BOF / EOF. */
  insertafter?: RegExp | 'BOF' | 'EOF';
  /** A regex, or BOF / EOF. */
  insertbefore?: RegExp | 'BOF' | 'EOF';
  /** `line` holds \\1 / \\g<name> references to the last line `regexp` matches; no match, no change (as Ansible). */
  backrefs?: boolean;
  /** The first line regexp / insertafter / insertbefore matches counts, not the last (Ansible's firstmatch). */
  firstmatch?: boolean;
}

function lastIndex(lines: readonly Line[], test: (l: Line) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i]!)) return i;
  return -1;
}

/** The line that counts: the last match, or the first with firstmatch. */
const pick =
  (edit: LineEdit) =>
  (lines: readonly Line[], test: (l: Line) => boolean): number =>
    edit.firstmatch ? lines.findIndex(test) : lastIndex(lines, test);

/**
 * Ansible's lineinfile semantics. present: the last line matching `regexp` (else
 * equal to `line`) becomes `line`; with no such line, and `line` not already in the
 * file, it is inserted after the last `insertafter` match / before the last
 * `insertbefore` match (EOF when they match nothing). absent: every line matching
 * `regexp` (or, without one, equal to `line`) goes.
 */
export function editLines(text: string, edit: LineEdit): string {
  const lines = splitLines(text);
  const { regexp, line } = edit;
  const matches = (l: Line) => (regexp ? regexp.test(l.text) : l.text === line);
  if (edit.state === 'absent') return joinLines(lines.filter((l) => !matches(l)));
  if (line === undefined) throw new Error('lineinfile: state present needs "line"');
  const found = pick(edit);
  if (edit.backrefs && regexp) {
    const at = found(lines, matches);
    if (at < 0) return text;
    const m = regexp.exec(lines[at]!.text)!;
    lines[at]!.text = pyReplacement(line)(m[0], m.slice(1), m.groups ?? {});
    return joinLines(lines);
  }

  let at = found(lines, matches);
  // A regexp that no longer matches after its replacement must not add the line twice.
  if (at < 0 && regexp) at = lastIndex(lines, (l) => l.text === line);
  if (at >= 0) {
    lines[at]!.text = line;
    return joinLines(lines);
  }
  insertLine(lines, insertionPoint(lines, edit), line);
  return joinLines(lines);
}

function insertionPoint(lines: readonly Line[], edit: LineEdit): number {
  const { insertafter: after, insertbefore: before } = edit;
  if (after === 'BOF' || before === 'BOF') return 0;
  const found = pick(edit);
  if (after instanceof RegExp) {
    const i = found(lines, (l) => after.test(l.text));
    return i < 0 ? lines.length : i + 1;
  }
  if (before instanceof RegExp) {
    const i = found(lines, (l) => before.test(l.text));
    return i < 0 ? lines.length : i;
  }
  return lines.length;
}
