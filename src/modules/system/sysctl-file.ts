// The text work of Ansible's sysctl module (ansible.posix 1.5): how a sysctl.conf-style
// file is read (`key = value` lines; `#`/`;` comments) and rewritten. Ansible rewrites
// the whole file: every line stripped, each key's first assignment kept as `key=value`
// (the task's key with the new value, or left out for state: absent), later duplicates
// dropped, and the key appended when the file lacks it.

/** Each key's value in the file, from its last assignment (as Ansible's dict fills). */
export function sysctlFileValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) continue;
    const eq = line.indexOf('=');
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return values;
}

/** The file as Ansible writes it with `name` set to `value`, or removed when `value` is undefined. */
export function rewriteSysctlFile(text: string, name: string, value: string | undefined): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || !line.includes('=')) {
      out.push(line);
      continue;
    }
    const eq = line.indexOf('=');
    const key = line.slice(0, eq).trim();
    if (seen.has(key)) continue;
    seen.add(key);
    if (key !== name) out.push(`${key}=${line.slice(eq + 1).trim()}`);
    else if (value !== undefined) out.push(`${key}=${value}`);
  }
  if (!seen.has(name) && value !== undefined) out.push(`${name}=${value}`);
  return out.map((l) => `${l}\n`).join('');
}

/** Ansible compares values word by word: "1  2" equals "1 2" (the kernel prints tabs). */
export function sameSysctlValue(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = a.split(/\s+/).filter(Boolean);
  const y = b.split(/\s+/).filter(Boolean);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

/** Ansible's value: booleans (and their YAML words) become 1/0, strings are trimmed. */
export function sysctlValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  const lower = value.toLowerCase();
  if (['y', 'yes', 'on', '1', 'true', 't'].includes(lower)) return '1';
  if (['n', 'no', 'off', '0', 'false', 'f'].includes(lower)) return '0';
  return value.trim();
}

// Python's readlines(): a final line without "\n" still counts; an empty file has none.
function lines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
