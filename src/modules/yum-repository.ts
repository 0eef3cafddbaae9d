// yum_repository: one repository (an INI section) in /etc/yum.repos.d/<file>.repo,
// as Ansible's yum_repository (2.14): `name` is the section, `description` its
// `name =`; every option given is written, sorted, booleans as 1/0, lists of
// baseurl/gpgkey on continuation lines, exclude/includepkgs space-joined. The
// section is replaced whole; absent removes it, and the file when it empties.
// File work only: nothing here runs dnf or yum.
import { posix } from 'node:path';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { fileRemoval } from './files/remove-file.js';
import { readFileFact } from '../facts/file.js';
import { fileOptionSchemas, resolveFileOptions } from './files/file-options.js';
import { attributeChanges, planWriteFrom } from './files/write-file.js';
import { parseRepoFile, renderRepoFile, sortedDump, type RepoSections } from './yum/repo-file.js';

const strOrList = { type: ['string', 'array'], items: { type: 'string' } } as const;
const scalar = { type: ['string', 'integer', 'boolean'] } as const;

// The options written to the file, as Ansible's allowed_params (the common ones).
const OPTIONS = {
  baseurl: strOrList,
  mirrorlist: { type: 'string' },
  metalink: { type: 'string' },
  enabled: { type: 'boolean' },
  gpgcheck: { type: 'boolean' },
  gpgkey: strOrList,
  repo_gpgcheck: { type: 'boolean' },
  exclude: strOrList,
  includepkgs: strOrList,
  priority: scalar,
  cost: scalar,
  module_hotfixes: { type: 'boolean' },
  skip_if_unavailable: { type: 'boolean' },
  sslverify: { type: 'boolean' },
  sslcacert: { type: 'string' },
  proxy: { type: 'string' },
  timeout: scalar,
  metadata_expire: scalar,
  keepalive: { type: 'boolean' },
  retries: scalar,
  username: { type: 'string' },
  password: { type: 'string' },
} as const;

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[^\\[\\]\\s]+$', description: 'the repository id (the [section])' },
    description: { type: 'string', description: 'its human name (written as name =); needed with state present' },
    file: { type: 'string', pattern: '^[^/]+$', description: 'the file name without .repo (default: name)' },
    reposdir: { type: 'string', pattern: '^/', description: 'default /etc/yum.repos.d' },
    state: { enum: ['present', 'absent'], description: 'default present' },
    ...OPTIONS,
    mode: fileOptionSchemas.mode,
    owner: fileOptionSchemas.owner,
    group: fileOptionSchemas.group,
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const yumRepository: ModuleDef<Args> = {
  name: 'yum_repository',
  summary: "a repository section in /etc/yum.repos.d/<file>.repo (Ansible's yum_repository; file work only)",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const dir = args.reposdir ?? '/etc/yum.repos.d';
    const path = posix.join(dir, `${args.file ?? args.name}.repo`);
    const data = { repo: args.name, state };
    if (state === 'present') {
      if (args.baseurl === undefined && args.metalink === undefined && args.mirrorlist === undefined)
        return { changes: [], data, failed: "Parameter 'baseurl', 'metalink' or 'mirrorlist' is required." };
      if (args.description === undefined) return { changes: [], data, failed: "Parameter 'description' is required." };
    }
    if ((await ctx.conn.stat(dir))?.type !== 'directory')
      return { changes: [], data, failed: `Repo directory '${dir}' does not exist.` };
    const fact = await readFileFact(ctx.conn, path);
    const before = parseRepoFile(fact.content?.toString('utf8') ?? '');
    const after: RepoSections = new Map(before);
    after.delete(args.name);
    if (state === 'present') after.set(args.name, sectionOf(args));
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], data, failed: options.failed };
    const want = { path, content: Buffer.from(renderRepoFile(after)), ...options };
    if (sortedDump(before) === sortedDump(after))
      return { changes: fact.stat ? attributeChanges(ctx, want, fact.stat) : [], data };
    if (after.size === 0)
      return {
        changes: [
          fileRemoval(ctx.conn, path, `remove ${path} (no repository left)`, fact.content?.toString('utf8') ?? ''),
        ],
        data,
      };
    return {
      changes: planWriteFrom(ctx, { ...want, mode: options.mode ?? (fact.stat ? undefined : 0o644) }, fact),
      data,
    };
  },
};

/** The section Ansible writes: sorted keys, `name` from description, booleans 1/0. */
function sectionOf(args: Args): Map<string, string> {
  const values: Record<string, unknown> = { name: args.description };
  for (const key of Object.keys(OPTIONS)) values[key] = (args as Record<string, unknown>)[key];
  const out = new Map<string, string>();
  for (const key of Object.keys(values).sort()) {
    const v = values[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) out.set(key, v.join(key === 'baseurl' || key === 'gpgkey' ? '\n' : ' '));
    else if (typeof v === 'boolean') out.set(key, v ? '1' : '0');
    else out.set(key, String(v));
  }
  return out;
}
