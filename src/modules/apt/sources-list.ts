// One-line apt sources (sources.list and sources.list.d/*.list) as Ansible's
// apt_repository module reads and writes them (2.14): a line is a source when its
// first word is deb or deb-src; "# deb …" is a disabled source; text after a
// later "#" is a comment; a source's words are joined by single spaces.

export interface SourceLine {
  valid: boolean;
  enabled: boolean;
  source: string;
  comment: string;
}

const TYPES = new Set(['deb', 'deb-src']);

export function parseLine(raw: string): SourceLine {
  let line = raw.trim();
  let enabled = true;
  let comment = '';
  if (line.startsWith('#')) {
    enabled = false;
    line = line.slice(1);
  }
  const hash = line.indexOf('#');
  if (hash > 0) {
    comment = line.slice(hash + 1).trim();
    line = line.slice(0, hash);
  }
  let source = line.trim();
  const words = source.split(/\s+/);
  const valid = source !== '' && TYPES.has(words[0]!);
  if (valid) source = words.join(' ');
  return { valid, enabled, source, comment };
}

export const parseFile = (text: string): SourceLine[] =>
  text
    .split('\n')
    .slice(0, text.endsWith('\n') ? -1 : undefined)
    .map(parseLine);

export function renderFile(lines: SourceLine[]): string {
  return lines.map((l) => `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`).join('');
}

/** The file Ansible names for a new source: its URI without scheme and credentials, non-alphanumerics as `_`. */
export function suggestedFilename(source: string): string {
  const words = source
    .replace(/\[[^\]]+\]/g, '')
    .replace(/\w+:\/\//g, '')
    .split(/\s+/)
    .filter((w) => w !== '' && !TYPES.has(w));
  const uri = (words[0] ?? '').split('@').at(-1)!;
  return `${uri
    .replace(/[^a-zA-Z0-9]/g, ' ')
    .trim()
    .split(/\s+/)
    .join('_')}.list`;
}

/** Files after adding `source`: disabled copies are enabled; else it is appended to `file`. */
export function withSource(files: Map<string, SourceLine[]>, source: string, file: string): Map<string, SourceLine[]> {
  const out = new Map(
    [...files].map(([f, lines]) => [
      f,
      lines.map((l) => (l.valid && l.source === source ? { ...l, enabled: true } : l)),
    ]),
  );
  const found = [...files.values()].some((lines) => lines.some((l) => l.valid && l.source === source));
  if (!found) out.set(file, [...(out.get(file) ?? []), { valid: true, enabled: true, source, comment: '' }]);
  return out;
}

/** Files after removing every line of `source`, enabled or not. */
export function withoutSource(files: Map<string, SourceLine[]>, source: string): Map<string, SourceLine[]> {
  return new Map([...files].map(([f, lines]) => [f, lines.filter((l) => !(l.valid && l.source === source))]));
}
