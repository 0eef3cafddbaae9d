// hostname (ansible.builtin.hostname) with Ansible's strategy for a Debian-family host:
// under systemd (/run/systemd/system exists; or `use: systemd`), hostnamectl sets the
// static and the transient name; without systemd, Ansible's FileStrategy: /etc/hostname
// alone is the name, read and written (the running name is left as it is, as Ansible
// leaves it). Result as Ansible's: name, the diff "hostname = OLD" → "hostname = NEW",
// and the facts ansible_hostname (the first label) and ansible_nodename.
import { readFileFact } from '../facts/file.js';
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$', description: 'the host name' },
    use: {
      enum: ['systemd', 'debian'],
      description: 'the strategy (Ansible\'s "debian" is systemd); default: systemd when it runs, else /etc/hostname',
    },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const hostname: ModuleDef<Args> = {
  name: 'hostname',
  summary: 'set the host name (hostnamectl under systemd, else /etc/hostname)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const name = args.name;
    const facts = { ansible_hostname: name.split('.')[0], ansible_nodename: name };
    const systemd =
      args.use !== undefined || (await ctx.conn.exec('test -d /run/systemd/system', { signal: ctx.signal })).rc === 0;
    const { current, permanent } = systemd ? await readHostnamectl(ctx) : await readFile(ctx);
    const before = name !== current ? current : permanent;
    const changes: Change[] = [];
    const diff = { path: 'hostname', before: `hostname = ${before}\n`, after: `hostname = ${name}\n` };
    if (systemd) {
      if (current !== name)
        changes.push(
          run(ctx, `hostnamectl --transient set-hostname ${name} (was ${current})`, [
            'hostnamectl',
            '--transient',
            'set-hostname',
            name,
          ]),
        );
      if (permanent !== name)
        changes.push(
          run(ctx, `hostnamectl --static set-hostname ${name} (was ${permanent})`, [
            'hostnamectl',
            '--static',
            'set-hostname',
            name,
          ]),
        );
    } else if (permanent !== name) {
      changes.push({
        summary: `write /etc/hostname: ${name} (was ${permanent || 'none'})`,
        apply: () => ctx.conn.writeFile('/etc/hostname', `${name}\n`),
      });
    }
    if (changes[0]) changes[0].diff = diff;
    return { changes, data: { name }, facts };
  },
};

async function readFile(ctx: ModuleContext): Promise<{ current: string; permanent: string }> {
  const fact = await readFileFact(ctx.conn, '/etc/hostname');
  const permanent = fact.content?.toString('utf8').trim() ?? '';
  return { current: permanent, permanent };
}

async function readHostnamectl(ctx: ModuleContext): Promise<{ current: string; permanent: string }> {
  const r = await ctx.conn.exec('hostnamectl --transient status && hostnamectl --static status', {
    signal: ctx.signal,
  });
  if (r.rc !== 0) throw new Error(`hostnamectl failed on ${ctx.host}: ${r.stderr.trim() || `exit ${r.rc}`}`);
  const [current = '', permanent = ''] = r.stdout.split('\n');
  return { current: current.trim(), permanent: permanent.trim() };
}

function run(ctx: ModuleContext, summary: string, argv: string[]): Change {
  return {
    summary,
    async apply() {
      const r = await ctx.conn.exec(shellJoin(argv), { signal: ctx.signal });
      if (r.rc !== 0) return { failed: true, msg: `Command failed rc=${r.rc}, out=${r.stdout}, err=${r.stderr}` };
    },
  };
}
