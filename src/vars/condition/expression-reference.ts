// EXPRESSION_REFERENCE, docs/expressions.md: the {{ }} of playbook values set
// beside Jinja's. Every example is rendered by a test (test/vars/expression-docs),
// so the page cannot drift from the code.

export interface ValueExample {
  /** The playbook value, as written in YAML (a string). */
  value: string;
  vars: Record<string, unknown>;
  /** The controller's environment, for lookup('env'). */
  env?: Record<string, string>;
  result: unknown;
  /** What Ansible gives, where it is not the same. */
  ansible?: string;
}

export const VALUE_EXAMPLES: readonly ValueExample[] = [
  {
    value: "{{ groups['kube_control_plane'][0] }}",
    vars: { groups: { kube_control_plane: ['cp1', 'cp2'] } },
    result: 'cp1',
  },
  {
    value: '{{ hostvars[node].ansible_host }}',
    vars: { node: 'n1', hostvars: { n1: { ansible_host: '10.0.0.11' } } },
    result: '10.0.0.11',
  },
  { value: '{{ nodes }}', vars: { nodes: ['n1', 'n2'] }, result: ['n1', 'n2'] },
  {
    value: 'nodes: {{ nodes }}',
    vars: { nodes: ['n1', 'n2'] },
    result: "nodes: ['n1', 'n2']",
  },
  { value: 'enabled={{ on }}', vars: { on: true }, result: 'enabled=True' },
  {
    value: "{{ opts }} and {{ none ~ '' }}",
    vars: { opts: { name: "it's", debug: false, level: null, ratio: 0.00001 }, none: null },
    result: `{'name': "it's", 'debug': False, 'level': None, 'ratio': 1e-05} and None`,
  },
  { value: "{{ 'arm64' if arch == 'aarch64' else 'amd64' }}", vars: { arch: 'x86_64' }, result: 'amd64' },
  { value: "{{ 'v' ~ major ~ '.' ~ minor }}", vars: { major: 1, minor: 28 }, result: 'v1.28' },
  {
    value: "{{ {'name': node, 'labels': ['a', 'b']} }}",
    vars: { node: 'n1' },
    result: { name: 'n1', labels: ['a', 'b'] },
  },
  { value: '{{ port | default(6443) }}', vars: {}, result: 6443 },
  {
    value:
      "{{ groups['kube_control_plane'] | difference([inventory_hostname]) | first | default(inventory_hostname) }}",
    vars: { inventory_hostname: 'cp1', groups: { kube_control_plane: ['cp1'] } },
    result: 'cp1',
  },
  {
    value: "{{ paths | map('quote') | join(' ') }}",
    vars: { paths: ['/var/lib/docker', "it's"] },
    result: '/var/lib/docker "it\'s"',
    ansible: "/var/lib/docker 'it'\"'\"'s'",
  },
  {
    value: "{{ users | selectattr('admin') | map(attribute='name') | list }}",
    vars: {
      users: [
        { name: 'ann', admin: true },
        { name: 'bob', admin: false },
      ],
    },
    result: ['ann'],
  },
  { value: "{{ [['a'], ['b', ['c']]] | flatten | unique | sort(reverse=true) }}", vars: {}, result: ['c', 'b', 'a'] },
  { value: '{{ labels | dict2items }}', vars: { labels: { role: 'cp' } }, result: [{ key: 'role', value: 'cp' }] },
  {
    value: '{{ defaults | combine(overrides, recursive=true) }}',
    vars: { defaults: { a: { x: 1, y: 2 } }, overrides: { a: { y: 3 } } },
    result: { a: { x: 1, y: 3 } },
  },
  {
    value: "{{ (daemon.stdout | from_json)['log-opts']['max-size'] | default('') }}",
    vars: { daemon: { stdout: '{"log-opts": {"max-size": "100m"}}' } },
    result: '100m',
  },
  { value: '{{ docker_log_max_size | docker_size_quantity }}', vars: { docker_log_max_size: '100m' }, result: '100Mi' },
  { value: "{{ version | regex_replace('^v', '') }}", vars: { version: 'v1.28.2' }, result: '1.28.2' },
  { value: '{{ {"a": [1, 2]} | to_json }}', vars: {}, result: '{"a": [1, 2]}' },
  { value: "{{ 'registry.k8s.io/pause:3.9' | b64encode }}", vars: {}, result: 'cmVnaXN0cnkuazhzLmlvL3BhdXNlOjMuOQ==' },
  { value: "{{ lookup('env', 'HOME') }}", vars: {}, env: { HOME: '/home/op' }, result: '/home/op' },
  {
    value: '{% for r in registries %}{{ r.name }}{% if not loop.last %},{% endif %}{% endfor %}',
    vars: { registries: [{ name: 'docker.io' }, { name: 'quay.io' }] },
    result: 'docker.io,quay.io',
  },
  {
    value: "{ 'name': '{{ node }}', 'ports': [{{ port }}, 443] }",
    vars: { node: 'n1', port: 80 },
    result: { name: 'n1', ports: [80, 443] },
  },
  { value: '{%- if tls -%}https{%- else -%}http{%- endif -%}', vars: { tls: true }, result: 'https' },
  { value: "{{ csv.strip().split(',') }}", vars: { csv: ' a,b ' }, result: ['a', 'b'] },
  {
    value: '{% for k, v in labels.items() %}{{ k }}={{ v }};{% endfor %}',
    vars: { labels: { zone: 'a' } },
    result: 'zone=a;',
  },
  {
    value:
      "{% set parts = [] %}{% for n in nodes %}{% set _ = parts.append(n ~ ':6443') %}{% endfor %}{{ parts | join(',') }}",
    vars: { nodes: ['n1', 'n2'] },
    result: 'n1:6443,n2:6443',
  },
  {
    value:
      "{{ kube_service_addresses | ansible.utils.ipaddr('net') | ansible.utils.ipaddr(1) | ansible.utils.ipaddr('address') }}",
    vars: { kube_service_addresses: '10.233.0.0/18' },
    result: '10.233.0.1',
  },
  { value: "{{ '' | bool }}", vars: {}, result: false },
];

