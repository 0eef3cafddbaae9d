// toml: set or remove one key of a TOML file by a dotted path, e.g.
// `plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options.SystemdCgroup`.
// Idempotence is judged on the parsed document: comments or layout alone are
// never a change. When the document does change, the file is written back as
// @iarna/toml serializes it: comments are NOT kept (the parser drops them), tables
// are laid out anew, and a float with a zero fraction (1.0) comes back as an
// integer (1). Missing tables on the path are created; tables a removal empties stay.
import TOML from './files/lazy-toml.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { planTextEdit } from './files/edit-file.js';
import { absolutePathSchema, fileOptionSchemas, presentOrAbsent } from './files/file-options.js';
import { getAt, removeAt, sameTomlValue, setAt, untomlable, type TomlTable } from './files/toml-edit.js';
import { parseTomlPath, TomlPathError } from './files/toml-path.js';
import { parseTomlText } from './files/toml-text.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    key: {
      type: 'string',
      minLength: 1,
      description: 'a dotted key path; quote segments holding dots: plugins."io.containerd.grpc.v1.cri".sandbox_image',
    },
    value: {
      type: ['string', 'number', 'boolean', 'array', 'object'],
      description: 'a TOML value: text, number, boolean, list or mapping',
    },
    state: { enum: ['present', 'absent'] },
    create: { type: 'boolean', description: 'create the file when it is missing (default false)' },
    mode: fileOptionSchemas.mode,
    backup: fileOptionSchemas.backup,
    validate: fileOptionSchemas.validate,
  },
  required: ['path', 'key'],
  ...presentOrAbsent('value'),
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const toml: ModuleDef<Args> = {
  name: 'toml',
  summary: 'set or remove one key, by dotted path, in a TOML file',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const fail = (why: string) => ({ changes: [], failed: why, data: { path: args.path } });
    let key: string[];
    try {
      key = parseTomlPath(args.key);
    } catch (err) {
      if (err instanceof TomlPathError) return fail(err.message);
      throw err;
    }
    const bad = state === 'present' ? untomlable(args.value) : undefined;
    if (bad) return fail(bad);
    return planTextEdit(ctx, { path: args.path, state, create: args.create ?? false }, args, (old) => {
      const doc = parseToml(args.path, old);
      if ('failed' in doc) return doc;
      if (state === 'absent') return removeAt(doc.table, key) ? TOML.stringify(doc.table as TOML.JsonMap) : old;
      if (sameTomlValue(getAt(doc.table, key), args.value)) return old;
      try {
        setAt(doc.table, key, args.value);
      } catch (err) {
        return { failed: `${args.path}: ${(err as Error).message}` };
      }
      return TOML.stringify(doc.table as TOML.JsonMap);
    });
  },
};

function parseToml(path: string, text: string): { table: TomlTable } | { failed: string } {
  const doc = parseTomlText(text);
  return 'table' in doc
    ? doc
    : { failed: `${path} is not valid TOML: line ${doc.line}, column ${doc.col}: ${doc.error}` };
}
