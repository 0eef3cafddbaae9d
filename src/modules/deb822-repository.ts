// deb822_repository: an apt source as a deb822 file,
// /etc/apt/sources.list.d/<slug>.sources, as Ansible's deb822_repository module
// (ansible-core 2.15; 2.14 has no such module). `signed_by` may be a key file on
// the host (used as is), a URL (the host fetches the key into
// /etc/apt/keyrings/<slug>.asc or .gpg) or the key itself (written inline).
// absent removes the file and the key file. No apt cache update, as Ansible.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { deb822Text, sourcesSlug } from './apt/deb822-text.js';
import { hostDownloader } from './download/download.js';
import { fileRemoval } from './files/remove-file.js';
import { modeSchema, parseMode } from './files/mode.js';
import { planFileWrite } from './files/write-file.js';

const KEYRINGS = '/etc/apt/keyrings';
const word = { type: 'string', pattern: '^\\S+$' } as const;
const words = (description: string) => ({ type: ['array', 'string'], items: word, description }) as const;

const schema = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      description: "the repository's name (X-Repolib-Name; the file is named from it)",
    },
    types: {
      type: ['array', 'string'],
      items: { enum: ['deb', 'deb-src'] },
      description: 'deb and/or deb-src (default [deb])',
    },
    uris: words('the repository URIs'),
    suites: words('suites (a path ending in / for a flat repository)'),
    components: words('components (none for a flat repository)'),
    architectures: words('architectures'),
    languages: words('languages'),
    targets: words('targets'),
    signed_by: { type: 'string', minLength: 1, description: 'a key file on the host, a key URL, or the key itself' },
    allow_downgrade_to_insecure: { type: 'boolean' },
    allow_insecure: { type: 'boolean' },
    allow_weak: { type: 'boolean' },
    by_hash: { type: 'boolean' },
    check_date: { type: 'boolean' },
    check_valid_until: { type: 'boolean' },
    date_max_future: { type: 'integer' },
    enabled: { type: 'boolean' },
    inrelease_path: { type: 'string' },
    pdiffs: { type: 'boolean' },
    trusted: { type: 'boolean' },
    install_python_debian: { type: 'boolean', description: 'accepted for Ansible; runbook needs no python' },
    mode: modeSchema,
    state: { enum: ['present', 'absent'], description: 'default present' },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const list = (v: string | readonly string[] | undefined) =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;

export const deb822Repository: ModuleDef<Args> = {
  name: 'deb822_repository',
  summary: "an apt source as a deb822 .sources file, with its signing key (Ansible's deb822_repository)",
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const slug = sourcesSlug(args.name);
    const dest = `/etc/apt/sources.list.d/${slug}.sources`;
    const keyFiles = ['asc', 'gpg'].map((e) => `${KEYRINGS}/${slug}.${e}`);
    if (args.state === 'absent') {
      const changes: Change[] = [];
      for (const p of [dest, ...keyFiles]) {
        const old = await ctx.conn.readFile(p);
        if (old) changes.push(fileRemoval(ctx.conn, p, `remove ${p}`, old.toString('utf8')));
      }
      return { changes, data: { repo: null, dest, key_filename: keyFiles[1] } };
    }
    const changes: Change[] = [];
    let signedBy = args.signed_by;
    let keyFilename: string | null = null;
    if (signedBy !== undefined && !(await isFile(ctx, signedBy)) && /^[a-z][a-z0-9+.-]*:\/\//i.test(signedBy)) {
      let key: Buffer;
      try {
        key = Buffer.from(await hostDownloader(ctx.conn, 30).text(new URL(signedBy).href));
      } catch (err) {
        return { changes: [], data: { dest }, failed: `Could not fetch signed_by key: ${(err as Error).message}` };
      }
      keyFilename = `${KEYRINGS}/${slug}.${key.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? 'asc' : 'gpg'}`;
      if (!(await ctx.conn.stat(KEYRINGS))) changes.push(mkdir(ctx, KEYRINGS));
      changes.push(...(await planFileWrite(ctx, { path: keyFilename, content: key, mode: 0o644 })));
      signedBy = keyFilename;
    } else if (signedBy !== undefined && (await isFile(ctx, signedBy))) {
      keyFilename = signedBy;
    }
    const repo = deb822Text({
      allow_downgrade_to_insecure: args.allow_downgrade_to_insecure,
      allow_insecure: args.allow_insecure,
      allow_weak: args.allow_weak,
      architectures: list(args.architectures),
      by_hash: args.by_hash,
      check_date: args.check_date,
      check_valid_until: args.check_valid_until,
      components: list(args.components),
      date_max_future: args.date_max_future,
      enabled: args.enabled,
      inrelease_path: args.inrelease_path,
      languages: list(args.languages),
      name: args.name,
      pdiffs: args.pdiffs,
      signed_by: signedBy,
      suites: list(args.suites),
      targets: list(args.targets),
      trusted: args.trusted,
      types: list(args.types) ?? ['deb'],
      uris: list(args.uris),
    });
    changes.push(
      ...(await planFileWrite(ctx, { path: dest, content: Buffer.from(repo), mode: parseMode(args.mode ?? '0644') })),
    );
    return { changes, data: { repo, dest, key_filename: keyFilename } };
  },
};

async function isFile(ctx: ModuleContext, path: string): Promise<boolean> {
  return path.startsWith('/') && !path.includes('\n') && (await ctx.conn.stat(path))?.type === 'file';
}

function mkdir(ctx: ModuleContext, path: string): Change {
  return {
    summary: `create directory ${path} (0755)`,
    async apply() {
      const r = await ctx.conn.exec(shellJoin(['install', '-d', '-m', '0755', '--', path]));
      if (r.rc !== 0) return { failed: true, msg: `cannot create ${path}: ${r.stderr.trim()}` };
    },
  };
}
