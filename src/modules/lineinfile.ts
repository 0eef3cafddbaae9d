// lineinfile: one line present (replacing the last line matching `regexp`, else
// inserted) or absent, in a file that otherwise stays byte for byte as it was.
import type { ArgsOf, ArgsSchema, Change, ModuleDef } from './contract.js';
import { withAttributesMessage } from './files/attributes-message.js';
import { planTextEditNoting } from './files/edit-file.js';
import { fileOptionSchemas } from './files/file-options.js';
import { hostPath, hostPathSchema } from './files/home-path.js';
import { editLines, type LineEdit } from './files/line-edit.js';

const where = { type: 'string', minLength: 1, description: 'BOF, EOF or a regular expression' } as const;

const schema = {
  type: 'object',
  properties: {
    path: hostPathSchema,
    // As Ansible: a newline in `line` is written as it is (several lines), never matched as one line again.
    line: { type: 'string', description: 'the line; a newline in it writes several lines, which then never match it' },
    regexp: { type: 'string', minLength: 1, description: 'a JavaScript regular expression, searched for in each line' },
    search_string: {
      type: 'string',
      minLength: 1,
      description: 'text searched for, as written, in each line (instead of regexp)',
    },
    state: { enum: ['present', 'absent'] },
    insertafter: where,
    insertbefore: where,
    create: { type: 'boolean', description: 'create the file when it is missing (default false)' },
    backrefs: {
      type: 'boolean',
      description:
        'line holds \\1 / \\g<name> references to the last line regexp matches; when none matches the file is left as it is (default false)',
    },
    firstmatch: {
      type: 'boolean',
      description: 'the first line regexp / insertafter / insertbefore matches counts, not the last (default false)',
    },
    mode: fileOptionSchemas.mode,
    owner: fileOptionSchemas.owner,
    group: fileOptionSchemas.group,
    backup: fileOptionSchemas.backup,
    validate: fileOptionSchemas.validate,
    unsafe_writes: fileOptionSchemas.unsafe_writes,
  },
  required: ['path'],
  if: { properties: { state: { const: 'absent' } }, required: ['state'] },
  then: {
    anyOf: [{ required: ['regexp'] }, { required: ['search_string'] }, { required: ['line'] }],
    errorHint: 'state: absent needs "regexp", "search_string" or "line"',
  },
  else: { required: ['line'] },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const lineinfile: ModuleDef<Args> = {
  name: 'lineinfile',
  summary: 'make sure one line is in a file (or is not), leaving the rest as it was',
  checkMode: 'full',
  schema,
  async plan(given, ctx) {
    const args = { ...given, path: await hostPath(ctx.conn, given.path) };
    const state = args.state ?? 'present';
    let edit: LineEdit;
    try {
      edit = {
        state,
        line: args.line,
        regexp: args.search_string === undefined ? regex(args.regexp) : literal(args.search_string),
        insertafter: position(args.insertafter),
        insertbefore: position(args.insertbefore),
        backrefs: args.backrefs,
        firstmatch: args.firstmatch,
      };
    } catch (err) {
      return { changes: [], failed: (err as Error).message, data: { path: args.path } };
    }
    // Ansible's words.
    if (args.regexp !== undefined && args.search_string !== undefined)
      return {
        changes: [],
        failed: 'parameters are mutually exclusive: regexp|search_string',
        data: { path: args.path },
      };
    if (args.backrefs && args.regexp === undefined && state === 'present')
      return { changes: [], failed: 'regexp is required with backrefs=true', data: { path: args.path } };
    if (args.insertafter !== undefined && args.insertbefore !== undefined) {
      return { changes: [], failed: 'give insertafter or insertbefore, not both', data: { path: args.path } };
    }
    let said = '';
    const { plan, attributes } = await planTextEditNoting(
      ctx,
      { path: args.path, state, create: args.create ?? false },
      args,
      (old) => {
        let next: string;
        try {
          next = editLines(old, edit);
        } catch (err) {
          return { failed: `cannot use line ${JSON.stringify(args.line)}: ${(err as Error).message}` };
        }
        said = whatChanged(old, next, state);
        return next;
      },
    );
    return {
      ...plan,
      changes: plan.changes.map(alsoAsBackup),
      data: {
        ...plan.data,
        msg: plan.failed ? undefined : withAttributesMessage(said, attributes),
        backup: plan.failed ? undefined : '',
      },
    };
  },
};

// Ansible's lineinfile returns its backup's name as `backup` ("" when none); runbook's modules say `backup_file`.
function alsoAsBackup(change: Change): Change {
  return {
    ...change,
    async apply() {
      const r = await change.apply();
      const made = r?.data?.backup_file;
      return made ? { ...r, data: { ...r.data, backup: made } } : r;
    },
  };
}

// The `msg` Ansible's lineinfile returns: "line added", "line replaced", "N line(s) removed", or "".
function whatChanged(old: string, next: string, state: 'present' | 'absent'): string {
  if (old === next) return '';
  const count = (t: string) => (t === '' ? 0 : t.replace(/\n$/, '').split('\n').length);
  if (state === 'absent') return `${count(old) - count(next)} line(s) removed`;
  return count(next) > count(old) ? 'line added' : 'line replaced';
}

function regex(source: string | undefined): RegExp | undefined {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source);
  } catch (err) {
    throw new Error(`${JSON.stringify(source)} is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** search_string: the text itself, found anywhere in a line (Python's `in`). */
const literal = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

function position(value: string | undefined): RegExp | 'BOF' | 'EOF' | undefined {
  return value === 'BOF' || value === 'EOF' ? value : regex(value);
}
