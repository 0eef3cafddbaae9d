// Filters that convert: JSON, YAML, base64, shell quoting, ternary, regex
// replacement, and runbook's own docker_size_quantity.
import YAML from 'yaml';
import { shellQuoteValue } from '../../quote.js';
import { dockerSizeQuantity } from '../docker-size.js';
import type { FilterDef } from './defs.js';
import { Fault } from './fault.js';
import { compileRegex } from './regex.js';
import { isMapping, keysOf, truthy, typeName, Undef } from './values.js';
import { pyStr, textOf } from './python-text.js';

/** JSON as Python's json.dumps writes it (", " and ": "), or indented with sorted keys. */
function pyJson(v: unknown, indent = 0, sortKeys = false, depth = 0): string {
  if (v === undefined || v instanceof Undef) throw new Fault('cannot write an undefined value as JSON');
  if (!Array.isArray(v) && !isMapping(v)) return JSON.stringify(v) ?? 'null';
  const pad = indent > 0 ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const end = indent > 0 ? `\n${' '.repeat(indent * depth)}` : '';
  const sep = indent > 0 ? ',' : ', ';
  const parts = Array.isArray(v)
    ? v.map((x) => pyJson(x, indent, sortKeys, depth + 1))
    : (sortKeys ? keysOf(v).sort() : keysOf(v)).map(
        (k) => `${JSON.stringify(k)}: ${pyJson(v[k], indent, sortKeys, depth + 1)}`,
      );
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  return parts.length === 0 ? open + close : `${open}${pad}${parts.join(sep + pad)}${end}${close}`;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') throw new Fault(`"from_json" needs a string, got ${typeName(v)}`);
  try {
    return JSON.parse(v);
  } catch (err) {
    throw new Fault(`"from_json": the text is not JSON (${(err as Error).message})`, {
      hint: 'guard it, e.g. "(x | default(\'{}\', true)) | from_json"',
    });
  }
}

function parseYaml(v: unknown): unknown {
  if (typeof v !== 'string') throw new Fault(`"from_yaml" needs a string, got ${typeName(v)}`);
  try {
    return YAML.parse(v, { version: '1.1' }) ?? null;
  } catch (err) {
    throw new Fault(`"from_yaml": the text is not YAML (${(err as Error).message.split('\n')[0]})`);
  }
}

/** Python's re.sub replacement: \1 and \g<name> become $1 and $<name>; a literal $ stays one. */
function jsReplacement(r: string): string {
  return r
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\w+)>|\\(\d+)|\\\\/g, (_m, name, n) =>
      name ? (/^\d+$/.test(name) ? `$${name}` : `$<${name}>`) : n ? `$${n}` : '\\',
    );
}

const regexReplace: FilterDef = {
  args: [1, 2],
  named: ['ignorecase', 'multiline'],
  doc: "`x | regex_replace('^v', '')`: every match replaced (`\\1`, `\\g<name>` refer to groups); `ignorecase=true`, `multiline=true`",
  check: ([p]) => void (p?.kind === 'literal' && compileRegex(p.value, false)),
  run: (v, [p, r = ''], named) => {
    const re = compileRegex(p, false);
    const flags =
      `${re.flags}g${truthy(named.ignorecase) && !re.flags.includes('i') ? 'i' : ''}` +
      `${truthy(named.multiline) && !re.flags.includes('m') ? 'm' : ''}`;
    return pyStr(v).replace(new RegExp(re.source, flags), jsReplacement(pyStr(r)));
  },
};

const b64 = (v: unknown, from: BufferEncoding, to: BufferEncoding) => Buffer.from(textOf(v), from).toString(to);

export const DATA_FILTERS: [string, FilterDef][] = [
  [
    'to_json',
    {
      args: [0, 0],
      named: ['indent', 'sort_keys'],
      doc: '`x | to_json`: JSON text, as Python writes it (`{"a": 1}`)',
      run: (v, _a, n) => pyJson(v, Number(n.indent ?? 0), truthy(n.sort_keys ?? false)),
    },
  ],
  [
    'to_nice_json',
    {
      args: [0, 0],
      named: ['indent'],
      doc: '`x | to_nice_json`: JSON indented by 4, keys sorted',
      run: (v, _a, n) => pyJson(v, Number(n.indent ?? 4), true),
    },
  ],
  ['from_json', { args: [0, 0], doc: '`x | from_json`: the data JSON text holds', run: parseJson }],
  ['to_yaml', { args: [0, 0], doc: '`x | to_yaml`: YAML text', run: (v) => YAML.stringify(v) }],
  [
    'to_nice_yaml',
    {
      args: [0, 0],
      named: ['indent'],
      doc: '`x | to_nice_yaml`: YAML text, indented (by 4 unless `indent=`)',
      run: (v, _a, n) => YAML.stringify(v, { indent: Number(n.indent ?? 4) }),
    },
  ],
  [
    'from_yaml',
    { args: [0, 0], doc: '`x | from_yaml`: the data YAML text holds (YAML 1.1, as Ansible reads it)', run: parseYaml },
  ],
  [
    'b64encode',
    { args: [0, 0], doc: '`x | b64encode`: base64 of the text (UTF-8)', run: (v) => b64(v, 'utf8', 'base64') },
  ],
  [
    'b64decode',
    { args: [0, 0], doc: '`x | b64decode`: the text base64 encodes (UTF-8)', run: (v) => b64(v, 'base64', 'utf8') },
  ],
  [
    'quote',
    {
      args: [0, 0],
      doc: "`x | quote`: one literal shell word (`it's` → `'it'\"'\"'s'`); for a list, `x | map('quote') | join(' ')`",
      run: (v) => shellQuoteValue(textOf(v)),
    },
  ],
  [
    'ternary',
    {
      args: [2, 3],
      doc: "`x | ternary('yes', 'no')`: the first value when x is true, else the second (a third one for null)",
      run: (v, [yes, no, none]) => (v === null && none !== undefined ? none : truthy(v) ? yes : no),
    },
  ],
  ['regex_replace', regexReplace],
  [
    'regex_findall',
    {
      args: [1, 1],
      doc: "`x | regex_findall('[0-9]+')`: every match, as a list",
      check: ([p]) => void (p?.kind === 'literal' && compileRegex(p.value, false)),
      run: (v, [p]) => {
        const re = compileRegex(p, false);
        return [...pyStr(v).matchAll(new RegExp(re.source, `${re.flags}g`))].map((m) =>
          m.length > 2 ? m.slice(1) : (m[1] ?? m[0]),
        );
      },
    },
  ],
  [
    'mandatory',
    {
      args: [0, 1],
      takesUndefined: true,
      doc: "`x | mandatory`: x, or an error when it is undefined (with the message given, `mandatory('set x in the inventory')`)",
      run: (v, [msg]) => {
        if (!(v instanceof Undef)) return v;
        throw new Fault(msg === undefined ? v.message : pyStr(msg), { at: v.at >= 0 ? v.at : undefined, hint: v.hint });
      },
    },
  ],
  [
    'docker_size_quantity',
    {
      args: [0, 0],
      doc:
        "`x | docker_size_quantity` (runbook's own): Docker's `100m`, `10k`, `1g` as Kubernetes' `100Mi`, " +
        '`10Ki`, `1Gi` (kubelet reads `100m` as a tenth of a byte)',
      run: (v) => dockerSizeQuantity(textOf(v)),
    },
  ],
];
