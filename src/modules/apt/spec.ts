// apt's package arguments as Ansible's apt module reads them: `name`, `name=1.2-1`,
// `name=1.2*` (a shell-style version pattern), and comma-separated lists.

export interface PackageSpec {
  name: string;
  version?: string;
}

// Debian package names, an optional :arch, an optional =version (with * and ?
// patterns). Nothing a shell or apt-get's option parser would read as more.
export const SPEC_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_.+-]*(:[A-Za-z0-9_-]+)?(=[A-Za-z0-9_.+~:*?-]+)?$';

/** Ansible's list type: a string is split on commas. */
export function specList(name: string | readonly string[] | undefined): string[] {
  if (name === undefined) return [];
  const items = typeof name === 'string' ? name.split(',') : [...name];
  return items.map((s) => s.trim()).filter(Boolean);
}

export function parseSpec(text: string): PackageSpec {
  const eq = text.indexOf('=');
  return eq < 0 ? { name: text } : { name: text.slice(0, eq), version: text.slice(eq + 1) };
}

/** fnmatch as Python's: `*` any run, `?` one character, the rest literal. */
export function versionMatches(pattern: string, version: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(version);
}
