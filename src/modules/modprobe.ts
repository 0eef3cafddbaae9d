// modprobe (community.general.modprobe): a kernel module loaded (state present) or not
// (absent), with `params`; `persistent: present` also writes /etc/modules-load.d/NAME.conf
// ("NAME") and /etc/modprobe.d/NAME.conf ("options NAME k=v" a line), after commenting
// out other files' options lines for it; `persistent: absent` comments out its lines.
// Loaded means listed by lsmod or built into the kernel (modules.builtin), as Ansible
// reads /proc/modules. Only `modprobe` and `lsmod` touch the kernel, so on runbook's lab
// hosts the labelled stand-ins (test/lab/sim/modprobe, lsmod) answer and the machine's
// kernel is never changed. Result: changed, name, params, state, as Ansible's.
import { shellJoin } from '../quote.js';
import type { ArgsOf, ArgsSchema, Change, ModuleContext, ModuleDef } from './contract.js';
import { planConfWrite, readConfDir, type ConfFile } from './system/conf-dir.js';

const LOAD_DIR = '/etc/modules-load.d';
const OPTIONS_DIR = '/etc/modprobe.d';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', description: 'the kernel module' },
    state: { enum: ['present', 'absent'], description: 'loaded (present, default) or not' },
    params: { type: 'string', description: 'module parameters, "k=v k2=v2" (default "")' },
    persistent: {
      enum: ['disabled', 'present', 'absent'],
      description: 'also load it at boot (present), or stop that (absent); default disabled',
    },
  },
  required: ['name'],
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const modprobe: ModuleDef<Args> = {
  name: 'modprobe',
  summary: 'load or unload a kernel module; persistent: present writes /etc/modules-load.d and /etc/modprobe.d',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const state = args.state ?? 'present';
    const params = args.params ?? '';
    const data = { name: args.name, params, state };
    const loaded = await isLoaded(ctx, args.name);
    if (typeof loaded === 'object') return { changes: [], data, failed: loaded.failed };
    const changes: Change[] = [];
    if (state === 'present' && !loaded)
      changes.push(modprobeRun(ctx, [args.name, ...words(params)], `load ${args.name}${params ? ` ${params}` : ''}`));
    if (state === 'absent' && loaded) changes.push(modprobeRun(ctx, ['-r', args.name], `unload ${args.name}`));
    const persistent = args.persistent ?? 'disabled';
    if (persistent !== 'disabled')
      changes.push(...(await persistence(ctx, args.name, params, persistent === 'present')));
    return { changes, data };
  },
};

/** Ansible's patterns: a line naming the module, an options line for it (one k=v each). */
function patterns(name: string) {
  return {
    module: new RegExp(`^ *${name} *(?:[#;].*)?$`),
    option: new RegExp(`^options ${name} (\\w+=\\S+) *(?:[#;].*)?$`),
  };
}

/** The files of both directories as they must be, as changes. */
async function persistence(ctx: ModuleContext, name: string, params: string, present: boolean): Promise<Change[]> {
  const { module, option } = patterns(name);
  const loadFiles = await readConfDir(ctx, LOAD_DIR);
  const optionFiles = await readConfDir(ctx, OPTIONS_DIR);
  const listed = loadFiles.some((f) => f.text.split('\n').some((l) => module.test(l)));
  const set = new Set(optionFiles.flatMap((f) => f.text.split('\n').flatMap((l) => option.exec(l)?.[1] ?? [])));
  const wanted = new Set(words(params));
  const paramsSet = set.size === wanted.size && [...wanted].every((p) => set.has(p));
  const changes: Change[] = [];
  if (present) {
    if (!listed)
      changes.push(
        ...(await planConfWrite(
          ctx,
          `${LOAD_DIR}/${name}.conf`,
          `${name}\n`,
          loadFiles.find((f) => f.path === `${LOAD_DIR}/${name}.conf`),
        )),
      );
    if (!paramsSet) {
      const own = `${OPTIONS_DIR}/${name}.conf`;
      for (const f of optionFiles)
        if (f.path !== own) changes.push(...(await planConfWrite(ctx, f.path, commentOut(f.text, option), f)));
      const text = [...words(params)].map((p) => `options ${name} ${p}`).join('\n') + '\n';
      changes.push(
        ...(await planConfWrite(
          ctx,
          own,
          text,
          optionFiles.find((f) => f.path === own),
        )),
      );
    }
    return changes;
  }
  const edit = (files: ConfFile[], re: RegExp) =>
    Promise.all(files.map((f) => planConfWrite(ctx, f.path, commentOut(f.text, re), f)));
  if (listed) changes.push(...(await edit(loadFiles, module)).flat());
  if (set.size > 0) changes.push(...(await edit(optionFiles, option)).flat());
  return changes;
}

const commentOut = (text: string, re: RegExp) =>
  text
    .split('\n')
    .map((l) => (re.test(l) ? `#${l}` : l))
    .join('\n');
const words = (s: string) => s.split(/\s+/).filter(Boolean);

/** true/false, or why it cannot be known (no lsmod, no /proc/modules). */
async function isLoaded(ctx: ModuleContext, name: string): Promise<boolean | { failed: string }> {
  const underscored = name.replace(/-/g, '_');
  const script =
    `mods=$(lsmod) || exit 3; printf '%s\\n' "$mods" | grep -q '^${underscored} ' && exit 0; ` +
    `grep -qs '/${name}\\.ko$' "/lib/modules/$(uname -r)/modules.builtin" && exit 0; exit 1`;
  const r = await ctx.conn.exec(script, { signal: ctx.signal });
  if (r.rc === 0 || r.rc === 1) return r.rc === 0;
  return {
    failed: `cannot tell whether ${name} is loaded on ${ctx.host}: lsmod failed: ${r.stderr.trim() || `exit ${r.rc}`}`,
  };
}

function modprobeRun(ctx: ModuleContext, argv: string[], summary: string): Change {
  return {
    summary,
    async apply() {
      const r = await ctx.conn.exec(shellJoin(['modprobe', ...argv]), { signal: ctx.signal });
      if (r.rc !== 0)
        return {
          failed: true,
          msg: r.stderr.trim() || `modprobe exited ${r.rc}`,
          data: { rc: r.rc, stdout: r.stdout, stderr: r.stderr },
        };
    },
  };
}
