// SIMULATION, NOT KUBELET: the start hook of the lab's kubelet unit
// (/etc/sim-systemd/kubelet.start). From the host's real files it decides what a
// real kubelet of this version would do — crash (exit 1: the unit fails), or run
// and post its node Ready or NotReady — records it in /run/sim-node/kubelet.json
// and reports it to the control-plane stand-in. A NotReady kubelet stays active.
//
// `kubelet.js resync [UNIT]` is the running kubelet noticing its runtime: the
// containerd and docker hooks call it when they start (UNIT: the one starting, which
// the systemctl stand-in marks active only after its hook) or fail. Same flags and
// config as at kubelet's start, fresh runtime state: as a real kubelet keeps
// retrying, the order of restarts does not matter.
import {
  CONTAINERD_STATE,
  CONTROL_PLANE_FILE,
  KUBELET_STATE,
  NODE_FILE,
  REACHABLE_FILE,
  RUN,
  type Cause,
  type ContainerdState,
  type KubeletState,
  type NodeSpec,
  type Runtime,
} from './state.js';
import { kubeletConfig, parseFlags, removedFlag, type Flags } from './flags.js';
import { logCarry } from './logs.js';
import { canPull, pullHosts, registryOf } from './registry.js';
import { atLeast, isActive, log, readJson, readText, run, writeJson } from './sys.js';
import { controlPlaneNode, manifestImages, setStaticPods, staticPodsRuntime } from './static-pods.js';
import { unitCommand } from './unit.js';
import { fileURLToPath } from 'node:url';
import { startDaemon } from './daemon.js';

const DOCKER_SOCK = 'unix:///var/run/docker.sock';
const resync = process.argv[2] === 'resync';
const starting = resync ? process.argv[3] : undefined;
const up = (unit: string): boolean => unit === starting || isActive(unit);
const node = JSON.parse(readText(NODE_FILE) ?? '{}') as NodeSpec;
const daemon = readJson('/etc/docker/daemon.json');
const state: KubeletState = {
  at: new Date().toISOString(),
  version: '',
  argv: [],
  config: {},
  runtime: 'none',
  endpoint: null,
  cgroupDriver: 'cgroupfs',
  ready: false,
  cause: 'Crashed',
  message: '',
  containerRuntimeVersion: null,
  warnings: [],
  logs: { docker: null, kubelet: { maxSize: null, maxFiles: null }, carried: null },
};

try {
  if (!resync) start();
  else {
    const running = readJson(KUBELET_STATE) as KubeletState | null;
    if (!running || running.crashed || !isActive('kubelet')) process.exit(0);
    Object.assign(state, { version: running.version, argv: running.argv, config: running.config });
    decide(parseFlags(running.argv.slice(1)));
  }
} catch (e) {
  // What stops the real kubelet: no binary, an unknown flag, an unreadable config.
  state.crashed = state.message = (e as Error).message;
  state.ready = false;
  state.cause = 'Crashed';
  log(`E "command failed" err="${state.crashed}"`);
  writeJson(KUBELET_STATE, state);
  process.exit(1);
}
const controlPlane = controlPlaneNode();
if (controlPlane) await staticPods(controlPlane);
await report();
writeJson(KUBELET_STATE, state);
// The kubelet keeps running (also NotReady): its pod worker is the unit's main process.
if (!resync) {
  const worker = await startDaemon(
    'node',
    [fileURLToPath(new URL('./pod-sync.js', import.meta.url))],
    `${RUN}/kubelet.log`,
    () => true,
  );
  if (worker.failed) log(`E pod worker: ${worker.failed}`);
}
log(
  `kubelet v${state.version} (simulated): runtime ` +
    `${state.runtime}${state.endpoint ? ` at ${state.endpoint}` : ''}: ` +
    `${state.ready ? 'Ready' : `NotReady (${state.cause}): ${state.message}`}`,
);
for (const w of state.warnings) log(`W ${w}`);

/** What kubelet reads once, at its start: its command line and KubeletConfiguration. */
function start(): void {
  const { argv } = unitCommand('kubelet.service');
  state.argv = argv;
  const [bin = '', ...args] = argv;
  const version = /Kubernetes v(\S+)/.exec(run(bin, ['--version']).out)?.[1];
  if (!version) throw new Error(`${bin}: failed to execute (status=203/EXEC)`);
  state.version = version;
  const flags = parseFlags(args);
  const gone = removedFlag(version, flags);
  if (gone) throw new Error(`failed to parse kubelet flag: unknown flag: --${gone}`);
  state.config = flags.has('config') ? kubeletConfig(flags.get('config')!) : {};
  decide(flags);
}

