// getent (ansible.builtin.getent): one database of the host's name service (passwd,
// group, shadow, hosts, services, …), whole or one `key`, as facts `getent_<database>`:
// each record's first field → its other fields (split at ":" for passwd, shadow, group
// and gshadow, else at whitespace runs, unless `split` says), a key seen again → the list
// of its records. A missing key fails unless `fail_key: false` (then key → null, with
// Ansible's msg). Reads only: never a change.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    database: {
      type: 'string',
      pattern: '^[A-Za-z0-9_.-]+$',
      description: 'passwd, group, shadow, hosts, services, …',
    },
    key: { type: 'string', description: 'one key to look up (default: the whole database)' },
    service: { type: 'string', description: 'the NSS service to ask (getent -s)' },
    split: {
      type: 'string',
      minLength: 1,
      description: 'field separator (default ":" for passwd/shadow/group/gshadow, else whitespace)',
    },
    fail_key: { type: 'boolean', description: 'fail when the key is missing (default true)' },
  },
  required: ['database'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

const COLON = ['passwd', 'shadow', 'group', 'gshadow'];
const FAILURES: Record<number, string> = {
  1: 'Missing arguments, or database unknown.',
  2: 'One or more supplied key could not be found in the database.',
  3: 'Enumeration not supported on this database.',
};

export const getent: ModuleDef<Args> = {
  name: 'getent',
  summary: 'read a name service database (passwd, group, hosts, …) into getent_<database> facts',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const argv = [
      'getent',
      args.database,
      ...(args.key !== undefined ? [args.key] : []),
      ...(args.service !== undefined ? ['-s', args.service] : []),
    ];
    const r = await ctx.conn.exec(shellJoin(argv), { signal: ctx.signal });
    const tree = `getent_${args.database}`;
    if (r.rc === 0) {
      const facts = { [tree]: records(r.stdout, args.split ?? (COLON.includes(args.database) ? ':' : undefined)) };
      return { changes: [], facts, data: { ansible_facts: facts } };
    }
    const msg = FAILURES[r.rc] ?? 'Unexpected failure!';
    if (r.rc === 2 && args.fail_key === false) {
      const facts = { [tree]: { [args.key ?? '']: null } };
      return { changes: [], facts, data: { ansible_facts: facts }, msg };
    }
    return { changes: [], failed: msg };
  },
};

function records(out: string, split: string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const record = split === undefined ? line.trim().split(/\s+/) : line.split(split);
    const [first = '', ...rest] = record;
    const n = seen.get(first) ?? 0;
    if (n === 0) result[first] = rest;
    else {
      if (n === 1) result[first] = [result[first]];
      (result[first] as unknown[]).push(rest);
    }
    seen.set(first, n + 1);
  }
  return result;
}
