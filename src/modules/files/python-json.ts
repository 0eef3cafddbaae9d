// copy's `content:` given a mapping or a list: written as Python's json.dumps
// writes it (measured with ansible-playbook 2.14: {"a": 1, "b": ["x", "\u00e9"]}):
// ", " and ": " between items, every non-ASCII character as a \u escape.
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${asciiJson(k)}: ${pythonJsonDumps(v)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string') return asciiJson(value);
  return JSON.stringify(value) ?? 'null';
}

const asciiJson = (s: string) =>
  JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
