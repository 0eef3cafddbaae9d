// Handlebars written in a playbook value ({{first x}}, {{#if c}}…{{/if}},
// {{default a 'b'}}): values are Jinja expressions now, and the error says
// what to write instead, converting helper calls to filters where it can.
import { Fault } from './fault.js';

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'lookup', 'query', 'q']);
// Helpers runbook's Handlebars had, by the filter that does their job.
const FILTER_FOR: Record<string, string> = { shell_quote: 'quote', json: 'to_json', toml_string: 'to_json' };

/** Words of a helper call, at the top level: `a (b c) 'd e'` → [a, (b c), 'd e']. */
function words(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = '';
  for (const c of text) {
    if (quote) {
      cur += c;
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === '(') {
      depth++;
      cur += c;
    } else if (c === ')') {
      depth--;
      cur += c;
    } else if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** A block's argument (`(eq facts.arch 'aarch64')`) as a Jinja expression. */
function asCondition(arg: string): string {
  const a = arg.trim();
  return a.startsWith('(') && a.endsWith(')') ? asJinja(a.slice(1, -1)) : a;
}

/** A Handlebars helper call as the Jinja expression that does the same. */
function asJinja(call: string): string {
  const [name = '', ...raw] = words(call.trim());
  const args = raw.map((a) =>
    a.startsWith('(') && a.endsWith(')') ? `(${asJinja(a.slice(1, -1))})` : a.replace(/^@root\./, ''),
  );
  const [first = 'x', ...rest] = args;
  if (args.length === 0) return name;
  if (name === 'eq' || name === 'ne') return `${first} ${name === 'eq' ? '==' : '!='} ${rest[0] ?? ''}`;
  if (name === 'without') return `${first} | difference([${rest.join(', ')}])`;
  if (name === 'json_get') return `(${first} | from_json)${rest.map((k) => `[${k}]`).join('')} | default('')`;
  const filter = FILTER_FOR[name] ?? name;
  return `${first} | ${filter}${rest.length ? `(${rest.join(', ')})` : ''}`;
}

/** The Jinja for a Handlebars block opened with `{{#kind arg}}`. */
function blockHint(kind: string, arg: string): string {
  const c = arg || 'condition';
  if (kind === 'each')
    return `{% for item in ${arg || 'items'} %}…{{ item }}…{% endfor %}, or {{ ${arg || 'items'} | map('quote') | join(' ') }} for shell words`;
  if (kind === 'unless') return `{% if not ${c} %}…{% endif %}, or {{ 'a' if not ${c} else 'b' }}`;
  return `{% if ${c} %}…{% else %}…{% endif %}, or {{ 'a' if ${c} else 'b' }}`;
}

/** A Fault when the inside of a `{{ }}` (at `at` in the value) is Handlebars, not Jinja. */
export function handlebarsFault(inner: string, at: number): Fault | undefined {
  const body = inner.trim();
  const block = /^([#^/])\s*(\w+)?\s*(.*)$/s.exec(body);
  if (block || body === 'else' || body.startsWith('else ')) {
    const hint = blockHint(
      block?.[1] === '#' ? (block[2] ?? 'if') : 'if',
      block?.[1] === '#' ? asCondition(block[3] ?? '') : '',
    );
    return new Fault(`Handlebars block "{{${body}}}" in a value: values are Jinja`, { at, hint: `write ${hint}` });
  }
  if (/(^|[^\w])@(root|index|key|first|last)\b/.test(body) || /^this\b/.test(body)) {
    return new Fault(`Handlebars "${body}" in a value: values are Jinja`, {
      at,
      hint: 'inside a loop the item is {{ item }}; write variables by name, e.g. {{ containerd_socket }}',
    });
  }
  if (body.startsWith('>') || body.startsWith('!') || body.startsWith('~')) {
    return new Fault(`Handlebars "{{${body}}}" in a value: values are Jinja`, {
      at,
      hint: 'partials, comments and ~ whitespace control are Handlebars; write a Jinja expression',
    });
  }
  const call = /^([A-Za-z_]\w*)\s+([A-Za-z_'"(@\d])/.exec(body);
  if (
    call &&
    !KEYWORDS.has(call[1] as string) &&
    !/^(and|or|if|else|in|is|not)\b/.test(body.slice(call[0].length - 1))
  ) {
    return new Fault(`Handlebars helper call "{{${body}}}" in a value: values are Jinja`, {
      at,
      hint: `write {{ ${asJinja(body)} }}`,
    });
  }
  return undefined;
}