function shown(vars: Record<string, unknown>, env?: Record<string, string>): string {
  const parts = Object.entries(vars).map(([k, v]) => `\`${k} = ${JSON.stringify(v)}\``);
  const envs = Object.entries(env ?? {}).map(([k, v]) => `\`${k}=${v}\` in the environment`);
  const all = [...parts, ...envs];
  return all.length === 0 ? '' : all.join(', ');
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export const EXPRESSION_REFERENCE = [
  '## Expressions in playbook values',
  '',
  'Playbook values — module arguments, `vars`, `defaults`, `loop`, `delegate_to`, `environment`,',
  '`loop_control.label` — take `{{ }}` with Jinja expressions, the same language as conditions',
  '([conditions.md](conditions.md) lists every operator, filter and test). Template files of the `template`',
  'module are Jinja in the same language (`.j2`, and any name not ending in `.hbs`); `.hbs` files are Handlebars.',
  '',
  '- A value that is exactly one `{{ }}` keeps its type: a list stays a list, a boolean a boolean.',
  "- Any other text gives a string, each value written as Ansible's Jinja writes it (Python's `str()`): strings as",
  "  they are, `True`/`False`, lists and mappings as `['a', 1]` and `{'k': None}` (strings inside quoted as Python",
  '  quotes them), floats as `1.5` and `1e-05`; a `{{ }}` whose value is null writes nothing, while `~` and `| string`',
  '  write it `None`. This holds in template files, `debug` messages and `{% for %}` bodies alike. As Ansible does,',
  '  text that then reads as a Python literal list or mapping (it starts with `{` or `[`) or is `True`/`False`',
  '  becomes that value (`to_json`, `to_yaml`, `string` results stay text).',
  '- A variable that is not defined is an error naming the file and line (guard it with `| default(...)`).',
  '- A variable whose value holds `{{ }}` (in `vars`, `defaults`, the inventory) is rendered when it is used.',
  '- `{% if c %}…{% elif c %}…{% else %}…{% endif %}` and `{% for x in list %}…{% endfor %}` (with',
  '  `loop.index`, `loop.index0`, `loop.revindex`, `loop.first`, `loop.last`, `loop.length`, `loop.previtem`,',
  '  `loop.nextitem`; `{% for k, v in d.items() %}`, `{% for x in xs if c %}`, `{% else %}` for an empty loop),',
  '  `{% set x = v %}` and `{% set x %}…{% endset %}` (a `set` inside a loop ends with its pass, as in Jinja),',
  '  `{# comments #}`, `{{-`/`-}}`, `{%-`/`-%}` and `{#-`/`-#}` trim whitespace as in Jinja, and the newline after',
  '  a `%}` or `#}` goes with it (Ansible renders with `trim_blocks`; `lstrip_blocks` is off, as in its template',
  "  module). `{% raw %}…{% endraw %}` keeps its text as it is (`docker ps --format '{% raw %}{{.ID}}{% endraw %}'`).",
  '- A value made only of `{% %}` statements is rendered too.',
  '- Each distinct text is parsed once per run, however many hosts and items render it.',
  '',
  '### Side by side',
  '',
  '| value | with | runbook gives | Ansible |',
  '| --- | --- | --- | --- |',
  ...VALUE_EXAMPLES.map(
    (e) =>
      `| \`${cell(e.value)}\` | ${cell(shown(e.vars, e.env))} | \`${cell(JSON.stringify(e.result))}\` | ` +
      `${e.ansible === undefined ? 'the same' : `\`${cell(JSON.stringify(e.ansible))}\``} |`,
  ),
  '',
  '### The same as Jinja',
  "- subscripts `a['b']`, `a[0]`, `a.0`, `a[-1]`, `hostvars[h].x`; literals `'s'`, `3`, `[..]`, `{'k': v}`, `true`, `none`",
  '- `a if c else b`, `~`, `+ - * / %`, `== != < <= > >=`, `in`, `not in`, `and or not`, `is test`, `| filter`,',
  "  named arguments (`map(attribute='name')`, `sort(reverse=true)`, `combine(b, recursive=true)`)",
  '- filters: `default`/`d`, `bool`, `int`, `float`, `string`, `join`, `split`, `first`, `last`, `length`, `lower`, `upper`,',
  '  `trim`, `replace`, `regex_replace`, `regex_search`, `regex_findall`, `map`, `select`, `reject`, `selectattr`,',
  '  `rejectattr`, `unique`, `sort`, `reverse`, `flatten`, `difference`, `intersect`, `union`, `product`, `zip`, `min`,',
  '  `max`, `sum`, `list`, `keys`, `values`, `dict2items`, `items2dict`, `combine`, `to_json`, `to_nice_json`, `from_json`,',
  '  `to_yaml`,',
  '  `to_nice_yaml`, `from_yaml`, `b64encode`, `b64decode`, `basename`, `dirname`, `quote`, `ternary`, `mandatory`',
  '- tests (`x is …`, and by name in `select`/`selectattr`): `defined`, `undefined`, `none`, `string`, `number`,',
  '  `mapping`, `sequence`, `boolean`, `integer`, `true`, `false`, `equalto`/`eq`, `ne`, `lt`, `le`, `gt`, `ge`,',
  '  `contains`, `in`, `match`, `search`, `version`, and of registered results as ansible-core 2.14 reads them:',
  '  `succeeded`/`success`/`successful`, `failed`/`failure`, `changed`/`change`, `skipped`/`skip`, `reachable`,',
  '  `unreachable`, `finished`, `started`',
  "- `lookup('env', NAME)` and `lookup('file', PATH)` (and `query`/`q`), read on the controller; a relative path is",
  "  read from the playbook's directory, and the file's trailing whitespace is dropped, as Ansible's `file` lookup does;",
  "  `wantlist=True` gives the list; `errors='ignore'` or `'warn'` gives nothing (none, or `[]` from query) where",
  "  the lookup would fail (runbook shows no warning for `warn`); `lookup('vars', NAME, default=...)` and",
  "  `lookup('dict', MAPPING)` (its `{key, value}` entries), `lookup('varnames', REGEX)`, `lookup('pipe', COMMAND)`",
  '  (a shell command on the controller, in the playbook directory); values that are not text come alone, or as a list',
  "- `lookup('first_found', files)` and `with_first_found` (names, lists, `{files, paths, skip}`), searched in the",
  "  role's `files/` and directory, then the playbook's",
  "- `lookup('list', ...)`, `lookup('items', ...)`, a `*list` spread among a lookup's terms (`q('list', *names)`); a",
  "  term holding `{{ }}` is rendered before the lookup runs; `lookup('file', ..., lstrip=True, rstrip=False)`",
  "- `now()`, `now(utc=true)`, `now(fmt='%Y-%m-%d')`: the controller's clock (without `fmt`, as the text",
  "  `2026-12-08 04:35:12.123456`); `x | password_hash('sha512')` (or `sha256`; `salt=`, `rounds=`)",
  "- in template files: `{% include 'name' %}` (a list of names, `ignore missing`), found beside the template,",
  "  then in the role's and the playbook's `templates/`",
  '- methods of strings (`split`, `strip`, `lstrip`, `rstrip`, `startswith`, `endswith`, `replace`, `lower`, `upper`,',
  '  `capitalize`, `title`, `find`, `count`, `join`, `splitlines`, `isdigit`, `format` with `{}`), of lists (`append`,',
  '  `extend`, `insert`, `index`, `count`, `copy`) and of mappings (`keys`, `values`, `items`, `get`, `copy`, `update`);',
  "  tuples `('a', 'b')` (read as lists)",
  '- `omit`: a module argument (or a key of a mapping in one) whose value is `omit` is left out',
  "- `is version_compare(...)`, the old name of `version`; a collection's full name for a filter or test",
  '  (`ansible.builtin.`, `ansible.utils.`, `ansible.netcommon.`, `community.general.`)',
  '- `ipaddr`, `ipv4`, `ipv6` (ansible.utils) on IPv4 values: no query, `address`, `net`, `network`, `netmask`,',
  '  `hostmask`, `prefix`, `broadcast`, `size`, `host`, `cidr`, `subnet`, `first_usable`, `last_usable`, an index',
  "  (`ipaddr(1)`), a network (`ipaddr('10.0.0.0/8')`: the value when inside it); lists are filtered",
  '',
  '### What differs',
  "- A whole-number float (`1.0`, `4 / 2`, `'3' | float`) is written in text as an int (`1`, `2`, `3`), where Ansible",
  '  writes `1.0`: JavaScript has one number type. Other floats are written as Python writes them (`1e-05`, `1e+16`).',
  '- `quote` quotes as the `shell-quote` library does (`"it\'s"`); the shell reads the same word.',
  '- `sort` orders text ignoring case, as Jinja; `unique` keeps case, as Ansible.',
  '- `a if c` without `else` is undefined (an error unless `| default`) where Jinja gives an empty string.',
  "- Ordering two version strings as text (`'1.9' < '1.24'`) is an error: use `is version(...)`.",
  "- `x | bool` refuses text other than yes/no, true/false, on/off, 1/0 and `''` (Ansible gives false for any other).",
  '- `ipaddr` computes on IPv4 only: an IPv6 value passes `ipaddr`/`ipv6` without a query and is an error with one.',
  '',
  '### What is missing',
  "- `{% macro %}`, `{% include %}` in values, `{% import %}`, `range()`, Python's `%` formatting, lookups other",
  '  than those above, and the other filters of collections (`community.general.*`).',
  '- `json_query`: it needs a JMESPath library (a new dependency for one filter; the npm `jmespath` package has had',
  '  no release since 2022); write `selectattr`/`map(attribute=...)` chains instead.',
  '',
  "### runbook's own",
  "- `x | docker_size_quantity`: Docker's log `max-size` (`100m`, `10k`, `1g`, 1024-based) as a Kubernetes quantity",
  '  (`100Mi`, `10Ki`, `1Gi`); kubelet would read `100m` as a tenth of a byte.',
  '',
  '### From Handlebars',
  'Values were Handlebars before; Handlebars in a value is an error at its line and column that gives the',
  "Jinja to write: `{{first x}}` → `{{ x | first }}`, `{{default a 'b'}}` → `{{ a | default('b') }}`,",
  '`{{shell_quote x}}` → `{{ x | quote }}`, `{{trim x}}` → `{{ x | trim }}`, `{{#if c}}a{{else}}b{{/if}}` →',
  "`{{ 'a' if c else 'b' }}` (or `{% if c %}`), `{{#each xs}}…{{this}}…{{/each}}` → `{% for x in xs %}…{{ x }}…{% endfor %}`.",
  '',
].join('\n');
