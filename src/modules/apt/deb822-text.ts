// The text of a deb822 .sources file as Ansible's deb822_repository module
// (ansible-core 2.15, where it first appeared) writes it: one field per argument
// that is set, in the arguments' alphabetical order, named `Types`, `URIs`,
// `X-Repolib-Name`, `Signed-By`…; lists joined by spaces, booleans yes/no, a
// multi-line value (an inline key) indented by four spaces, blank lines as ".".

/** The file name Ansible derives from `name`: lowercase, spaces and _ as -, other characters dropped. */
export function sourcesSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\s]+/g, '-')
    .replace(/[^a-z0-9-]+/g, '');
}

function fieldName(key: string): string {
  if (key === 'name') return 'X-Repolib-Name';
  if (key === 'uris') return 'URIs';
  // Python's str.title(): each run of letters capitalised.
  return key.replace(/_/g, '-').replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
}

function multiline(v: string): string {
  return `\n${v
    .trim()
    .split('\n')
    .map((l) => `    ${l.trim() || '.'}`)
    .join('\n')}`;
}

export type FieldValue = string | number | boolean | readonly string[];

export function deb822Text(fields: Record<string, FieldValue | undefined>): string {
  let out = '';
  for (const key of Object.keys(fields).sort()) {
    const v = fields[key];
    if (v === undefined) continue;
    let text = typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v.join(' ') : String(v);
    if (text.includes('\n')) text = multiline(text);
    // python-debian writes no space after the colon when the value starts on the next line.
    out += text.startsWith('\n') ? `${fieldName(key)}:${text}\n` : `${fieldName(key)}: ${text}\n`;
  }
  return out;
}
