// Values Ansible marks unsafe (AnsibleUnsafe), kept as data and never templated
// again: a registered result holds what a host printed (`{{` in a command's
// output, a failed task's message quoting its template), which is text, not a template.
// (Unsafe strings written `!unsafe` in YAML are {% raw %} blocks: parse/yaml-source.ts.)
const unsafe = new WeakSet<object>();

/** Marks `value` (a mapping or list) as never templated; returns it. */
export function keptAsData<T extends object>(value: T): T {
  unsafe.add(value);
  return value;
}

export function isKeptAsData(value: unknown): boolean {
  return typeof value === 'object' && value !== null && unsafe.has(value);
}
