// ini_file: one option of one [section] of an INI file set (or removed), or a
// section removed, as community.general's ini_file (the version shipped with
// ansible 7): the same arguments and defaults (create and exclusive true), the
// same lines written and the same msg. The text edit is files/ini-edit.ts.
import type { ArgsOf, ArgsSchema, ModuleDef, ModulePlan } from './contract.js';
import { readForEdit, textOf } from './files/edit-file.js';
import { absolutePathSchema, fileOptionSchemas } from './files/file-options.js';
import { editIni } from './files/ini-edit.js';
import { parentDirChanges } from './files/parent-dirs.js';
import { planWriteFrom } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    section: { type: 'string', description: 'the section; none (or empty) means the options before the first section' },
    option: { type: 'string', minLength: 1 },
    value: { type: ['string', 'number'], description: 'the value (a number is written as YAML wrote it)' },
    values: {
      type: 'array',
      items: { type: ['string', 'number'] },
      description: 'several values of the option, one line each',
    },
    state: { enum: ['present', 'absent'] },
    exclusive: { type: 'boolean', description: 'other values of the option are removed (default true)' },
    no_extra_spaces: { type: 'boolean', description: 'write option=value, not option = value (default false)' },
    allow_no_value: { type: 'boolean', description: 'an option without a value is allowed (default false)' },
    create: { type: 'boolean', description: 'create the file (and its directories) when missing (default true)' },
    ...fileOptionSchemas,
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const iniFile: ModuleDef<Args> = {
  name: 'ini_file',
  summary: 'set or remove one option of an INI file section, or remove a section',
  checkMode: 'full',
  schema,
  async plan(args, ctx): Promise<ModulePlan> {
    const { path } = args;
    const present = (args.state ?? 'present') === 'present';
    const fail = (msg: string, rc?: number): ModulePlan => ({
      changes: [],
      failed: msg,
      data: rc === undefined ? { path } : { path, rc },
    });
    // The module's own words, checked in its order.
    if (args.value !== undefined && args.values !== undefined)
      return fail('parameters are mutually exclusive: value|values');
    if (present && !args.allow_no_value && args.value === undefined && !args.values?.length) {
      return fail("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
    }
    const read = await readForEdit(ctx, path, args);
    if ('failed' in read) return fail(read.failed);
    const { fact, options } = read;
    if (!fact.stat && args.create === false) return fail(`Destination ${path} does not exist!`, 257);
    const old = textOf(path, fact);
    if (typeof old !== 'string') return fail(old.failed);
    const { text, msg } = editIni(old, {
      section: args.section,
      option: args.option,
      values: (args.value !== undefined ? [args.value] : (args.values ?? [])).map(String),
      present,
      exclusive: args.exclusive ?? true,
      noExtraSpaces: args.no_extra_spaces ?? false,
      allowNoValue: args.allow_no_value ?? false,
    });
    const dirs = fact.stat ? [] : await parentDirChanges(ctx, path);
    const changes = [...dirs, ...planWriteFrom(ctx, { path, content: Buffer.from(text, 'utf8'), ...options }, fact)];
    return { changes, msg, data: { msg, path } };
  },
};
