// Each module's arguments as an editor sees them: the module's own schema (the
// one ajv checks), plus Ansible's argument aliases the loader renames
// (`copy: {path: …}` is `dest`), with template strings allowed where the
// loader allows them.

import { KEY_VALUE_ARGS_PATTERN } from '../key-value-word.js';
import type { ModuleSpec } from '../../types/module-catalog.js';
import { allowTemplatesInside } from './template-values.js';

type Schema = Record<string, unknown>;

/** How tasks may name modules and arguments besides runbook's own names (parse/module-names.ts). */
export interface ModuleNaming {
  /** Every key naming the module in a task: `copy`, `ansible.builtin.copy`, … */
  keys(module: string): string[];
  /** Ansible's argument aliases: alias → runbook's argument. */
  argAliases(module: string): Readonly<Record<string, string>>;
}

/** The arguments of `name` as a mapping: its schema, its aliases, templates allowed. */
export function moduleArgsSchema(name: string, spec: ModuleSpec, aliases: Readonly<Record<string, string>>): Schema {
  const own = spec.schema as Schema;
  const props = (own.properties ?? {}) as Record<string, Schema>;
  const aliasProps: Record<string, Schema> = {};
  for (const [alias, to] of Object.entries(aliases)) {
    const target = props[to];
    if (target) aliasProps[alias] = { ...target, description: `Ansible's name for "${to}"` };
  }
  const named =
    Object.keys(aliasProps).length === 0
      ? own
      : { ...requireAnyName(own, aliases), properties: { ...props, ...aliasProps } };
  return allowTemplatesInside({
    title: `${name} arguments`,
    ...(spec.summary ? { description: spec.summary } : {}),
    ...named,
  });
}

/** What a module key may hold: its arguments, key=value words (or its free-form text), or nothing where nothing is required. */
export function moduleValueSchema(spec: ModuleSpec, argsRef: object): Schema {
  const forms: object[] = [argsRef];
  if (spec.freeForm)
    forms.push({ type: 'string', description: `the ${spec.freeForm}, with key=value words for other arguments` });
  else forms.push({ type: 'string', pattern: KEY_VALUE_ARGS_PATTERN, description: 'the arguments as key=value words' });
  if (takesNoArguments(spec.schema as Schema)) forms.push({ type: 'null' });
  return { ...(spec.summary ? { description: spec.summary } : {}), anyOf: forms };
}

// `setup:` with nothing after it is {} to the loader: fine where no argument is required.
function takesNoArguments(s: Schema): boolean {
  return !['required', 'oneOf', 'anyOf', 'minProperties'].some((k) => k in s);
}

// `required: [dest]` is also met by an alias (`path`), as the loader renames it
// before checking. Applies to the subschemas that describe the same mapping.
function requireAnyName(schema: Schema, aliases: Readonly<Record<string, string>>): Schema {
  const out: Schema = { ...schema };
  for (const k of ['if', 'then', 'else']) if (out[k]) out[k] = requireAnyName(out[k] as Schema, aliases);
  for (const k of ['oneOf', 'anyOf', 'allOf'])
    if (Array.isArray(out[k])) out[k] = (out[k] as Schema[]).map((s) => requireAnyName(s, aliases));
  const required = (out.required ?? []) as string[];
  const names = (key: string) => [key, ...Object.keys(aliases).filter((a) => aliases[a] === key)];
  const aliased = required.filter((key) => names(key).length > 1);
  if (aliased.length === 0) return out;
  const rest = required.filter((key) => !aliased.includes(key));
  if (rest.length > 0) out.required = rest;
  else delete out.required;
  out.allOf = [
    ...((out.allOf ?? []) as object[]),
    ...aliased.map((key) => ({ anyOf: names(key).map((n) => ({ required: [n] })) })),
  ];
  return out;
}
