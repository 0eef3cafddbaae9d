// replace: every match of a regular expression in a file replaced, as Ansible's
// replace (ansible-core 2.14, read from its source): `regexp` in MULTILINE mode,
// `replace` with \1 / \g<name> back-references, optionally only in the section
// `after` … `before` (DOTALL); msg "N replacements made", or "" when the text
// stays the same. Python regex forms are translated (files/python-regex.ts).
import type { ArgsOf, ArgsSchema, ModuleDef, ModulePlan } from './contract.js';
import { attributesDiffer, withAttributesMessage } from './files/attributes-message.js';
import { readForEdit, textOf } from './files/edit-file.js';
import { absolutePathSchema, fileOptionSchemas } from './files/file-options.js';
import { pyRegex, pyReplacement } from './files/python-regex.js';
import { planWriteFrom } from './files/write-file.js';

const schema = {
  type: 'object',
  properties: {
    path: absolutePathSchema,
    regexp: {
      type: 'string',
      minLength: 1,
      description: 'a (Python-style) regular expression, MULTILINE: ^ and $ match at each line',
    },
    replace: {
      type: 'string',
      description: 'the replacement, with \\1 or \\g<name> back-references (default "": matches are removed)',
    },
    after: { type: 'string', minLength: 1, description: 'only replace after the first match of this expression' },
    before: { type: 'string', minLength: 1, description: 'only replace before the match of this expression' },
    encoding: { const: 'utf-8', description: 'the file encoding (only utf-8)' },
    ...fileOptionSchemas,
  },
  required: ['path', 'regexp'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const replace: ModuleDef<Args> = {
  name: 'replace',
  summary: 'replace every match of a regular expression in a file, optionally between after and before',
  checkMode: 'full',
  schema,
  async plan(args, ctx): Promise<ModulePlan> {
    const { path } = args;
    const fail = (why: string, rc?: number): ModulePlan => ({
      changes: [],
      failed: why,
      data: rc === undefined ? {} : { rc },
    });
    const read = await readForEdit(ctx, path, args);
    if ('failed' in read) return fail(read.failed);
    const { fact, options } = read;
    // Ansible's words and rc.
    if (fact.stat?.type === 'directory') return fail(`Path ${path} is a directory !`, 256);
    if (!fact.stat) return fail(`Path ${path} does not exist !`, 257);
    const old = textOf(path, fact);
    if (typeof old !== 'string') return fail(old.failed);
    let next: string | { msg: string };
    let count = 0;
    try {
      const re = pyRegex(args.regexp, 'gm');
      const fill = pyReplacement(args.replace ?? '');
      next = inSection(old, args.after, args.before, (section) =>
        section.replace(re, (...m: unknown[]) => {
          count++;
          const named = typeof m.at(-1) === 'object' ? (m.at(-1) as Record<string, string | undefined>) : {};
          const groups = m.slice(1, typeof m.at(-1) === 'object' ? -3 : -2) as (string | undefined)[];
          return fill(m[0] as string, groups, named);
        }),
      );
    } catch (err) {
      return fail(`cannot use ${JSON.stringify(args.regexp)}: ${(err as Error).message}`);
    }
    if (typeof next !== 'string') return { changes: [], msg: next.msg, data: { msg: next.msg, rc: 0 } };
    const text = next;
    const changes = planWriteFrom(ctx, { path, content: Buffer.from(text, 'utf8'), ...options }, fact);
    const msg = withAttributesMessage(
      text === old ? '' : `${count} replacements made`,
      attributesDiffer(options, fact.stat),
    );
    return { changes, msg, data: { msg, rc: 0 } };
  },
};

// Ansible's section: after(?P<subsection>.*?)before, after(.*), or (.*)before, DOTALL; the text unchanged outside it.
function inSection(
  text: string,
  after: string | undefined,
  before: string | undefined,
  edit: (s: string) => string,
): string | { msg: string } {
  if (after === undefined && before === undefined) return edit(text);
  const source =
    after !== undefined && before !== undefined
      ? `${after}(?P<subsection>.*?)${before}`
      : after !== undefined
        ? `${after}(?P<subsection>.*)`
        : `(?P<subsection>.*)${before}`;
  const m = pyRegex(source, 'sd').exec(text);
  const span = m?.indices?.groups?.subsection;
  if (!m || !span) return { msg: `Pattern for before/after params did not match the given file: ${source}` };
  return text.slice(0, span[0]) + edit(text.slice(span[0], span[1])) + text.slice(span[1]);
}
