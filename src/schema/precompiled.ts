// Validators compiled at build time. Compiling our schemas with ajv took about
// 130 ms of every start (and loading ajv itself more), so `npm run build` writes
// each schema's validator as JS (ajv standalone, scripts/compile-validators.js)
// and a run only loads the ones it uses. A validator's file is named by a hash
// of its schema and ajv options: a schema changed since the build finds no file
// and is compiled here, as before, so a stale build is slower, never wrong.
// A precompiled validator's errors carry a copy of their parentSchema (equal to
// the schema object, not the same object): read it, never compare it by identity.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv, Options, ValidateFunction } from 'ajv';

/** One way of validating: its ajv options and the annotation keywords its schemas may hold. */
export interface ValidatorSet {
  name: string;
  options: Options;
  /** Keywords ajv only carries along (no code), e.g. errorHint. */
  annotations: readonly string[];
}

/**
 * Playbooks, inventories, vars files and module arguments at load time:
 * allErrors so that parse/validate.ts can pick the most telling error itself;
 * verbose gives each error its parent schema, where property names and hints live.
 */
export const LOAD_TIME: ValidatorSet = {
  name: 'load',
  options: { allErrors: true, verbose: true, allowUnionTypes: true },
  // errorHint: the hint shown when a value fails this (sub)schema.
  annotations: ['errorHint'],
};

/** Module arguments once rendered for a host: scalars coerced to the declared type, as Ansible's modules do. */
export const RENDERED_ARGS: ValidatorSet = {
  name: 'rendered-args',
  options: { allErrors: false, verbose: true, strict: false, allowUnionTypes: true, coerceTypes: true },
  annotations: [],
};

/** Event lines read back from a run record or a --json file. */
export const EVENT_LINES: ValidatorSet = {
  name: 'event-lines',
  options: { discriminator: true, allErrors: false },
  annotations: [],
};

/**
 * Where the build writes the validators, beside this file in dist/. Written from
 * the parent so that it holds in the bundled command line too (dist/src/bin/,
 * scripts/bundle-cli.js), where import.meta.url is the bundle's.
 */
export const PRECOMPILED_DIR = new URL('../schema/precompiled/', import.meta.url);

/** The file name of a schema's validator in a set. */
export function precompiledName(set: ValidatorSet, schema: object): string {
  const key = JSON.stringify([set.options, set.annotations, schema]);
  return `${set.name}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}.cjs`;
}

/** An ajv instance for a set, configured as the build configures it. */
export function ajvFor(set: ValidatorSet, AjvClass: typeof Ajv, extra: Options = {}): Ajv {
  const ajv = new AjvClass({ ...set.options, ...extra });
  for (const keyword of set.annotations) ajv.addKeyword({ keyword, schemaType: 'string' });
  return ajv;
}

const load = createRequire(import.meta.url);
const cache = new WeakMap<ValidatorSet, WeakMap<object, ValidateFunction>>();
const runtimeAjv = new Map<ValidatorSet, Ajv>();
/** Schemas compiled at run time because the build had no validator for them (tests read it). */
export const compiledAtRunTime: { set: string; schema: object }[] = [];

/** The validator of `schema` in `set`: the precompiled one, else compiled now (and kept). */
export function validatorFor<T = unknown>(set: ValidatorSet, schema: object): ValidateFunction<T> {
  let bySchema = cache.get(set);
  if (!bySchema) {
    bySchema = new WeakMap();
    cache.set(set, bySchema);
  }
  let fn = bySchema.get(schema);
  if (!fn) {
    const file = new URL(precompiledName(set, schema), PRECOMPILED_DIR);
    fn = existsSync(file) ? (load(fileURLToPath(file)) as ValidateFunction) : compileNow(set, schema);
    bySchema.set(schema, fn);
  }
  return fn as ValidateFunction<T>;
}

function compileNow(set: ValidatorSet, schema: object): ValidateFunction {
  let ajv = runtimeAjv.get(set);
  if (!ajv) {
    // Loaded only here: a run with an up-to-date build never loads ajv's compiler.
    const { Ajv: AjvClass } = load('ajv') as typeof import('ajv');
    ajv = ajvFor(set, AjvClass);
    runtimeAjv.set(set, ajv);
  }
  compiledAtRunTime.push({ set: set.name, schema });
  return ajv.compile(schema);
}
