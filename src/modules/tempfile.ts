// tempfile: a new, uniquely named file (0600) or directory (0700) on the host,
// as Ansible's tempfile: `path` (default the host's $TMPDIR or /tmp), `prefix`
// ("ansible."), `suffix` (""). Every run makes a new one, so it is always a change;
// like Ansible (check_mode support: none) it is skipped under --check.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';
import { absolutePathSchema } from './files/file-options.js';
import { formatMode } from './files/mode.js';

const schema = {
  type: 'object',
  properties: {
    state: { enum: ['file', 'directory'] },
    path: absolutePathSchema,
    prefix: { type: 'string', pattern: '^[^/]*$', description: 'start of the name (default "ansible.")' },
    suffix: { type: 'string', pattern: '^[^/]*$', description: 'end of the name (default "")' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const tempfile: ModuleDef<Args> = {
  name: 'tempfile',
  summary: 'create a uniquely named temporary file or directory; its path is returned in path',
  checkMode: 'skip',
  schema,
  async plan(args, ctx) {
    // Ansible registers this msg for a module without check mode (measured: ansible-playbook 2.14 --check).
    if (ctx.check) return { changes: [], skipped: 'remote module (tempfile) does not support check mode' };
    const state = args.state ?? 'file';
    const where = args.path ?? '${TMPDIR:-/tmp}';
    // Eight random characters, as Python's tempfile; GNU mktemp makes the file 0600, the directory 0700.
    const template = `${args.prefix ?? 'ansible.'}XXXXXXXX`;
    const dir = args.path === undefined ? '"${TMPDIR:-/tmp}"' : shellJoin([args.path]);
    const mk = `mktemp ${state === 'directory' ? '-d ' : ''}--tmpdir=${dir} --suffix=${shellJoin([args.suffix ?? ''])} ${shellJoin([template])}`;
    const script = `f=$(${mk}) || exit 3; stat -c '%u|%g|%U|%G|%a|%s' -- "$f" && printf '%s' "$f"`;
    return {
      changes: [
        {
          summary: `create a temporary ${state} in ${where}`,
          async apply() {
            const r = await ctx.conn.exec(script, { signal: ctx.signal });
            if (r.rc !== 0)
              return {
                failed: true,
                msg: `cannot create a temporary ${state} in ${where}: ${r.stderr.trim() || `exit ${r.rc}`}`,
              };
            const [line = '', path = ''] = r.stdout.split('\n');
            const [uid, gid, owner, group, mode, size] = line.split('|');
            return {
              data: {
                path,
                state,
                uid: Number(uid),
                gid: Number(gid),
                owner,
                group,
                mode: formatMode(parseInt(mode ?? '0', 8)),
                size: Number(size),
              },
            };
          },
        },
      ],
    };
  },
};
