// Python's one-character string escapes (\n, \t, \\, \' …), read by the INI inventory's
// literals and by Ansible's key=value words alike.
export const PYTHON_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};
