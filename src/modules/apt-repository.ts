// apt_repository: a one-line apt source (`deb URI SUITE COMPONENTS`) present or
// absent, as Ansible's apt_repository module (2.14): a source already enabled in
// any file is left alone; a disabled copy is enabled; a new one goes to
// sources.list.d/<filename>.list (by default named after its URI); absent removes
// it everywhere and deletes a file left empty. After a change the apt cache is
// updated (update_cache, default true); when that fails, the files are put back.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleDef } from './contract.js';
import { UPDATE_COMMAND } from './apt/cache.js';
import { readSourceFiles, sourceFileChanges, SOURCES_DIR } from './apt/source-files.js';
import { parseFile, parseLine, suggestedFilename, withoutSource, withSource } from './apt/sources-list.js';
import { modeSchema, parseMode } from './files/mode.js';
import { lastLines } from './package/manager.js';

const schema = {
  type: 'object',
  properties: {
    repo: {
      type: 'string',
      pattern: '^#?\\s*deb(-src)?\\s',
      description: 'a one-line source: deb [options] URI SUITE [COMPONENT…]',
    },
    state: { enum: ['present', 'absent'], description: 'default present' },
    filename: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]+$',
      description: 'the file under /etc/apt/sources.list.d, without .list (default: from the URI)',
    },
    mode: modeSchema,
    update_cache: { type: 'boolean', description: 'run apt-get update after a change (default true)' },
    update_cache_retries: { type: 'integer', minimum: 0, description: 'accepted for Ansible; the update runs once' },
    update_cache_retry_max_delay: {
      type: 'integer',
      minimum: 0,
      description: 'accepted for Ansible; the update runs once',
    },
    validate_certs: { type: 'boolean', description: 'accepted for Ansible (only ppa: sources fetch anything)' },
    codename: { type: 'string', description: 'accepted for Ansible (only ppa: sources use it)' },
    install_python_apt: { type: 'boolean', description: 'accepted for Ansible; runbook needs no python' },
  },
  required: ['repo'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const aptRepository: ModuleDef<Args> = {
  name: 'apt_repository',
  summary: "add or remove a one-line apt source in sources.list.d (Ansible's apt_repository)",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const parsed = parseLine(args.repo);
    const data = { repo: args.repo, state };
    if (!parsed.valid || (state === 'present' && !parsed.enabled))
      return { changes: [], data, failed: `Invalid repository string: ${args.repo}` };
    const texts = await readSourceFiles(ctx.conn);
    const files = new Map([...texts].map(([p, t]) => [p, parseFile(t)]));
    const file = `${SOURCES_DIR}/${args.filename ? `${args.filename}.list` : suggestedFilename(parsed.source)}`;
    const after = state === 'present' ? withSource(files, parsed.source, file) : withoutSource(files, parsed.source);
    const changes = await sourceFileChanges(ctx, texts, after, args.mode === undefined ? 0o644 : parseMode(args.mode));
    if (changes.length === 0 || args.update_cache === false) return { changes, data };
    return { changes: [...changes, cacheUpdate(ctx.conn, texts, [...after.keys()])], data };
  },
};

/** apt-get update after the files changed; on failure every file is put back as it was. */
function cacheUpdate(
  conn: Parameters<ModuleDef['plan']>[1]['conn'],
  before: Map<string, string>,
  touched: string[],
): Change {
  return {
    summary: 'update the apt cache',
    async apply() {
      const r = await conn.exec(UPDATE_COMMAND);
      if (r.rc === 0) return undefined;
      for (const path of touched) {
        const old = before.get(path);
        if (old === undefined) await conn.exec(shellJoin(['rm', '-f', '--', path]));
        else await conn.writeFile(path, old);
      }
      return { failed: true, msg: `Failed to update apt cache: ${lastLines(r.stdout, r.stderr)}` };
    },
  };
}
