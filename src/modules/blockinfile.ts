// blockinfile: a block of lines between two marker lines, inserted, replaced in
// place or removed, as Ansible's blockinfile (ansible-core 2.14): the same
// arguments and defaults, msg ("Block inserted", "Block removed", "File created",
// ""), and the rest of the file byte for byte as it was.
import type { ArgsOf, ArgsSchema, Change, ModuleDef, ModulePlan } from './contract.js';
import { editBlock, blockRegex } from './files/block-edit.js';
import { attributesDiffer, withAttributesMessage } from './files/attributes-message.js';
import { readForEdit, textOf } from './files/edit-file.js';
import { absolutePathSchema, fileOptionSchemas } from './files/file-options.js';
import { parentDirChanges } from './files/parent-dirs.js';
import { planWriteFrom } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    state: { enum: ['present', 'absent'] },
    block: { type: 'string', description: 'the lines between the markers (default ""; empty removes the block)' },
    marker: {
      type: 'string',
      pattern: '\\{mark\\}',
      description:
        'the marker line, {mark} replaced by marker_begin / marker_end (default "# {mark} ANSIBLE MANAGED BLOCK")',
    },
    marker_begin: { type: 'string', description: 'default BEGIN' },
    marker_end: { type: 'string', description: 'default END' },
    insertafter: {
      type: 'string',
      minLength: 1,
      description: 'EOF (default) or a regular expression: the block goes after the last matching line',
    },
    insertbefore: {
      type: 'string',
      minLength: 1,
      description: 'BOF or a regular expression: the block goes before the last matching line',
    },
    create: {
      type: 'boolean',
      description: 'create the file (and its directories) when it is missing (default false)',
    },
    ...fileOptionSchemas,
  },
  required: ['path'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const blockinfile: ModuleDef<Args> = {
  name: 'blockinfile',
  summary: 'insert, update or remove a block of lines between marker lines',
  checkMode: 'full',
  schema,
  async plan(args, ctx): Promise<ModulePlan> {
    const { path } = args;
    const present = (args.state ?? 'present') === 'present';
    const marker = args.marker ?? '# {mark} ANSIBLE MANAGED BLOCK';
    // Ansible's words (its argument spec's mutually_exclusive).
    if (args.insertafter !== undefined && args.insertbefore !== undefined)
      return { changes: [], failed: 'parameters are mutually exclusive: insertafter|insertbefore' };
    for (const p of [args.insertafter, args.insertbefore]) {
      if (p === undefined || p === 'EOF' || p === 'BOF') continue;
      try {
        blockRegex(p);
      } catch (err) {
        return {
          changes: [],
          failed: `${JSON.stringify(p)} is not a valid regular expression: ${(err as Error).message}`,
        };
      }
    }
    const read = await readForEdit(ctx, path, args);
    if ('failed' in read) return { changes: [], failed: read.failed };
    const { fact, options } = read;
    // Ansible's own words for a missing file; 2.14 checks `create` first, so state absent on a missing file fails too unless create is true.
    if (!fact.stat && !args.create) return { changes: [], failed: `Path ${path} does not exist !`, data: { rc: 257 } };
    if (!fact.stat && !present)
      return { changes: [], msg: `File ${path} not present`, data: { msg: `File ${path} not present` } };
    const old = textOf(path, fact);
    if (typeof old !== 'string') return { changes: [], failed: old.failed };
    const next = editBlock(old, {
      block: args.block ?? '',
      present,
      begin: marker.replaceAll('{mark}', args.marker_begin ?? 'BEGIN'),
      end: marker.replaceAll('{mark}', args.marker_end ?? 'END'),
      insertafter: args.insertafter,
      insertbefore: args.insertbefore,
    });
    const dirs: Change[] = fact.stat ? [] : await parentDirChanges(ctx, path);
    const changes = [...dirs, ...planWriteFrom(ctx, { path, content: Buffer.from(next, 'utf8'), ...options }, fact)];
    const msg = withAttributesMessage(
      old === next && fact.stat !== null
        ? ''
        : fact.stat === null
          ? 'File created'
          : present && (args.block ?? '') !== ''
            ? 'Block inserted'
            : 'Block removed',
      attributesDiffer(options, fact.stat),
    );
    return { changes, msg, data: { msg } };
  },
};
