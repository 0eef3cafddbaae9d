// Arguments holding {{templates}} can only be fully checked once rendered for a
// host (the loader skips value checks on them): check them again here. Scalars
// are coerced to the declared type (a number where a string is expected becomes
// "8080"), as Ansible's modules do with templated arguments.
import { RENDERED_ARGS, validatorFor } from '../schema/precompiled.js';

/** Returns a message when `args` do not fit `schema`, else undefined. Coerces `args` in place. */
export function renderedArgsError(module: string, schema: object, args: unknown): string | undefined {
  const validate = validatorFor(RENDERED_ARGS, schema);
  if (validate(args)) return undefined;
  const e = validate.errors?.[0];
  if (!e) return `arguments of ${module} are invalid`;
  const where = e.instancePath ? `argument "${e.instancePath.slice(1).replace(/\//g, '.')}"` : 'arguments';
  const described = (e.parentSchema as { description?: string } | undefined)?.description;
  return `${where} of ${module} after rendering: ${e.message ?? 'invalid'}${described ? ` (${described})` : ''}; value: ${JSON.stringify(e.data)}`;
}
