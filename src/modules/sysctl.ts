// sysctl (ansible.posix.sysctl): a kernel parameter in a sysctl file (default
// /etc/sysctl.conf, as Ansible; roles point sysctl_file at /etc/sysctl.d/*.conf) and,
// with reload (default true), `sysctl -p FILE` once the task changed something;
// sysctl_set also writes the running value with `sysctl -w`. Decided as Ansible does:
// the file's value decides; with reload, a running value that differs is a change too.
// The running value is read with `sysctl -e -n` (LANG=C), so on runbook's lab hosts
// the labelled stand-in (test/lab/sim/sysctl) answers and the machine's kernel is never
// written. Result: `changed` only, as Ansible's.
import { readFileFact } from '../facts/file.js';
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { absolutePathSchema } from './files/file-options.js';
import { planWriteFrom } from './files/write-file.js';
import { rewriteSysctlFile, sameSysctlValue, sysctlFileValues, sysctlValue } from './system/sysctl-file.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, pattern: '\\S', description: 'the parameter, e.g. net.ipv4.ip_forward' },
    value: { type: ['string', 'number', 'boolean'], description: 'its value; booleans and yes/no become 1/0' },
    state: { enum: ['present', 'absent'], description: 'present (default) or absent from the file' },
    reload: { type: 'boolean', description: 'run `sysctl -p FILE` when the task changed something (default true)' },
    sysctl_set: { type: 'boolean', description: 'also set the running value with `sysctl -w` (default false)' },
    ignoreerrors: { type: 'boolean', description: 'pass -e to sysctl: unknown keys are no error (default false)' },
    sysctl_file: { ...absolutePathSchema, description: 'the file (default /etc/sysctl.conf)' },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

// procps reports a key it could not write on stderr and may still exit 0 (Ansible's check).
const SET_FAILED = /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m;

export const sysctl: ModuleDef<Args> = {
  name: 'sysctl',
  summary: 'set a kernel parameter in a sysctl file and apply it (sysctl -p / -w)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const name = args.name.trim();
    const state = args.state ?? 'present';
    const file = args.sysctl_file ?? '/etc/sysctl.conf';
    if (state === 'present' && args.value === undefined)
      return { changes: [], failed: 'state is present but all of the following are missing: value' };
    const value = args.value === undefined ? undefined : sysctlValue(args.value);
    if (state === 'present' && value === '') return { changes: [], failed: 'value cannot be blank' };
    const e = args.ignoreerrors ? ['-e'] : [];

    const running = await runningValue(ctx, name);
    const fact = await readFileFact(ctx.conn, file);
    if (fact.stat && fact.stat.type !== 'file')
      return { changes: [], failed: `${file} exists and is a ${fact.stat.type}, not a regular file` };
    const text = fact.content?.toString('utf8') ?? '';
    const inFile = sysctlFileValues(text).get(name);

    const writeFile = state === 'present' ? inFile !== value : inFile !== undefined && inFile !== '';
    let changed = writeFile;
    if (!writeFile && args.reload !== false && state === 'present') changed = !sameSysctlValue(running, value!);
    const setRunning =
      args.sysctl_set === true && state === 'present' && running !== undefined && !sameSysctlValue(running, value!);
    if (args.sysctl_set === true && state === 'present' && running === undefined) changed = true;

    const changes: Change[] = [];
    if (setRunning)
      changes.push(
        run(
          ctx,
          `sysctl -w ${name}=${value} (running: ${running})`,
          ['sysctl', ...e, '-w', `${name}=${value}`],
          `setting ${name} failed`,
        ),
      );
    if (writeFile) {
      const want = rewriteSysctlFile(text, name, state === 'present' ? value : undefined);
      changes.push(...planWriteFrom(ctx, { path: file, content: Buffer.from(want) }, fact));
    }
    if (changed && args.reload !== false)
      changes.push(run(ctx, `sysctl -p ${file}`, ['sysctl', ...e, '-p', file], 'Failed to reload sysctl'));
    // Ansible can find a change that needs no command (sysctl_set without reload on an
    // unknown key): keep the task "changed" as its result says.
    if (changed && changes.length === 0)
      changes.push({ summary: `${name} cannot be read on ${ctx.host}`, apply: async () => undefined });
    return { changes };
  },
};

/** The running value as `sysctl -e -n` prints it, or undefined when sysctl fails. */
async function runningValue(ctx: ModuleContext, name: string): Promise<string | undefined> {
  const r = await ctx.conn.exec(`LANG=C LC_ALL=C ${shellJoin(['sysctl', '-e', '-n', name])}`, { signal: ctx.signal });
  return r.rc === 0 ? r.stdout.replace(/\n$/, '') : undefined;
}

function run(ctx: ModuleContext, summary: string, argv: string[], failure: string): Change {
  return {
    summary,
    async apply() {
      const r = await ctx.conn.exec(`LANG=C LC_ALL=C ${shellJoin(argv)}`, { signal: ctx.signal });
      if (r.rc !== 0 || SET_FAILED.test(r.stderr))
        return { failed: true, msg: `${failure}: ${r.stdout}${r.stderr}`.trim() };
    },
  };
}
