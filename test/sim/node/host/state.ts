// SIMULATION, test support only: where the simulated Docker-era node keeps its
// settings and what its start hooks record. Shared by the hook programs (run on
// the lab hosts with node) and the test side (type imports only, no side effects).

/** Written by seedDockerNode; the hooks only read it. */
export const ETC = '/etc/sim-node';
/** What the hooks record at each start (a tmpfs per host: gone with the lab). */
export const RUN = '/run/sim-node';
/** Where seedDockerNode copies the hook programs. */
export const LIB = '/usr/local/lib/sim-node';

export const NODE_FILE = `${ETC}/node.json`;
/** One registry host a line (`registry.k8s.io`, `docker.io`, `127.0.0.1:5000`). */
export const REACHABLE_FILE = `${ETC}/reachable-registries`;
/** host:port of the lab's registry that stands in for the internet's registries (pull.ts); absent: none. */
export const UPSTREAM_FILE = `${ETC}/upstream-registry`;
/** The control-plane stand-in's base URL, e.g. http://127.0.0.1:41234. */
export const CONTROL_PLANE_FILE = `${ETC}/control-plane-url`;
export const CONTAINERD_STATE = `${RUN}/containerd.json`;
export const KUBELET_STATE = `${RUN}/kubelet.json`;
/** What the simulated kubelet's pod worker (pod-sync.ts) last did. */
export const PODS_STATE = `${RUN}/pods.json`;
/** Which runtime runs this control-plane node's static pods (the API server among them), if any. */
export const STATIC_PODS_STATE = `${RUN}/static-pods.json`;
/** kubeadm's static pod manifests: a node with them runs the control plane. */
export const MANIFESTS = '/etc/kubernetes/manifests';

/**
 * Where kubelet's flags live: the RPM or DEB package's env file, kubeadm's
 * kubeadm-flags.env, Kubespray's kubelet.env (its own unit, no drop-in), or
 * written inline in the unit's ExecStart= (no env file at all).
 */
export type Flavour = 'rpm' | 'deb' | 'kubeadm' | 'kubespray' | 'inline';

/** /etc/sim-node/node.json */
export interface NodeSpec {
  /** The Node's name in the control plane (the lab host's name). */
  nodeName: string;
  flavour: Flavour;
  dockerVersion: string;
  /** kubeadm control plane: the API server runs as a static pod on this node's runtime. */
  controlPlane?: boolean;
}

/** /run/sim-node/static-pods.json */
export interface StaticPodsState {
  at: string;
  /** The runtime the static pods run on; null: they are not running (no API server here). */
  runtime: Runtime | null;
}

/** /run/sim-node/containerd.json, written by every containerd start. */
export interface ContainerdState {
  at: string;
  /** false: `containerd config dump` failed, or the real containerd did not start; the unit is failed. */
  ok: boolean;
  error?: string;
  /** The real containerd's PID. */
  pid?: number;
  /** Third word of `containerd --version`, e.g. "1.6.20~ds1". */
  version: string;
  /** null when /etc/containerd/config.toml is missing (containerd then runs on its defaults). */
  configFile: string | null;
  /** `version` of the dumped config (containerd 1.x dumps 2, 2.x dumps 3). */
  configVersion: number;
  /** grpc.address: the socket kubelet must name. */
  address: string;
  cri: CriState;
  /** HTTP_PROXY, HTTPS_PROXY, NO_PROXY from containerd.service's environment (its drop-ins). */
  proxy: Record<string, string>;
}

export interface CriState {
  /** Loaded: what the running containerd says of its CRI plugin (`ctr plugins ls`: ok). */
  enabled: boolean;
  /** Why not, as containerd logs it. */
  why?: string;
  sandboxImage: string;
  /** runc options SystemdCgroup of the default runtime. */
  systemdCgroup: boolean;
  /** registry config_path ("" when unset). */
  configPath: string;
  /** Deprecated registry.mirrors: registry host -> endpoints. */
  mirrors: Record<string, string[]>;
}

export type Runtime = 'docker' | 'containerd' | 'none';

/** Why the node is (not) Ready, one code per rule of kubelet.ts. */
export type Cause =
  | 'Ready'
  /** The real kubelet would exit: see `crashed`. */
  | 'Crashed'
  | 'NoRuntimeEndpoint'
  | 'RuntimeUnreachable'
  | 'DockerUnreachable'
  | 'CRIDisabled'
  | 'CgroupDriverMismatch'
  | 'SandboxImageUnreachable';

/** /run/sim-node/kubelet.json, written by every kubelet start (also one that crashes). */
export interface KubeletState {
  at: string;
  /** From `<ExecStart binary> --version`, e.g. "1.19.11". */
  version: string;
  /** argv as systemd would exec it (unit + drop-ins + EnvironmentFiles). */
  argv: string[];
  /** The KubeletConfiguration's top-level scalars, as read at start (kubelet reads it once). */
  config: Record<string, string>;
  /** Set when the real kubelet would exit: the unit is failed, nothing is reported. */
  crashed?: string;
  runtime: Runtime;
  /** The CRI endpoint in force, or null (dockershim without one). */
  endpoint: string | null;
  cgroupDriver: string;
  ready: boolean;
  cause: Cause;
  message: string;
  /** What the node reports as nodeInfo.containerRuntimeVersion; null when the runtime did not answer. */
  containerRuntimeVersion: string | null;
  warnings: string[];
  logs: LogCarry;
  report?: { url: string; ok: boolean; status?: number; error?: string };
}

/** Docker's log rotation (daemon.json log-opts) against kubelet's container log flags. */
export interface LogCarry {
  docker: { maxSize?: string; maxFile?: string } | null;
  kubelet: { maxSize: string | null; maxFiles: string | null };
  /** null when daemon.json had no log-opts; true when kubelet's values mean the same bytes and count. */
  carried: boolean | null;
  why?: string;
}

/** /run/sim-node/pods.json, written by the pod worker after each pass. */
export interface PodsState {
  at: string;
  runtime: 'docker' | 'containerd' | null;
  /** namespace/name of the pods running as containers in that runtime. */
  running: string[];
  /** Pods that could not start, and why. */
  waiting: { pod: string; why: string }[];
}
