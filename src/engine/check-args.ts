// Arguments holding {{templates}} can only be fully checked once rendered for a
// host (the loader skips value checks on them): check them again here. Scalars
// are coerced to the declared type (a number where a string is expected becomes
// "8080"), as Ansible's modules do with templated arguments.
import { RENDERED_ARGS, validatorFor } from '../schema/precompiled.js';
import { pyStr } from '../vars/condition/python-text.js';

/** Returns a message when `args` do not fit `schema`, else undefined. Coerces `args` in place. */
export function renderedArgsError(module: string, schema: object, args: unknown): string | undefined {
  booleansAsText(schema as ArgSchema, args);
  const validate = validatorFor(RENDERED_ARGS, schema);
  if (validate(args)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return `arguments of ${module} are invalid`;
  const where = e.instancePath ? `argument "${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'arguments';
  const described = (e.parentSchema as { description?: string } | undefined)?.description;
  return `${where} of ${module} after rendering: ${e.message ?? 'invalid'}${described ? ` (${described})` : ''}; value: ${JSON.stringify(e.data)}`;
}

interface ArgSchema {
  type?: unknown;
  properties?: Record<string, ArgSchema>;
  items?: ArgSchema;
}

// A boolean where text is expected is written as Python's str(), as Ansible's modules
// convert it (`line: "{{ flag }}"` writes True); the validator's coercion would give "true".
function booleansAsText(schema: ArgSchema | undefined, value: unknown): void {
  if (!schema || value === null || typeof value !== 'object') return;
  const fix = (s: ArgSchema | undefined, v: unknown) => (s?.type === 'string' && typeof v === 'boolean' ? pyStr(v) : v);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      value[i] = fix(schema.items, v);
      booleansAsText(schema.items, v);
    });
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    if (!(k in record)) continue;
    record[k] = fix(s, record[k]);
    booleansAsText(s, record[k]);
  }
}