function decide(flags: Flags): void {
  const { version, config } = state;
  // kubelet's cgroupDriver defaults to cgroupfs; a flag beats the config file.
  state.cgroupDriver = flags.get('cgroup-driver') ?? config.cgroupDriver ?? 'cgroupfs';
  state.logs = logCarry(daemon, flags, config);

  // Which runtime. --container-runtime=remote is needed before 1.24, deprecated in
  // 1.24, removed in 1.27; from 1.27 the endpoint may be containerRuntimeEndpoint
  // in the KubeletConfiguration (DESIGN.md, "Facts for the migration").
  const runtimeFlag = flags.get('container-runtime');
  const endpoint =
    flags.get('container-runtime-endpoint') ?? (atLeast(version, '1.27') ? config.containerRuntimeEndpoint : undefined);
  if (!atLeast(version, '1.24')) {
    if ((runtimeFlag ?? 'docker') === 'docker') {
      if (endpoint && !endpoint.endsWith('/dockershim.sock')) {
        state.warnings.push(
          `--container-runtime-endpoint=${endpoint} does not select a remote runtime without ` +
            `--container-runtime=remote: kubelet ${version} runs dockershim on Docker`,
        );
      }
      viaDocker(null);
      return;
    }
    if (runtimeFlag !== 'remote') throw new Error(`unsupported container runtime "${runtimeFlag}"`);
    viaEndpoint(endpoint ?? 'unix:///var/run/dockershim.sock');
    return;
  }
  if (runtimeFlag !== undefined) {
    if (runtimeFlag !== 'remote')
      throw new Error(
        `unsupported container runtime "${runtimeFlag}": dockershim was removed in 1.24, only "remote" is accepted`,
      );
    state.warnings.push(
      '--container-runtime has been deprecated, will be removed in 1.27 as the only valid value is "remote"',
    );
  }
  // Dockershim was removed in 1.24: there is no Docker runtime without an endpoint.
  if (!endpoint) {
    notReady(
      'NoRuntimeEndpoint',
      `no container runtime endpoint: dockershim was removed in 1.24, ` +
        `set ` +
        `--container-runtime-endpoint${atLeast(version, '1.27') ? ' or containerRuntimeEndpoint' : ''}`,
    );
    return;
  }
  viaEndpoint(endpoint);
}

