// JSON Schema validation (ajv) whose errors point at the YAML node at fault and
// read like advice to an operator, not like ajv's report.

import { holdsTemplate } from './template-origins.js';
import { VALUE_KEYWORDS as TEMPLATE_VALUE_KEYWORDS } from '../schema/editor/template-values.js';
import type { ErrorObject } from 'ajv';
import { inSourceOrder, throwAll, type ErrorCode, type RunbookError } from '../errors.js';
import { LOAD_TIME, validatorFor } from '../schema/precompiled.js';
import { didYouMean, expectedTypes, nearest, orList, typeOf } from './suggest.js';
import { errorAt } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

// The ajv options (allErrors, verbose, the errorHint keyword) are LOAD_TIME's;
// its validators are compiled at build time (schema/precompiled.ts).

export interface CheckContext {
  src: YamlSource;
  code: ErrorCode;
  /** Path of the checked value inside the document. */
  at: YamlPath;
  /** Names the object at a path relative to `at`: "play", "group \"etcd\"", "copy". */
  name: (rel: YamlPath) => string;
  /** Names a value, when the default (`"key" in <name of parent>`) reads badly. */
  label?: (rel: YamlPath) => string | undefined;
  /** What the object's keys are called: "key" (default) or "argument". */
  keyWord?: string;
}

/** Throws a RunbookError at the offending node when `value` fails `schema` (RunbookErrors for several). */
export function check(schema: object, value: unknown, ctx: CheckContext): void {
  throwAll(checkAll(schema, value, ctx));
}

/**
 * One error per place at fault, in the order ajv met them: each unknown key, and
 * the most telling error of each other value (an anyOf's branches say one thing).
 */
export function checkAll(schema: object, value: unknown, ctx: CheckContext): RunbookError[] {
  const validate = validatorFor(LOAD_TIME, schema);
  if (validate(value)) return [];
  let errors = (validate.errors ?? [])
    .filter((e) => !renderedLater(e))
    .map((e) => ({ e, path: toPath(e.instancePath, value) }));
  // "hosts" is missing because "hots" is a typo, copy's "content or src" because of "contnet": the typo says it.
  const typos = errors.filter((x) => x.e.keyword === 'additionalProperties');
  const explained = (x: Located): boolean => {
    const missing = String((x.e.params as { missingProperty?: string }).missingProperty);
    const here = typos.filter((t) => t.e.instancePath === x.e.instancePath);
    return (
      here.length > 0 &&
      (branchOf(x) !== undefined ||
        here.some((t) => nearest(String((t.e.params as { additionalProperty: string }).additionalProperty), [missing])))
    );
  };
  errors = errors.filter((x) => !(x.e.keyword === 'required' && explained(x)));
  const found: RunbookError[] = [];
  for (let chosen = pickError(errors); chosen; chosen = pickError(errors)) {
    found.push(describe(chosen.e, chosen.path, errors, ctx));
    // What else was said at this place, or inside it, or by another branch of the same anyOf, explains the same fault.
    const done = place(chosen);
    const branch = branchOf(chosen);
    errors = errors.filter((x) => !related(place(x), done) && (branch === undefined || branchOf(x) !== branch));
  }
  return inSourceOrder(found);
}

// The anyOf/oneOf an error comes from (with the value it is about): its branches are alternatives.
function branchOf(x: Located): string | undefined {
  const m = /^(.*?\/(anyOf|oneOf))\//.exec(x.e.schemaPath);
  return m ? `${x.e.instancePath} ${m[1]}` : undefined;
}

// An unknown or a missing key is at that key: two typos in one mapping are two places.
function place(x: Located): (string | number)[] {
  const p = x.e.params as { additionalProperty?: string; missingProperty?: string };
  if (x.e.keyword === 'additionalProperties') return [...x.path, String(p.additionalProperty)];
  if (x.e.keyword === 'required') return [...x.path, String(p.missingProperty)];
  return x.path;
}

// One path is the other or lies inside it.
function related(a: (string | number)[], b: (string | number)[]): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((seg, i) => seg === b[i]);
}

/** Default naming: the subject itself, or `"a.b" of subject` for nested objects. */
export function simpleName(subject: string): (rel: YamlPath) => string {
  return (rel) => (rel.length === 0 ? subject : `"${rel.join('.')}" of ${subject}`);
}

// Keywords about a value's content, which a template decides only when it is rendered.
const VALUE_KEYWORDS = new Set(TEMPLATE_VALUE_KEYWORDS);

// `path: "{{ app_dir }}"` (or a value made of `{% if %}` statements) cannot be
// held to `pattern: ^/` at load time: the value is checked once rendered, by
// whoever renders it.
function renderedLater(e: ErrorObject): boolean {
  return VALUE_KEYWORDS.has(e.keyword) && typeof e.data === 'string' && holdsTemplate(e.data);
}

interface Located {
  e: ErrorObject;
  path: (string | number)[];
}

const PRIORITY = ['additionalProperties', 'required', 'propertyNames', 'type', 'enum', 'const'];

