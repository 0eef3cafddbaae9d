// kubelet_info: where this node's kubelet really takes its settings, read from
// its systemd unit and drop-ins (`systemctl cat kubelet`), the EnvironmentFile=s
// they name and the KubeletConfiguration its --config points at. Read-only.
// kubeadm (kubeadm-flags.env, KUBELET_KUBEADM_ARGS), the RPM and DEB packages
// (/etc/sysconfig/kubelet, /etc/default/kubelet: KUBELET_EXTRA_ARGS), Kubespray
// (/etc/kubernetes/kubelet.env: KUBELET_ARGS over several lines) and flags
// written inline in ExecStart= all come out as the same facts:
//
//   flags        the final command line's flags (name → value)
//   flag_files   [{path, key}]: each env file variable ExecStart uses
//   flags_file   {path, key} where the runtime flags are, or go
//   runtime_drop_in  null, or the drop-in to write first when the unit has its
//                runtime flags inline in ExecStart= (or no env file at all):
//                it moves them to flags_file, an env file runbook then edits
//   exec_start, exec_start_without_runtime_flags, drop_in_dir
//   config_file, cgroup_driver, runtime_endpoint, runtime (dockershim |
//   cri-dockerd | containerd | other), files (every file the migration may write)
import { parse as parseYaml } from 'yaml';
import { shellJoin } from '../quote.js';
import type { Connection } from '../transport/connection.js';
import type { ArgsOf, ArgsSchema, ModuleDef, ModulePlan } from './contract.js';
import { parseFlags } from './kubelet/kubelet-flags-format.js';
import { unitEnvironment } from './systemd/unit-environment.js';
import {
  expandExecStart,
  referencedVariables,
  serviceDirectives,
  unitWords,
  type UnitDirective,
} from './systemd/unit-text.js';

/** The flags that choose kubelet's container runtime. */
const RUNTIME_FLAGS = ['container-runtime', 'container-runtime-endpoint', 'image-service-endpoint'];
/** Which variable takes runtime flags when none holds them yet: kubeadm's, Kubespray's, the packages'. */
const PREFERRED_KEYS = ['KUBELET_KUBEADM_ARGS', 'KUBELET_ARGS', 'KUBELET_EXTRA_ARGS'];

const schema = {
  type: 'object',
  properties: {
    unit: { type: 'string', pattern: '^[A-Za-z0-9:_.@-]+$', description: 'the systemd unit (default kubelet)' },
  },
  additionalProperties: false,
} as const satisfies ArgsSchema;

type Args = ArgsOf<typeof schema>;

export const kubeletInfo: ModuleDef<Args> = {
  name: 'kubelet_info',
  summary: 'read where the kubelet takes its flags and config from (its unit, drop-ins, env files, --config)',
  checkMode: 'full',
  schema,
  async plan(args, ctx) {
    const unit = `${(args.unit ?? 'kubelet').replace(/\.service$/, '')}.service`;
    const cat = await ctx.conn.exec(shellJoin(['systemctl', 'cat', '--', unit]));
    if (cat.rc !== 0)
      return {
        changes: [],
        failed: `systemctl cat ${unit} failed on ${ctx.host}: ${cat.stderr.trim() || `exit code ${cat.rc}`}`,
      };
    return readUnit(ctx.conn, unit, cat.stdout);
  },
};

