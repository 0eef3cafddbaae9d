// Mutations of a valid input's text, as fast-check arbitraries: what a typo, a
// bad merge or a broken editor does to a playbook or an inventory.
import fc from 'fast-check';

export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'delete-line'; line: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'indent'; line: number; by: number; tab: boolean }
  | { kind: 'rename-key'; line: number; name: string }
  | { kind: 'swap-type'; line: number; value: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

// Values of other types than the one that was there, and YAML's odd corners.
const VALUES = [
  '[]',
  '{}',
  '0',
  '-1',
  '99999999999999999999',
  '1.5',
  'true',
  'no',
  'null',
  '~',
  '""',
  "'x'",
  '[1, [2, [3]]]',
  '{a: {b: c}}',
  '"{{ x }}"',
  '{{ x }}',
  '"{{ x.y[0] | default(1) }}"',
  '*nowhere',
  '&a x',
  '!!binary aGk=',
  '!vault x',
  '|',
  '>-',
  '"\\x00"',
  '0755',
  '1e309',
  '.inf',
  '2001-01-01',
  'a: b: c',
  '- x',
  '@x',
  '`x`',
  '%x',
  '"unterminated',
];
const NAMES = [
  'name',
  'hosts',
  'tasks',
  'vars',
  'loop',
  'when',
  'block',
  'rescue',
  'become',
  'serial',
  'tags',
  'notify',
  'register',
  'copy',
  'template',
  'x',
  '',
  'with_items',
  'children',
  'ansible_port',
  '<<',
];
const INSERTS = [
  '\t',
  '\0',
  '\uFEFF',
  ':',
  '- ',
  '{',
  '[',
  ']',
  '}',
  '"',
  "'",
  '#',
  '&a ',
  '*a ',
  '{{',
  '}}',
  '\r',
  '\n',
  '---\n',
  '? ',
  '!',
  '%YAML 1.2\n',
  'é',
  '\u202E',
];

export function mutationArb(text: string): fc.Arbitrary<Mutation> {
  const lines = Math.max(1, text.split('\n').length);
  const line = fc.nat({ max: lines - 1 });
  const at = fc.nat({ max: Math.max(0, text.length - 1) });
  return fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
    fc.record({ kind: fc.constant('delete-line' as const), line }),
    fc.record({ kind: fc.constant('duplicate-line' as const), line }),
    fc.record({ kind: fc.constant('indent' as const), line, by: fc.integer({ min: -4, max: 4 }), tab: fc.boolean() }),
    fc.record({
      kind: fc.constant('rename-key' as const),
      line,
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 6 })),
    }),
    fc.record({ kind: fc.constant('swap-type' as const), line, value: fc.constantFrom(...VALUES) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at,
      text: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 4 })),
    }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
  );
}

/** Applies one mutation to text (bytes, for flips: the result may not be UTF-8). */
export function mutate(input: Buffer, m: Mutation): Buffer {
  if (m.kind === 'flip') {
    const out = Buffer.from(input);
    if (out.length > 0) out[m.at % out.length]! ^= 1 << m.bit;
    return out;
  }
  const text = input.toString('utf8');
  if (m.kind === 'insert') return Buffer.from(text.slice(0, m.at) + m.text + text.slice(m.at));
  if (m.kind === 'truncate') return Buffer.from(text.slice(0, m.at));
  const lines = text.split('\n');
  const i = m.line % lines.length;
  const old = lines[i] ?? '';
  switch (m.kind) {
    case 'delete-line':
      lines.splice(i, 1);
      break;
    case 'duplicate-line':
      lines.splice(i, 0, old);
      break;
    case 'indent': {
      const body = old.trimStart();
      const width = Math.max(0, old.length - body.length + m.by);
      lines[i] = (m.tab ? '\t'.repeat(Math.ceil(width / 2)) : ' '.repeat(width)) + body;
      break;
    }
    case 'rename-key':
      lines[i] = old.replace(/^(\s*(?:-\s+)?)[^\s:#][^:#]*:/, (_, lead: string) => `${lead}${m.name}:`);
      break;
    case 'swap-type':
      lines[i] = /:\s/.test(old) ? old.replace(/:\s.*$/, `: ${m.value}`) : old.replace(/^(\s*-\s+).*$/, `$1${m.value}`);
      break;
  }
  return Buffer.from(lines.join('\n'));
}

export function describeMutation(m: Mutation): string {
  return JSON.stringify(m);
}
