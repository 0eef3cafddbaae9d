// get_url: download a file to the host, from the first working mirror, verified
// against a sha256 before it replaces dest (temp file beside dest, then rename).
// Nothing is fetched when dest already has the expected hash.
// Results carry Ansible's get_url fields: msg ("OK (N bytes)" after a download,
// "file already exists" when the checksum matched), status_code, url, dest,
// checksum_src / checksum_dest (sha1 of the download and of dest before it),
// elapsed; so role checks like `until: "'OK' in r.msg"` read the same.
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { sha256OnHost } from '../facts/sha256.js';
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import { destFields, okMessage, sha1OnHost } from './download/ansible-digest.js';
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
    force: {
      type: 'boolean',
      description: 'without checksum, download even when dest exists (changed only if it differs)',
    },
    validate_certs: {
      type: 'boolean',
      description: "false: accept the server's TLS certificate unchecked (Ansible's default is true)",
    },
    url_username: { type: 'string', description: 'HTTP basic authentication: the user (needs curl on the host)' },
    url_password: { type: 'string', description: 'HTTP basic authentication: the password' },
    force_basic_auth: {
      type: 'boolean',
      description: 'send the credentials with the first request (curl always does)',
    },
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
    const data: Record<string, unknown> = {
      dest,
      url: args.url ?? urls[0],
      checksum_dest: null,
      checksum_src: null,
      elapsed: 0,
    };
    const bad = urls.find((u) => !URL.canParse(u));
    if (bad !== undefined) return { changes: [], failed: `not a valid URL: ${bad}`, data };
    const [dir, st] = await Promise.all([conn.stat(posix.dirname(dest)), conn.stat(dest)]);
    if (dir?.type !== 'directory')
      return { changes: [], failed: `${posix.dirname(dest)} is not a directory on ${conn.host}`, data };
    if (st && st.type !== 'file')
      return { changes: [], failed: `${dest} exists and is a ${st.type}, not a regular file`, data };
    const options = await resolveFileOptions(args, ctx);
    if ('failed' in options) return { changes: [], failed: options.failed, data };

    const timeout = args.timeout ?? 30;
    const dl =
      args.via === 'controller'
        ? controllerDownloader(conn, timeout, ctx.signal)
        : hostDownloader(conn, timeout, {
            insecure: args.validate_certs === false,
            credentials:
              args.url_username === undefined
                ? undefined
                : { user: args.url_username, password: args.url_password ?? '' },
          });
    // Normalised (spaces → %20 …): curl refuses some characters that fetch would encode.
    const hrefs = urls.map((u) => new URL(u).href);
    const want =
      args.checksum === undefined
        ? undefined
        : await expectedHash(dl, args.checksum, [...hrefs.map(urlBasename), dest]);
    const have = st ? await sha256OnHost(conn, dest) : undefined;
    const old = st ? await sha1OnHost(conn, dest) : undefined;
    const keep = async (msg: string, more: Record<string, unknown> = {}) => {
      const changes = attributeChanges(
        ctx,
        { path: dest, content: Buffer.alloc(0), mode: options.mode, uid: options.uid, gid: options.gid },
        st!,
      );
      // Ansible's words when only mode or owner change.
      const said =
        changes.length > 0 && msg === 'file already exists' ? 'file already exists but file attributes changed' : msg;
      // An applied change's result carries the message (the plan's is only for a task with no change).
      const told = changes.map((c) => ({ ...c, apply: async () => ({ ...((await c.apply()) ?? {}), msg: said }) }));
      return { changes: told, data: { ...data, ...(await destFields(conn, dest)), ...more }, msg: said };
    };
    // As Ansible's get_url: the request is skipped only when a checksum matches
    // (unless forced); otherwise the body is fetched and dest changes only if it differs.
    if (have && want && !args.force && have === want) return keep('file already exists');
    if (have && (!want || want === have)) {
      // Hashed on the way, not saved: nothing is written when the bytes are the same.
      const got = await firstWorking(hrefs, (u) => dl.hash(u));
      const same = { checksum_dest: old, checksum_src: old, url: urls[hrefs.indexOf(got.url)], status_code: 200 };
      if (got.value.sha256 === have) return keep(okMessage(got.value.contentLength), same);
    }
    if (old) data.checksum_dest = old;
    return { changes: [download(ctx, dl, { urls, hrefs, dest, want, options })], data };
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
  options: FileOptions;
}

function download({ conn }: ModuleContext, dl: Downloader, d: Download): Change {
  const { dest, want } = d;
  const from = d.urls.length === 1 ? d.urls[0] : `the first working of ${d.urls.length} URLs`;
  return {
    summary: `download ${from} to ${dest}${want ? ` (sha256 ${want.slice(0, 12)}…)` : ''}`,
    // No diff: ansible-playbook 2.14 --diff shows none for get_url (its diff_mode support is none).
    async apply() {
      const tmp = `${posix.dirname(dest)}/.${posix.basename(dest)}.runbook-${randomBytes(6).toString('hex')}`;
      let placed = false;
      try {
        const got = await firstWorking(d.hrefs, (u) => dl.save(u, tmp));
        const url = d.urls[d.hrefs.indexOf(got.url)];
        const src = await sha1OnHost(conn, tmp);
        if (want && got.value.sha256 !== want) {
          // Ansible's words; it then deletes dest, runbook never replaced it.
          const msg = `The checksum for ${dest} did not match ${want}; it was ${got.value.sha256}. ${dest} left as it was (downloaded from ${url})`;
          return { failed: true, msg, data: { url, checksum_src: src } };
        }
        await setAttributes(conn, tmp, d);
        const mv = await conn.exec(shellJoin(['mv', '-f', '--', tmp, dest]));
        if (mv.rc !== 0) return { failed: true, msg: `cannot move the download into place: ${mv.stderr.trim()}` };
        placed = true;
        const msg = okMessage(got.value.contentLength);
        return { msg, data: { ...(await destFields(conn, dest)), dest, url, checksum_src: src, status_code: 200 } };
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
