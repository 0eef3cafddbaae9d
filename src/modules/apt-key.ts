// apt_key: a key apt trusts (apt-key, /etc/apt/trusted.gpg or `keyring`), as
// Ansible's apt_key module (2.14): from `data`, `file` (on the host), `url`
// (fetched by the host) or a `keyserver`; present when `id` (or the key's own
// fingerprint) is already trusted, without fetching when `id` is given.
import type { ArgsOf, ArgsSchema, ModuleDef, ModulePlan } from './contract.js';
import { addKey, deleteKey, hasKey, keyFingerprints, receiveKey, trustedKeys } from './apt/keys.js';
import { hostDownloader } from './download/download.js';

const schema = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      pattern: '^(0x)?([0-9A-Fa-f]{8}|[0-9A-Fa-f]{16}|[0-9A-Fa-f]{40})$',
      description: 'the key id: 8, 16 or 40 hex digits (a fingerprint suffix)',
    },
    data: { type: 'string', minLength: 1, description: 'the key itself (ASCII-armored)' },
    file: { type: 'string', pattern: '^/', description: 'a key file on the host' },
    url: { type: 'string', pattern: '^https?://', description: 'where the host fetches the key from' },
    keyserver: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9.:/_-]*$',
      description: 'a keyserver to receive `id` from',
    },
    keyring: { type: 'string', pattern: '^/', description: 'the keyring file to use instead of /etc/apt/trusted.gpg' },
    validate_certs: { type: 'boolean', description: 'check the https certificate of `url` (default true)' },
    state: { enum: ['present', 'absent'], description: 'default present' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

// Ansible 2.14's words when the key it added does not carry the `id` asked for.
const NOT_ADDED =
  'apt-key did not return an error, but failed to add the key (check that the id is correct and *not* a subkey)';

// Ansible reports keys by their long id (the last 16 hex digits), `short_id` the last 8.
const longId = (fp: string) => fp.slice(-16);
const shortId = (fp: string) => fp.slice(-8);

export const aptKey: ModuleDef<Args> = {
  name: 'apt_key',
  summary: 'add or remove a key apt trusts (apt-key), from data, a file, a URL or a keyserver',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const { conn } = ctx;
    const id = args.id?.replace(/^0x/, '').toUpperCase();
    const keyring = args.keyring;
    // Listing a keyring that does not exist would create it (gpg does), under --check too.
    const before = keyring && !(await conn.stat(keyring)) ? [] : await trustedKeys(conn, keyring);
    const data: Record<string, unknown> = { before: before.map(longId), after: before.map(longId) };
    if (args.state === 'absent') {
      if (!id) return { changes: [], data, failed: 'state absent needs id: the key to remove' };
      const gone = before.filter((fp) => fp.endsWith(id));
      if (gone.length === 0) return { changes: [], data: { ...data, id } };
      const found = { id, key_id: id, fp: longId(gone[0]!), short_id: shortId(gone[0]!) };
      return {
        changes: [
          {
            summary: `remove apt key ${id}`,
            diff: {
              path: keyring ?? 'apt keys',
              before: lines(before),
              after: lines(before.filter((fp) => !gone.includes(fp))),
            },
            async apply() {
              const r = await deleteKey(conn, id, keyring);
              // Changed too, as Ansible's apt_key fails with its result that already says changed.
              if (r.rc !== 0)
                return { failed: true, changed: true, msg: `error removing key_id ${id}: ${r.stderr.trim()}` };
              return { data: { after: (await trustedKeys(conn, keyring)).map(longId) } };
            },
          },
        ],
        data: { ...data, ...found },
      };
    }
    if (id && hasKey(before, id)) {
      const fp = before.find((f) => f.endsWith(id))!;
      return { changes: [], data: { ...data, id, key_id: id, fp: longId(fp), short_id: shortId(fp) } };
    }
    if (args.keyserver) {
      if (!id) return { changes: [], data, failed: 'keyserver needs id: the key to receive' };
      return {
        changes: [
          keyChange(`receive apt key ${id} from ${args.keyserver}`, id, () =>
            receiveKey(conn, args.keyserver!, id, keyring),
          ),
        ],
        data: { ...data, id },
      };
    }
    const key = await keyData(args, ctx.conn);
    if ('failed' in key) return { changes: [], data, failed: key.failed };
    const fps = await keyFingerprints(conn, key.bytes);
    if (fps.length === 0) return { changes: [], data, failed: `no key found in ${key.from}` };
    const fp = fps[0]!;
    // Ansible adds what it fetched and only then finds `id` missing: the key stays, the task fails.
    if (id && !fps.some((f) => f.endsWith(id)))
      return {
        changes: [
          keyChange(`add apt key ${fp} from ${key.from}: not ${id}`, fp, () => addKey(conn, key.bytes, keyring), id),
        ],
        data: { ...data, id, key_id: id, short_id: shortId(id), fp: longId(id) },
      };
    const found = { fp: longId(fp), id: id ?? longId(fp), key_id: id ?? longId(fp), short_id: shortId(fp) };
    if (fps.every((f) => hasKey(before, f))) return { changes: [], data: { ...data, ...found } };
    return {
      changes: [
        keyChange(`add apt key ${fp}${key.from === 'data' ? '' : ` from ${key.from}`}`, fp, () =>
          addKey(conn, key.bytes, keyring),
        ),
      ],
      data: { ...data, ...found },
    };

    function keyChange(
      summary: string,
      added: string,
      run: () => Promise<{ rc: number; stderr: string }>,
      mustHave?: string,
    ): ModulePlan['changes'][number] {
      return {
        summary,
        diff: { path: keyring ?? 'apt keys', before: lines(before), after: lines([...before, added]) },
        async apply() {
          const r = await run();
          if (r.rc !== 0) return { failed: true, msg: `${summary} failed: ${r.stderr.trim()}` };
          const after = await trustedKeys(conn, keyring);
          if (mustHave && !hasKey(after, mustHave))
            return { failed: true, changed: true, msg: NOT_ADDED, data: { after: after.map(longId) } };
          return { data: { after: after.map(longId) } };
        },
      };
    }
  },
};

async function keyData(
  args: Args,
  conn: Parameters<ModuleDef['plan']>[1]['conn'],
): Promise<{ bytes: Buffer; from: string } | { failed: string }> {
  if (args.data !== undefined) return { bytes: Buffer.from(args.data), from: 'data' };
  if (args.file !== undefined) {
    const bytes = await conn.readFile(args.file);
    return bytes ? { bytes, from: args.file } : { failed: `${args.file} does not exist on ${conn.host}` };
  }
  if (args.url !== undefined) {
    try {
      const dl = hostDownloader(conn, 30, { insecure: args.validate_certs === false });
      return { bytes: Buffer.from(await dl.text(new URL(args.url).href)), from: args.url };
    } catch (err) {
      return { failed: `Failed to download key at ${args.url}: ${(err as Error).message}` };
    }
  }
  return { failed: 'one of id, data, file, url or keyserver is needed' };
}

/** Fingerprints one a line, for --diff. */
const lines = (fps: string[]) => fps.map((f) => `${f}\n`).join('');
