// The loader lets a `{{ … }}` string stand where a number, a boolean, a list
// or a pattern is asked for (parse/validate.ts: such values are checked once
// rendered). An editor must not flag what the loader accepts, so every
// subschema that constrains a value also accepts a template string here.

type Schema = Record<string, unknown>;

/** A string holding a template: what the loader leaves to be checked after rendering. */
export const TEMPLATE_STRING = {
  type: 'string',
  pattern: '\\{[{%]',
  description: 'a template, checked once rendered',
} as const;

/** The keywords the loader does not hold a template string to (parse/validate.ts reads this list). */
export const VALUE_KEYWORDS: readonly string[] = [
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'anyOf',
  'oneOf',
  'not',
];

// Keywords whose value is one subschema, or a list or a mapping of them. Not `if`
// and `not`: the loader reads them on the raw value, where a template is just text;
// nor `propertyNames`: a key is never rendered, and the loader holds it to its pattern.
const ONE = ['items', 'additionalProperties', 'then', 'else', 'contains', 'additionalItems'];
const LIST = ['anyOf', 'oneOf', 'allOf'];
const MAP = ['properties', 'patternProperties'];
const DEFINITIONS = ['$defs', 'definitions'];

/** `schema` with a template string allowed wherever the loader allows one, the root excepted. */
export function allowTemplatesInside(schema: object): Schema {
  const out: Schema = { ...(schema as Schema) };
  for (const k of ONE) if (isSchema(out[k])) out[k] = allowTemplates(out[k] as object);
  for (const k of LIST) if (Array.isArray(out[k])) out[k] = (out[k] as object[]).map(allowTemplatesInside);
  for (const k of MAP) {
    if (isSchema(out[k]))
      out[k] = Object.fromEntries(Object.entries(out[k] as Schema).map(([n, s]) => [n, allowTemplates(s as object)]));
  }
  // A definition is wrapped where it is used (as a property, an item…), not here.
  for (const k of DEFINITIONS) {
    if (isSchema(out[k]))
      out[k] = Object.fromEntries(
        Object.entries(out[k] as Schema).map(([n, s]) => [n, allowTemplatesInside(s as object)]),
      );
  }
  return out;
}

/** `schema`, and a template string where it constrains the value. */
export function allowTemplates(schema: object): Schema {
  const inner = allowTemplatesInside(schema);
  if (!constrainsValue(inner) || takesAnyString(inner) || takesTemplate(inner)) return inner;
  // The description stays on top, where editors look for it.
  const { description, ...rest } = inner;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, TEMPLATE_STRING] };
}

function constrainsValue(s: Schema): boolean {
  return VALUE_KEYWORDS.some((k) => k in s);
}

// `{type: string}` (perhaps not empty) already takes "{{ x }}": no need to say it twice.
function takesAnyString(s: Schema): boolean {
  const checks = VALUE_KEYWORDS.filter((k) => k in s);
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  return s.type === 'string' && checks.every((k) => k === 'type' || k === 'minLength') && minLength <= 1;
}

// An anyOf with a template branch already (schema/playbook.ts's "its type or a template", or its text
// forms of a flag or a number, "{{ x }}" or "yes"): nothing to add.
function takesTemplate(s: Schema): boolean {
  const template = (p: unknown) =>
    p === TEMPLATE_STRING.pattern || (typeof p === 'string' && p.startsWith(`${TEMPLATE_STRING.pattern}|`));
  return Array.isArray(s.anyOf) && s.anyOf.some((b: Schema) => b.type === 'string' && template(b.pattern));
}

function isSchema(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
