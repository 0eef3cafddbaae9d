// The JS of one precompiled validator: ajv's standalone code for a schema in a
// set. One fresh ajv a schema, so a file depends on its schema and options only
// (not on what was compiled before it) and a test can regenerate it to compare.
import type { Ajv } from 'ajv';
import { ajvFor, type ValidatorSet } from './precompiled.js';

type StandaloneCode = (ajv: Ajv, validate: ReturnType<Ajv['compile']>) => string;

export function validatorCode(
  set: ValidatorSet,
  schema: object,
  AjvClass: typeof Ajv,
  standaloneCode: StandaloneCode,
): string {
  // code.source keeps what standalone code needs; it changes nothing in what is checked.
  const ajv = ajvFor(set, AjvClass, { code: { source: true } });
  return standaloneCode(ajv, ajv.compile(schema));
}