// The deepest error is the most specific; at equal depth, unknown and missing
// keys explain more than type errors. anyOf/oneOf summaries only if alone.
function pickError(errors: Located[]): Located | undefined {
  const specific = errors.filter((x) => !['anyOf', 'oneOf', 'if', 'not'].includes(x.e.keyword));
  let pool = specific.length > 0 ? specific : errors;
  // anyOf: a value that has the type of one branch failed that branch on something
  // else ("must not be empty"); the other branches' type errors would only mislead.
  const failedOtherwise = new Set(pool.filter((x) => x.e.keyword !== 'type').map((x) => x.e.instancePath));
  pool = pool.filter((x) => x.e.keyword !== 'type' || !failedOtherwise.has(x.e.instancePath));
  const rank = (k: string): number => {
    const i = PRIORITY.indexOf(k);
    return i < 0 ? PRIORITY.length : i;
  };
  return [...pool].sort((a, b) => b.path.length - a.path.length || rank(a.e.keyword) - rank(b.e.keyword))[0];
}

function describe(e: ErrorObject, rel: (string | number)[], all: Located[], ctx: CheckContext) {
  const keyWord = ctx.keyWord ?? 'key';
  // The failing subschema's hint, else one from an enclosing anyOf at the same place.
  const hint = [e, ...all.filter((x) => x.e.instancePath === e.instancePath).map((x) => x.e)]
    .map((x) => (x.parentSchema as { errorHint?: string } | undefined)?.errorHint)
    .find((h) => h !== undefined);
  const at = [...ctx.at, ...rel];
  const owner = ctx.name(rel);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      return errorAt(
        ctx.src,
        ctx.code,
        [...at, key],
        `unknown ${keyWord} "${key}" in ${owner}${didYouMean(key, known)}`,
        {
          key: true,
          hint: hint ?? (known.length ? `${owner} takes: ${known.join(', ')}` : undefined),
        },
      );
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return errorAt(ctx.src, ctx.code, at, `missing required ${keyWord} "${key}" in ${owner}`, {
        key: true,
        hint: hint ?? `add "${key}:" to ${owner}`,
      });
    }
    case 'propertyNames': {
      // The failing name and its hint are on the inner error ajv reports beside this one.
      const key = String((e.params as { propertyName: string }).propertyName);
      const inner = all.find((x) => x.e.propertyName === key)?.e.parentSchema as { errorHint?: string } | undefined;
      return errorAt(ctx.src, ctx.code, [...at, key], `invalid ${keyWord} "${key}" in ${owner}`, {
        key: true,
        hint: inner?.errorHint ?? hint,
      });
    }
    case 'type': {
      // anyOf branches each report their own type: merge them into one "expected".
      const types = all
        .filter((x) => x.e.keyword === 'type' && x.e.instancePath === e.instancePath)
        .flatMap((x) => [(x.e.params as { type: string | string[] }).type].flat());
      // `mode: 0644` is a number to YAML; quoting is the usual fix.
      const quote =
        types.includes('string') && ['number', 'boolean'].includes(typeof e.data)
          ? 'put the value in quotes to keep it as text, e.g. mode: "0644"'
          : undefined;
      const other =
        types.length === 1 && types[0] === 'boolean'
          ? 'write true or false (YAML reads yes/no and on/off as these too)'
          : types.includes('string') && typeof e.data === 'object' && e.data !== null
            ? 'give one value here; quote it if it starts with [ or { or holds ": "'
            : undefined;
      return errorAt(
        ctx.src,
        ctx.code,
        at,
        `${label(rel, ctx)}: expected ${expectedTypes(types)}, got ${typeOf(e.data)}`,
        {
          hint: hint ?? quote ?? other,
        },
      );
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const msg = `${label(rel, ctx)}: ${JSON.stringify(e.data)} is not one of ${orList(allowed)}${didYouMean(String(e.data), allowed)}`;
      return errorAt(ctx.src, ctx.code, at, msg, { hint });
    }
    default:
      return errorAt(ctx.src, ctx.code, at, `${label(rel, ctx)}: ${plainMessage(e)}`, { hint });
  }
}

// `"dest" in copy`, `item 2 of "tasks" in play`.
function label(rel: (string | number)[], ctx: CheckContext): string {
  const custom = ctx.label?.(rel);
  if (custom !== undefined) return custom;
  if (rel.length === 0) return ctx.name(rel);
  const last = rel[rel.length - 1];
  const parent = rel.slice(0, -1);
  if (typeof last === 'number') return `item ${last + 1} of ${label(parent, ctx)}`;
  return `"${last}" in ${ctx.name(parent)}`;
}

function plainMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'minItems':
      return `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'minLength':
      return p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`;
    case 'pattern':
    case 'format': {
      // A schema's description ("an absolute path") says it better than a regex.
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      if (description) return `expected ${description}, got ${JSON.stringify(e.data)}`;
      return `${JSON.stringify(e.data)} does not have the expected form (${String(p.pattern ?? p.format)})`;
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}, got ${JSON.stringify(e.data)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    default:
      return e.message ?? 'is not valid';
  }
}

// "/tasks/0/copy" → ["tasks", 0, "copy"]; an index only where the data is a list.
function toPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(cur) ? Number(seg) : seg;
    out.push(step);
    cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[step] : undefined;
  }
  return out;
}
