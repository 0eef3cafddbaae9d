// CONDITION_REFERENCE, the README section on conditions. The test and filter
// lines come from their definitions and the examples are evaluated by the tests,
// so the reference cannot drift from the code.
import { FILTERS } from './filters.js';
import { TESTS } from './tests.js';

export interface Example {
  condition: string;
  vars: Record<string, unknown>;
  result: unknown;
}

export const EXAMPLES: readonly Example[] = [
  { condition: "kubelet_version is version('1.24', '<')", vars: { kubelet_version: 'v1.23.17' }, result: true },
  { condition: "kubelet_version is version('1.27', '>=')", vars: { kubelet_version: '1.27.0' }, result: true },
  { condition: "'containerd://' in node_runtime", vars: { node_runtime: 'containerd://1.6.21' }, result: true },
  {
    condition: "result.rc != 0 and 'not found' in result.stderr",
    vars: { result: { rc: 4, stderr: 'Unit docker.service not found.' } },
    result: true,
  },
  {
    condition: 'result is failed or result is changed',
    vars: { result: { failed: false, changed: true, rc: 0 } },
    result: true,
  },
  { condition: 'result.rc is defined and result.rc == 0', vars: { result: { skipped: true } }, result: false },
  {
    condition: "inventory_hostname in groups['kube_control_plane']",
    vars: { inventory_hostname: 'cp1', groups: { kube_control_plane: ['cp1', 'cp2'] } },
    result: true,
  },
  { condition: "status.stdout | trim | lower == 'active'", vars: { status: { stdout: 'Active\n' } }, result: true },
  { condition: "nodes.stdout | split('\\n') | length >= 3", vars: { nodes: { stdout: 'n1\nn2\nn3' } }, result: true },
  { condition: "drain_nodes | default('yes') | bool", vars: {}, result: true },
  {
    condition: "cri_socket | default('/run/containerd/containerd.sock') | basename",
    vars: {},
    result: 'containerd.sock',
  },
];

function show(vars: Record<string, unknown>): string {
  const parts = Object.entries(vars).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return parts.length === 0 ? 'with nothing defined' : `with ${parts.join(', ')}`;
}

const lines = (docs: Iterable<{ doc: string }>) => [...new Set(docs)].map((d) => `- ${d.doc}`);

export const CONDITION_REFERENCE = [
  '## Conditions',
  '',
  "`when:`, `changed_when:`, `failed_when:`, `until:` and `assert`'s `that:` take a condition: an expression written as in",
  'Ansible, without `{{ }}`. `true` and `false` are conditions too, and a list of conditions holds when every one holds.',
  'Conditions are parsed when the playbook is loaded, so a typo fails before any host is touched.',
  'The `{{ }}` of playbook values hold the same expressions ([expressions.md](expressions.md)).',
  '',
  '### Values',
  "- variables by name; keys as `a.b` or `a['b']`; list items as `a[0]`, `a.0`, `a[-1]` (the last)",
  "- strings `'...'` or `\"...\"` with `\\n \\t \\\\ \\' \\\"`; other backslashes stay, so `'\\d+'` is a regex",
  "- numbers `3`, `1.5`; `true`/`false` (or `True`/`False`); `null`/`none` (or `None`); lists `[a, 'b', 3]`;",
  "  mappings `{'k': v}`; parentheses",
  "- `lookup('env', 'NAME')`, `lookup('file', 'path')`, `lookup('first_found', ['a.conf', " +
    "'b.conf'])` (also `query`/`q`, giving a list): read on the controller",
  "  (a relative path from the playbook's directory)",
  "- false, null, 0, `''`, `[]` and `{}` count as false; everything else as true",
  '- using a variable or key that does not exist is an error, except in `x is defined`, `x is undefined` and',
  '  `x | default(...)`; `a.b is defined` is false when `a` or `a.b` is missing. Only data is reachable: no methods.',
  '',
  '### Operators, loosest first',
  "- `a if c else b` (Jinja's inline if; without `else`, undefined when c is false)",
  '- `a or b`, `a and b` (as in Python: `a or b` gives `a` when it is true, else `b`), then `not a`',
  '- `==` `!=` `<` `<=` `>` `>=`, `in`, `not in` (substring, list item, mapping key), `is test`, `is not test`;',
  "  one per expression (`a < b and b < c`, not `a < b < c`). Ordering different types (`'3' < 4`) is an error, and",
  "  so is ordering two version strings as text (`'1.9' < '1.24'`): use the `version` test.",
  '- `+` `-` (`+` also joins two strings or two lists), then `~` (joins any two values as text), then `*` `/` `%`',
  '  on numbers, then `-x`',
  "- `x | filter`, `x | filter(args)`, `x | filter(name=value)` (`map(attribute='name')`), chained left to right,",
  '  then `a.b`, `a[i]`',
  '- not supported, with a hint when used: `{{ }}`, `&&` `||` `!` (write `and` `or` `not`), `=` (write `==`),',
  "  method calls such as `x.startswith('a')`",
  '',
  '### Tests (`x is name`, `x is not name`)',
  ...lines(TESTS.values()),
  '',
  'Versions are read as Kubernetes writes them (`1.24`, `v1.23.17`, `1.27.0-rc.1`, `v1.28.2+k3s1`), missing parts',
  'are 0, and they are compared with semver: a pre-release comes before its release. Quote versions in YAML:',
  '`1.20` unquoted is the number 1.2.',
  '',
  '### Filters (`x | name`)',
  ...lines(FILTERS.values()),
  '',
  '### Examples',
  ...EXAMPLES.map((e) => `- \`${e.condition}\` ${show(e.vars)} gives \`${JSON.stringify(e.result)}\``),
  '',
].join('\n');
