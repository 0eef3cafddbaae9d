// get_url: download a file to the host, from the first working mirror, verified
// against a sha256 before it replaces dest (temp file beside dest, then rename).
// Nothing is fetched when dest already has the expected hash.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { sha256OnHost } from '../facts/sha256.js';
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import { checksumSchema, parseChecksum, pickHash, urlBasename } from './download/checksum.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { controllerDownloader } from './download/download-controller.js';
import { firstWorking, hostDownloader, type Downloader } from './download/download.js';
import { fileOptionSchemas, resolveFileOptions, type FileOptions } from './files/file-options.js';
import { attributeChanges } from './files/write-file.js';

const urlSchema = { type: 'string', pattern: '^https?://', description: 'an http:// or https:// URL' } as const;

const schema = {
  type: 'object',
  properties: {
    url: urlSchema,
    urls: { type: 'array', items: urlSchema, minItems: 1, description: 'mirrors, tried in order' },
    dest: { type: 'string', pattern: '^/', description: 'an absolute file path' },
    checksum: checksumSchema,
    via: { enum: ['host', 'controller'], description: 'who downloads: the host (curl or wget) or the controller' },
    timeout: { type: 'integer', minimum: 1, description: 'seconds allowed to connect and for each stall (default 30)' },
    force: { type: 'boolean', description: 'without checksum, download even when dest exists (changed only if it differs)' },
    mode: fileOptionSchemas.mode,
    owner: fileOptionSchemas.owner,
    group: fileOptionSchemas.group,
  },
  required: ['dest'],
  oneOf: [{ required: ['url'] }, { required: ['urls'] }],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const getUrl: ModuleDef<Args> = {
  name: 'get_url',
  summary: 'download a file to the host, verified by sha256, from the first working mirror',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const { conn } = ctx;
    const { dest } = args;
    const urls = args.urls ?? [args.url ?? ''];
    const data: Record<string, unknown> = { dest };
    const bad = urls.find((u) => !URL.canParse(u));
    if (bad !== undefined) return { changes: [], failed: `not a valid URL: ${bad}`, data };
    const [dir, st] = await Promise.all([conn.stat(posix.dirname(dest)), conn.stat(dest)]);
    if (dir?.type !== 'directory') return { changes: [], failed: `${posix.dirname(dest)} is not a directory on ${conn.host}`, data };
    if (st && st.type !== 'file') return { changes: [], failed: `${dest} exists and is a ${st.type}, not a regular file`, data };
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data };

    const timeout = args.timeout ?? 30;
    const dl = args.via === 'controller' ? controllerDownloader(conn, timeout, ctx.signal) : hostDownloader(conn, timeout);
    // Normalised (spaces → %20 …): curl refuses some characters that fetch would encode.
    const hrefs = urls.map((u) => new URL(u).href);
    const want = args.checksum === undefined ? undefined : await expectedHash(dl, args.checksum, [...hrefs.map(urlBasename), dest]);
    const have = st ? await sha256OnHost(conn, dest) : undefined;
    if (have) data.checksum_dest = have;
    const keep = (msg: string) => ({
      changes: attributeChanges(ctx, { path: dest, content: Buffer.alloc(0), mode: options.mode, uid: options.uid, gid: options.gid }, st!),
      data,
      msg,
    });
    if (have && want) {
      if (have === want) return keep(`${dest} already has sha256 ${want}`);
    } else if (have && !args.force) {
      return keep(`${dest} exists (no checksum given; force: true downloads it again)`);
    } else if (have) {
      // force without a checksum: fetch once to compare, change only if the bytes differ.
      const got = await firstWorking(hrefs, (u) => dl.hash(u));
      if (got.value === have) return keep(`${dest} already has the content of ${urls[hrefs.indexOf(got.url)]}`);
    }
    return { changes: [download(ctx, dl, { urls, hrefs, dest, want, have, options })], data };
  },
};

async function expectedHash(dl: Downloader, checksum: string, names: string[]): Promise<string> {
  const spec = parseChecksum(checksum);
  if ('hash' in spec) return spec.hash;
  const text = await firstWorking([new URL(spec.url).href], (u) => dl.text(u)).catch((err: Error) => {
    throw new Error(`cannot read checksum file: ${err.message}`);
  });
  return pickHash(text.value, names, spec.url);
}

interface Download {
  urls: string[];
  hrefs: string[];
  dest: string;
  want?: string;
  have?: string;
  options: FileOptions;
}

function download({ conn }: ModuleContext, dl: Downloader, d: Download): Change {
  const { dest, want, have } = d;
  const from = d.urls.length === 1 ? d.urls[0] : `the first working of ${d.urls.length} URLs`;
  return {
    summary: `download ${from} to ${dest}${want ? ` (sha256 ${want.slice(0, 12)}…)` : ''}`,
    diff: { path: dest, before: have ? `(sha256 ${have})` : '(absent)', after: want ? `(sha256 ${want})` : '(downloaded)', binary: true },
    async apply() {
      const tmp = `${posix.dirname(dest)}/.${posix.basename(dest)}.runbook-${randomBytes(6).toString('hex')}`;
      let placed = false;
      try {
        const got = await firstWorking(d.hrefs, (u) => dl.save(u, tmp));
        const url = d.urls[d.hrefs.indexOf(got.url)];
        if (want && got.value !== want) {
          return { failed: true, msg: `checksum mismatch for ${url}: expected sha256 ${want}, got ${got.value}; ${dest} left as it was` };
        }
        await setAttributes(conn, tmp, d);
        const mv = await conn.exec(shellJoin(['mv', '-f', '--', tmp, dest]));
        if (mv.rc !== 0) return { failed: true, msg: `cannot move the download into place: ${mv.stderr.trim()}` };
        placed = true;
        return { data: { dest, url, checksum_dest: got.value } };
      } finally {
        if (!placed) await conn.exec(shellJoin(['rm', '-f', '--', tmp]));
      }
    },
  };
}

// As conn.writeFile: the given mode and owner, else those of the file replaced, else 0644.
async function setAttributes(conn: Connection, tmp: string, d: Download): Promise<void> {
  const [cur, old] = await Promise.all([conn.stat(tmp), conn.stat(d.dest)]);
  if (!cur) throw new Error(`${tmp} vanished after the download`);
  const uid = d.options.uid ?? old?.uid ?? cur.uid;
  const gid = d.options.gid ?? old?.gid ?? cur.gid;
  if (uid !== cur.uid || gid !== cur.gid) await conn.chown(tmp, uid, gid);
  await conn.chmod(tmp, d.options.mode ?? (old ? old.mode & 0o7777 : 0o644));
}
