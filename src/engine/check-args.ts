// Arguments holding {{templates}} can only be fully checked once rendered for a
// host (the loader skips value checks on them): check them again here. Scalars
// are coerced to the declared type (a number where a string is expected becomes
// "8080"), as Ansible's modules do with templated arguments.
import { Ajv, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: false, verbose: true, strict: false, allowUnionTypes: true, coerceTypes: true });
const compiled = new WeakMap<object, ValidateFunction>();

/** Returns a message when `args` do not fit `schema`, else undefined. Coerces `args` in place. */
export function renderedArgsError(module: string, schema: object, args: unknown): string | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(args)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return `arguments of ${module} are invalid`;
  const where = e.instancePath ? `argument "${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'arguments';
  const described = (e.parentSchema as { description?: string } | undefined)?.description;
  return `${where} of ${module} after rendering: ${e.message ?? 'invalid'}${described ? ` (${described})` : ''}; value: ${JSON.stringify(e.data)}`;
}