function viaEndpoint(endpoint: string): void {
  state.endpoint = endpoint;
  const sock = endpoint.replace(/^unix:\/\//, '').replace(/^\/var\/run\//, '/run/');
  const containerd = readJson(CONTAINERD_STATE) as ContainerdState | null;
  if (containerd?.ok && up('containerd') && containerd.address.replace(/^\/var\/run\//, '/run/') === sock) {
    viaContainerd(containerd);
    return;
  }
  if (sock === '/run/cri-dockerd.sock' && up('cri-docker')) {
    viaDocker(endpoint);
    return;
  }
  state.runtime = sock.includes('containerd') ? 'containerd' : sock.includes('docker') ? 'docker' : 'none';
  notReady(
    'RuntimeUnreachable',
    `connection error: desc = "transport: Error while dialing dial unix ${sock}: connect: no such file or directory"`,
  );
}

function viaContainerd(c: ContainerdState): void {
  state.runtime = 'containerd';
  // Docker's bundled config disables the CRI plugin: kubelet's calls find no such service.
  if (!c.cri.enabled) {
    const api = atLeast(state.version, '1.26') ? 'v1' : 'v1alpha2';
    notReady(
      'CRIDisabled',
      `rpc error: code = Unimplemented desc = unknown service runtime.${api}.RuntimeService (containerd: ${c.cri.why})`,
    );
    return;
  }
  state.containerRuntimeVersion = `containerd://${c.version}`;
  // containerd's runc SystemdCgroup must match kubelet's cgroupDriver (DESIGN.md).
  if (c.cri.systemdCgroup !== (state.cgroupDriver === 'systemd')) {
    // runc's words (libcontainer/specconv/spec_linux.go) when it expects a systemd slice and
    // gets kubelet's cgroupfs path; the other way round runc says nothing (the simulation is stricter).
    notReady(
      'CgroupDriverMismatch',
      c.cri.systemdCgroup
        ? 'failed to create containerd task: failed to create shim task: OCI runtime create failed: ' +
            'runc create failed: expected cgroupsPath to be of format "slice:prefix:name" for systemd ' +
            'cgroups, got "/kubepods/besteffort/pod0c9d/5f1e" instead: unknown'
        : `kubelet cgroupDriver is "${state.cgroupDriver}" but containerd's runc SystemdCgroup = false ` +
            `(simulated): pod sandboxes fail to start, the CNI pods with them`,
    );
    return;
  }
  // Every pod starts with the sandbox image, the CNI DaemonSet's too: unpullable, the
  // network plugin never comes up and the node stays NotReady.
  if (!canPull(c.cri.sandboxImage, c.cri, c.proxy ?? {}, REACHABLE_FILE)) {
    // The kubelet's network error (pkg/kubelet/kubelet.go updateRuntimeUp) joined with containerd's
    // (pkg/cri/server/sandbox_run.go, image_pull.go) for the last registry host it tried.
    const image = c.cri.sandboxImage;
    const host = pullHosts(registryOf(image), c.cri).at(-1) ?? registryOf(image);
    const name = image.startsWith(`${registryOf(image)}/`) ? image.slice(registryOf(image).length + 1) : image;
    const [path, tag = 'latest'] = name.includes(':')
      ? [name.slice(0, name.lastIndexOf(':')), name.slice(name.lastIndexOf(':') + 1)]
      : [name];
    notReady(
      'SandboxImageUnreachable',
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized,' +
        (`failed to get sandbox image "${image}": failed to pull image "${image}": ` +
          `failed to pull and unpack image "${image}": failed to resolve reference "${image}": `) +
        `failed to do request: Head "${host.startsWith('http://') ? '' : 'https://'}${host}/v2/${path}/manifests/${tag}": dial tcp: i/o timeout`,
    );
    return;
  }
  ready();
}

/** Dockershim (before 1.24, endpoint null) or cri-dockerd: both need dockerd. */
function viaDocker(endpoint: string | null): void {
  state.runtime = 'docker';
  state.endpoint = endpoint;
  if (!up('docker')) {
    notReady(
      'DockerUnreachable',
      `Cannot connect to the Docker daemon at ${DOCKER_SOCK}. Is the docker daemon running?`,
    );
    return;
  }
  const opts = (daemon?.['exec-opts'] ?? []) as string[];
  const dockerDriver = opts.map((o) => /^native\.cgroupdriver=(.+)$/.exec(o)?.[1]).find(Boolean) ?? 'cgroupfs';
  if (dockerDriver !== state.cgroupDriver) {
    const msg = `misconfiguration: kubelet cgroup driver: "${state.cgroupDriver}" is different from docker cgroup driver: "${dockerDriver}"`;
    // dockershim checks it at start and exits; cri-dockerd's pods fail instead.
    if (endpoint === null) throw new Error(`failed to run Kubelet: ${msg}`);
    notReady('CgroupDriverMismatch', msg);
    return;
  }
  state.containerRuntimeVersion = `docker://${run('docker', ['version', '--format', '{{.Server.Version}}']).out.trim() || node.dockerVersion}`;
  ready();
}

function ready(): void {
  state.ready = true;
  state.cause = 'Ready';
  state.message = 'kubelet is posting ready status';
}

function notReady(cause: Cause, message: string): void {
  state.ready = false;
  state.cause = cause;
  state.message = message;
}

/**
 * A control-plane node's static pods start on the runtime a Ready kubelet works
 * with (on containerd their images must be pullable: Docker's copies are not
 * there); otherwise those already running on a live runtime go on running.
 */
async function staticPods(node: NodeSpec): Promise<void> {
  const before = staticPodsRuntime();
  let runtime: Runtime | null = null;
  if (state.ready && state.runtime !== 'none') {
    const containerd = readJson(CONTAINERD_STATE) as ContainerdState | null;
    const pullable = (image: string) =>
      containerd !== null && canPull(image, containerd.cri, containerd.proxy ?? {}, REACHABLE_FILE);
    if (state.runtime === 'docker' || manifestImages().every(pullable)) runtime = state.runtime;
    else
      state.warnings.push(
        `static pods cannot start on containerd: their images cannot be pulled (${manifestImages().join(', ')})`,
      );
  }
  if (runtime === null && before !== null && up(before)) runtime = before;
  if (runtime !== before) await setStaticPods(node, runtime);
}

/** Posts Ready/NotReady, the runtime (when it answered) and the version to the control-plane stand-in. */
async function report(): Promise<void> {
  const base = readText(CONTROL_PLANE_FILE)?.trim();
  if (!base) return;
  const url = `${base}/sim/nodes/${encodeURIComponent(node.nodeName)}/status`;
  const body = {
    ready: state.ready,
    kubeletVersion: `v${state.version}`,
    ...(state.containerRuntimeVersion ? { runtime: state.containerRuntimeVersion } : {}),
    reason: state.ready ? 'KubeletReady' : 'KubeletNotReady',
    message: state.message,
  };
  try {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    state.report = { url, ok: res.ok, status: res.status };
  } catch (e) {
    // A kubelet that cannot reach the API server keeps running.
    state.report = { url, ok: false, error: (e as Error).message };
  }
}
