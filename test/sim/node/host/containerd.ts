// The start hook of the lab's containerd unit (/etc/sim-systemd/containerd.start):
// it starts the REAL containerd on the host's config, as the unit would. First the
// real binary reads the config (`containerd config dump`): a config it rejects fails
// the unit. The one thing the lab changes (SIMULATION of systemd): there is no
// systemd, so runc's SystemdCgroup is run as cgroupfs; kubelet.ts still checks the
// written value against kubelet's cgroupDriver. Whether the CRI plugin loaded is
// what the running containerd says (`ctr plugins ls`). It records what kubelet.ts
// needs in /run/sim-node/containerd.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { answers, startDaemon } from './daemon.js';
import { CONTAINERD_STATE, RUN, type ContainerdState, type CriState } from './state.js';
import { log, readText, resyncKubelet, run, writeJson } from './sys.js';
import { bool, readDump, str, strings, type Tables } from './toml.js';
import { unitCommand } from './unit.js';

const CONFIG = '/etc/containerd/config.toml';
mkdirSync(RUN, { recursive: true });
const at = new Date().toISOString();
const version = run('containerd', ['--version']).out.split(/\s+/)[2] ?? 'unknown';

// containerd runs on its built-in defaults when the file is missing; `config dump`
// would fail on it, so ask for the defaults instead.
const configFile = existsSync(CONFIG) ? CONFIG : null;
const dump = configFile
  ? run('containerd', ['--config', CONFIG, 'config', 'dump'])
  : run('containerd', ['config', 'default']);
if (dump.rc !== 0) {
  const error = dump.err.trim() || `containerd config dump exited ${dump.rc}`;
  log(error);
  writeJson(CONTAINERD_STATE, {
    at,
    ok: false,
    error,
    version,
    configFile,
    configVersion: 0,
    address: '',
    cri: noCri('not running'),
    proxy: {},
  } satisfies ContainerdState);
  resyncKubelet();
  process.exit(1);
}

const t = readDump(dump.out);
const configVersion = Number(t.get('')?.version ?? 1);
const cri = configVersion >= 3 ? criV3(t) : criV2(t);
const address = str(t, 'grpc', 'address', '/run/containerd/containerd.sock');
const proxy = proxyEnv();

// The node's own file, as written (the dump is for reading: it is version 2 with a
// version 1 file's short plugin names, which containerd refuses to run).
const runConfig = `${RUN}/containerd-run.toml`;
if (configFile)
  writeFileSync(runConfig, (readText(configFile) ?? '').replace(/^(\s*SystemdCgroup\s*=\s*)true\b/gm, '$1false'));
const logFile = `${RUN}/containerd.log`;
const started = await startDaemon(
  'containerd',
  configFile ? ['--config', runConfig] : [],
  logFile,
  () => existsSync(address) && answers('ctr', ['--connect-timeout', '2s', '--address', address, 'version']),
  proxy,
);
if (started.failed) {
  log(started.failed);
  writeJson(CONTAINERD_STATE, {
    at,
    ok: false,
    error: started.failed,
    version,
    configFile,
    configVersion,
    address,
    cri: noCri('not running'),
    proxy,
  } satisfies ContainerdState);
  resyncKubelet();
  process.exit(1);
}

// Docker's bundled containerd ships `disabled_plugins = ["cri"]` (DESIGN.md, "Facts
// for the migration"): kubelet then gets "unknown service runtime.v1alpha2.RuntimeService".
// A CRI config containerd rejects (the deprecated registry.mirrors beside
// config_path, DESIGN.md) leaves the plugin in error and containerd runs without it.
const plugin =
  /^io\.containerd\.grpc\.v1\s+cri\s+\S+\s+(\S+)/m.exec(
    run('ctr', ['--connect-timeout', '2s', '--address', address, 'plugins', 'ls']).out,
  )?.[1] ?? 'absent';
cri.enabled = plugin === 'ok';
if (!cri.enabled) {
  const disabled = strings(t, '', 'disabled_plugins').find((p) =>
    ['cri', 'io.containerd.grpc.v1.cri', 'io.containerd.cri.v1.runtime', 'io.containerd.cri.v1.images'].includes(p),
  );
  const logged = /failed to load plugin io\.containerd\.grpc\.v1\.cri.*?error="([^"]*)"/.exec(
    readText(logFile) ?? '',
  )?.[1];
  cri.why = disabled ? `plugin ${disabled} is in disabled_plugins` : (logged ?? `the CRI plugin's status is ${plugin}`);
  log(`level=warning msg="failed to load plugin io.containerd.grpc.v1.cri" error="${cri.why}"`);
} else log(`level=info msg="loaded CRI plugin" sandbox_image=${cri.sandboxImage} SystemdCgroup=${cri.systemdCgroup}`);

writeJson(CONTAINERD_STATE, {
  at,
  ok: true,
  pid: started.pid,
  version,
  configFile,
  configVersion,
  address,
  cri,
  proxy,
} satisfies ContainerdState);
log(`level=info msg="containerd successfully booted" version=${version} pid=${started.pid}`);
resyncKubelet('containerd');

// Config version 2 (containerd 1.x): everything under plugins."io.containerd.grpc.v1.cri".
function criV2(t: Tables): CriState {
  const p = 'plugins."io.containerd.grpc.v1.cri"';
  const runtime = str(t, `${p}.containerd`, 'default_runtime_name', 'runc');
  return {
    enabled: false,
    sandboxImage: str(t, p, 'sandbox_image'),
    systemdCgroup: bool(t, `${p}.containerd.runtimes.${runtime}.options`, 'SystemdCgroup'),
    configPath: str(t, `${p}.registry`, 'config_path'),
    mirrors: mirrors(t, `${p}.registry.mirrors.`),
  };
}

// Config version 3 (containerd 2.x): the CRI plugin split into runtime and images.
function criV3(t: Tables): CriState {
  const runtime = 'plugins."io.containerd.cri.v1.runtime"';
  const images = 'plugins."io.containerd.cri.v1.images"';
  const name = str(t, `${runtime}.containerd`, 'default_runtime_name', 'runc');
  return {
    enabled: false,
    sandboxImage: str(t, `${images}.pinned_images`, 'sandbox'),
    systemdCgroup: bool(t, `${runtime}.containerd.runtimes.${name}.options`, 'SystemdCgroup'),
    configPath: str(t, `${images}.registry`, 'config_path'),
    mirrors: mirrors(t, `${images}.registry.mirrors.`),
  };
}

function mirrors(t: Tables, prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, values] of t) {
    if (!table.startsWith(prefix)) continue;
    const endpoint = values.endpoint;
    out[table.slice(prefix.length).replace(/^"|"$/g, '')] = Array.isArray(endpoint) ? endpoint.map(String) : [];
  }
  return out;
}

/** The proxy variables systemd would give containerd (its unit and drop-ins, e.g. http-proxy.conf). */
function proxyEnv(): Record<string, string> {
  let env: Record<string, string> = {};
  try {
    env = unitCommand('containerd.service').env;
  } catch {
    return {};
  }
  return Object.fromEntries(Object.entries(env).filter(([k]) => /^(https?|no)_proxy$/i.test(k)));
}

function noCri(why: string): CriState {
  return { enabled: false, why, sandboxImage: '', systemdCgroup: false, configPath: '', mirrors: {} };
}