async function readUnit(conn: Connection, unit: string, catOutput: string): Promise<ModulePlan> {
  const directives = serviceDirectives(catOutput);
  const { env, origin, missing } = await unitEnvironment(conn, directives);
  if (missing)
    return {
      changes: [],
      failed: `${unit} needs ${missing.path} (EnvironmentFile= in ${missing.in}), which is missing on ${conn.host}`,
    };
  // The last ExecStart= wins; an empty one (a drop-in's usual first line) resets it.
  let exec: UnitDirective | null = null;
  for (const d of directives) if (d.key === 'ExecStart') exec = d.value === '' ? null : d;
  if (!exec) return { changes: [], failed: `${unit} has no ExecStart= on ${conn.host}` };

  const argv = expandExecStart(exec.value, env);
  const flags = flagMap(argv.slice(1).join(' '));
  const used = [...new Set(referencedVariables(exec.value))];
  const flagFiles = used.flatMap((key) => (origin.get(key)?.envFile ? [{ path: origin.get(key)!.file, key }] : []));
  const holdsRuntime = (text: string | undefined) => RUNTIME_FLAGS.some((f) => flagMap(text ?? '').has(f));
  const runtimeIn = used.filter((key) => holdsRuntime(env.get(key)));
  const inline =
    holdsRuntime(
      unitWords(exec.value)
        .filter((w) => !w.startsWith('$'))
        .join(' '),
    ) || runtimeIn.some((k) => !origin.get(k)?.envFile);
  const found =
    flagFiles.find((f) => runtimeIn.includes(f.key)) ??
    PREFERRED_KEYS.map((k) => flagFiles.find((f) => f.key === k)).find((f) => f !== undefined) ??
    flagFiles[0];
  const dropInDir = `/etc/systemd/system/${unit}.d`;
  // Inline flags (or no env file): a drop-in takes them out of ExecStart= and reads an env file of runbook's.
  const ownFile = inline || found === undefined;
  const flagsFile = ownFile ? { path: `${dropInDir}/runbook-runtime.env`, key: 'KUBELET_RUNTIME_ARGS' } : found;

  const configFile = flags.get('config') ?? null;
  const config = configFile ? await readConfig(conn, configFile) : {};
  const endpoint = flags.get('container-runtime-endpoint') ?? str(config.containerRuntimeEndpoint) ?? '';
  const data = {
    binary: argv[0] ?? '',
    argv,
    flags: Object.fromEntries(flags),
    exec_start: exec.value,
    exec_start_without_runtime_flags: withoutRuntimeFlags(exec.value),
    drop_in_dir: dropInDir,
    flag_files: flagFiles,
    flags_file: flagsFile,
    runtime_flags_inline: inline,
    runtime_drop_in: ownFile ? `${dropInDir}/90-runbook-runtime.conf` : null,
    config_file: configFile,
    cgroup_driver: flags.get('cgroup-driver') ?? str(config.cgroupDriver) ?? 'cgroupfs',
    runtime_endpoint: endpoint,
    runtime: runtimeOf(flags.get('container-runtime'), endpoint),
    // What the migration may write: the rollback restores (or removes) exactly these.
    files: [
      ...new Set([
        ...flagFiles.map((f) => f.path),
        flagsFile.path,
        ...(configFile ? [configFile] : []),
        ...(ownFile ? [`${dropInDir}/90-runbook-runtime.conf`] : []),
      ]),
    ],
  };
  return { changes: [], data };
}

/** Flags by name, later ones winning as with kubelet's flag parser; values of bare flags are "true". */
function flagMap(text: string): Map<string, string> {
  return new Map(
    parseFlags(text)
      .filter((f) => !f.raw)
      .map((f) => [f.name, f.value ?? 'true']),
  );
}

async function readConfig(conn: Connection, path: string): Promise<Record<string, unknown>> {
  const text = await conn.readFile(path);
  if (text === null) return {};
  try {
    const doc = parseYaml(text.toString('utf8')) as unknown;
    return doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  } catch {
    return {}; // kubelet would not start on it either; the migration's checks say so
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function runtimeOf(runtimeFlag: string | undefined, endpoint: string): string {
  if (endpoint.includes('cri-dockerd')) return 'cri-dockerd';
  if (endpoint.includes('containerd')) return 'containerd';
  if (endpoint === '' || endpoint.endsWith('dockershim.sock') || (runtimeFlag ?? 'docker') === 'docker')
    return 'dockershim';
  return 'other';
}

/** ExecStart= as written, less the runtime flags (and the value word after a bare one). */
function withoutRuntimeFlags(execStart: string): string {
  const words = execStart.trim().split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const name = /^--?([^=]+)/.exec(words[i]!)?.[1];
    if (name === undefined || !RUNTIME_FLAGS.includes(name)) {
      out.push(words[i]!);
      continue;
    }
    if (!words[i]!.includes('=') && words[i + 1] !== undefined && !words[i + 1]!.startsWith('-')) i++;
  }
  return out.join(' ');
}
