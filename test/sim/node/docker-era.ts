// SIMULATION, test support only: the files of a Kubernetes node still on Docker, as
// its packages and kubeadm leave them — units, kubelet flags (per packaging
// flavour), KubeletConfiguration, daemon.json, Docker's bundled containerd config —
// and the kubelet and docker stand-in commands. seed.ts writes them on a lab host.
import type { Flavour } from './host/state.js';

export interface DockerNodeOptions {
  /** e.g. '1.19.11', '1.23.17', '1.27.3'. */
  kubeletVersion: string;
  /** Where kubelet's flags live (DESIGN.md, "Facts for the migration"). */
  flavour: Flavour;
  cgroupDriver: 'systemd' | 'cgroupfs';
  /** daemon.json log-opts, e.g. { maxSize: '100m', maxFile: '5' }. */
  logOpts?: { maxSize?: string; maxFile?: string };
  /** Registry hosts the node can pull from, e.g. ['registry.k8s.io'] or ['registry.aliyuncs.com']. */
  reachableRegistries: string[];
  /** Default 20.10.24. */
  dockerVersion?: string;
  /** kubelet's --pod-infra-container-image; default the pause image kubeadm of that version used. */
  podInfraImage?: string;
  /** A kubeadm control-plane node: its API server, etcd, scheduler and controller manager are static pods here. */
  controlPlane?: boolean;
  /** More of /etc/docker/daemon.json: registry-mirrors, insecure-registries, data-root, live-restore… */
  daemonJson?: Record<string, unknown>;
  /** A docker.service drop-in's proxy environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). */
  dockerProxy?: Record<string, string>;
  /** Images Docker holds beyond its pause image, the pods' default image and (control plane) its static pods'. */
  dockerImages?: string[];
  /** host:port of the lab registry that serves the pulls of reachable registries (test/sim/node/host/pull.ts). */
  upstreamRegistry?: string;
}

/** The default image of the control-plane stand-in's pods (test/sim/control-plane/objects.ts). */
const POD_IMAGE = 'registry.k8s.io/pause:3.9';

/** What Docker holds on the node: the images of what ran there. */
export function dockerImages(opts: DockerNodeOptions): string[] {
  return [
    ...new Set([
      podInfraImage(opts),
      POD_IMAGE,
      ...(opts.controlPlane ? controlPlaneImages(opts) : []),
      ...(opts.dockerImages ?? []),
    ]),
  ];
}

/** The env file and variable that carry the Docker-era kubelet flags, per flavour ('inline' has none). */
export const FLAGS_FILE: Record<Exclude<Flavour, 'inline'>, { path: string; variable: string }> = {
  rpm: { path: '/etc/sysconfig/kubelet', variable: 'KUBELET_EXTRA_ARGS' },
  deb: { path: '/etc/default/kubelet', variable: 'KUBELET_EXTRA_ARGS' },
  kubeadm: { path: '/var/lib/kubelet/kubeadm-flags.env', variable: 'KUBELET_KUBEADM_ARGS' },
  kubespray: { path: '/etc/kubernetes/kubelet.env', variable: 'KUBELET_ARGS' },
};

export const KUBELET_CONFIG = '/var/lib/kubelet/config.yaml';
/** Kubespray keeps its KubeletConfiguration elsewhere (DESIGN.md, "Facts for the clusters people actually run"). */
export const KUBESPRAY_KUBELET_CONFIG = '/etc/kubernetes/kubelet-config.yaml';

export function kubeletConfigPath(opts: DockerNodeOptions): string {
  return opts.flavour === 'kubespray' ? KUBESPRAY_KUBELET_CONFIG : KUBELET_CONFIG;
}

/** The images of a kubeadm control plane's static pods, at the kubelet's version. */
export function controlPlaneImages(opts: DockerNodeOptions): string[] {
  return ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']
    .map((c) => `registry.k8s.io/${c}:v${opts.kubeletVersion}`)
    .concat('registry.k8s.io/etcd:3.5.7-0');
}
export const CRI_DOCKERD_SOCKET = 'unix:///var/run/cri-dockerd.sock';

const minor = (v: string): number => Number(v.split('.')[1] ?? 0);

export function podInfraImage(opts: DockerNodeOptions): string {
  if (opts.podInfraImage) return opts.podInfraImage;
  const m = minor(opts.kubeletVersion);
  return m < 22 ? 'k8s.gcr.io/pause:3.2' : m < 25 ? 'k8s.gcr.io/pause:3.6' : 'registry.k8s.io/pause:3.9';
}

/**
 * The kubelet flags of a Docker-era node. Before 1.24 kubelet's built-in dockershim
 * talks to Docker (no --container-runtime: docker is the default). From 1.24 there
 * is no dockershim: a node still on Docker goes through cri-dockerd.
 */
export function dockerEraFlags(opts: DockerNodeOptions): string {
  const image = `--pod-infra-container-image=${podInfraImage(opts)}`;
  const m = minor(opts.kubeletVersion);
  if (m < 24) return `--network-plugin=cni ${image}`;
  return `${m < 27 ? '--container-runtime=remote ' : ''}--container-runtime-endpoint=${CRI_DOCKERD_SOCKET} ${image}`;
}

/** The node's cri-socket annotation, as kubeadm set it. */
export function criSocket(opts: DockerNodeOptions): string {
  return minor(opts.kubeletVersion) < 24 ? '/var/run/dockershim.sock' : CRI_DOCKERD_SOCKET;
}

export function usesCriDockerd(opts: DockerNodeOptions): boolean {
  return minor(opts.kubeletVersion) >= 24;
}

const unit = (description: string, service: string[]): string =>
  `# SIMULATION: runbook lab unit (test/sim/node); /etc/sim-systemd/ holds its start ` +
  `hook\n[Unit]\nDescription=${description}\n\n[Service]\n${service.join('\n')}\n\n[Install]\nWantedBy=multi-user.target\n`;

/** Host path → content of every file a Docker-era node has (mode 0644 unless said). */
export function dockerEraFiles(opts: DockerNodeOptions): Record<string, { content: string; mode?: number }> {
  const logOpts = opts.logOpts
    ? {
        'log-opts': {
          ...(opts.logOpts.maxSize ? { 'max-size': opts.logOpts.maxSize } : {}),
          ...(opts.logOpts.maxFile ? { 'max-file': opts.logOpts.maxFile } : {}),
        },
      }
    : {};
  const files: Record<string, { content: string; mode?: number }> = {
    '/etc/systemd/system/containerd.service': {
      content: unit('containerd container runtime', ['ExecStart=/usr/bin/containerd', 'Restart=always']),
    },
    '/etc/systemd/system/docker.service': {
      content: unit('Docker Application Container Engine', [
        'ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock',
        'Restart=always',
      ]),
    },
    ...kubeletUnitFiles(opts),
    [kubeletConfigPath(opts)]: {
      content: [
        'apiVersion: kubelet.config.k8s.io/v1beta1',
        'kind: KubeletConfiguration',
        'authentication:',
        '  anonymous:',
        '    enabled: false',
        `cgroupDriver: ${opts.cgroupDriver}`,
        'clusterDNS:',
        '- 10.96.0.10',
        'clusterDomain: cluster.local',
        'rotateCertificates: true',
        'staticPodPath: /etc/kubernetes/manifests',
        '',
      ].join('\n'),
    },
    '/etc/docker/daemon.json': {
      content: `${JSON.stringify(
        {
          ...(opts.cgroupDriver === 'systemd' ? { 'exec-opts': ['native.cgroupdriver=systemd'] } : {}),
          'log-driver': 'json-file',
          ...logOpts,
          ...opts.daemonJson,
        },
        null,
        2,
      )}\n`,
    },
    // What Docker's containerd.io package ships: the CRI plugin is off.
    '/etc/containerd/config.toml': {
      content:
        '#   Copyright 2018-2022 Docker Inc.\n\n#   Licensed under the Apache License, ' +
        'Version 2.0 (the "License");\n\ndisabled_plugins = ["cri"]\n\n#root = ' +
        '"/var/lib/containerd"\n#state = "/run/containerd"\n#subreaper = true\n#oom_score = ' +
        '0\n\n#[grpc]\n#  address = "/run/containerd/containerd.sock"\n#  uid = 0\n#  gid = 0\n',
    },
    '/usr/local/bin/kubelet': { content: kubeletStandIn(opts.kubeletVersion), mode: 0o755 },
  };
  if (opts.dockerProxy) {
    // Docker's documented way: a drop-in with the proxy environment for dockerd.
    const env = Object.entries(opts.dockerProxy)
      .map(([k, v]) => `"${k}=${v}"`)
      .join(' ');
    files['/etc/systemd/system/docker.service.d/http-proxy.conf'] = { content: `[Service]\nEnvironment=${env}\n` };
  }
  if (usesCriDockerd(opts)) {
    files['/etc/systemd/system/cri-docker.service'] = {
      content: unit('CRI Interface for Docker Application Container Engine', [
        'ExecStart=/usr/bin/cri-dockerd --container-runtime-endpoint fd://',
      ]),
    };
  }
  if (opts.controlPlane) {
    for (const image of controlPlaneImages(opts)) {
      const name = /\/([a-z-]+):/.exec(image)![1]!;
      files[`/etc/kubernetes/manifests/${name}.yaml`] = {
        content:
          `# SIMULATION: a kubeadm static pod manifest (only its image is read)\napiVersion: v1\nkind: ` +
          `Pod\nmetadata:\n  name: ${name}\n  namespace: kube-system\nspec:\n  hostNetwork: ` +
          `true\n  containers:\n  - name: ${name}\n    image: ${image}\n`,
      };
    }
  }
  return files;
}

/** kubelet's unit, its drop-ins and its flag files, per flavour. */
function kubeletUnitFiles(opts: DockerNodeOptions): Record<string, { content: string }> {
  const kubelet = (service: string[]) => ({
    '/etc/systemd/system/kubelet.service': { content: unit('kubelet: The Kubernetes Node Agent', service) },
  });
  if (opts.flavour === 'inline') {
    // Flags written in the unit itself: no env file to edit.
    return kubelet([
      `ExecStart=/usr/local/bin/kubelet --kubeconfig=/etc/kubernetes/kubelet.conf --config=${KUBELET_CONFIG} ${dockerEraFlags(opts)}`,
      'Restart=always',
    ]);
  }
  if (opts.flavour === 'kubespray') {
    // Kubespray's kubelet.service and kubelet.env (roles/kubernetes/node/templates).
    return {
      ...kubelet([
        'User=root',
        `EnvironmentFile=-${FLAGS_FILE.kubespray.path}`,
        'ExecStart=/usr/local/bin/kubelet \\',
        ...[
          'KUBE_LOGTOSTDERR',
          'KUBE_LOG_LEVEL',
          'KUBELET_API_SERVER',
          'KUBELET_ADDRESS',
          'KUBELET_PORT',
          'KUBELET_HOSTNAME',
          'KUBELET_ARGS',
          'DOCKER_SOCKET',
          'KUBELET_NETWORK_PLUGIN',
          'KUBELET_VOLUME_PLUGIN',
        ].map((v) => `\t\t$${v} \\`),
        '\t\t$KUBELET_CLOUDPROVIDER',
        'Restart=always',
        'RestartSec=10s',
      ]),
      [FLAGS_FILE.kubespray.path]: { content: kubesprayEnv(opts) },
    };
  }
  const flags = FLAGS_FILE[opts.flavour];
  const extraArgsFile = opts.flavour === 'rpm' ? FLAGS_FILE.rpm.path : FLAGS_FILE.deb.path;
  return {
    ...kubelet(['ExecStart=/usr/local/bin/kubelet', 'Restart=always', 'RestartSec=10']),
    // kubeadm's drop-in: where kubelet's flags come from (unit.ts expands it).
    '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf': {
      content: [
        "# SIMULATION: kubeadm's drop-in for kubelet, as its packages install it",
        '[Service]',
        'Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"',
        `Environment="KUBELET_CONFIG_ARGS=--config=${KUBELET_CONFIG}"`,
        `EnvironmentFile=-${FLAGS_FILE.kubeadm.path}`,
        `EnvironmentFile=-${extraArgsFile}`,
        'ExecStart=',
        'ExecStart=/usr/local/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS',
        '',
      ].join('\n'),
    },
    [flags.path]: { content: `${flags.variable}="${dockerEraFlags(opts)}"\n` },
    ...(opts.flavour === 'kubeadm' ? { [FLAGS_FILE.deb.path]: { content: 'KUBELET_EXTRA_ARGS=\n' } } : {}),
  };
}

/** Kubespray's kubelet.env on Docker: KUBELET_ARGS over several backslash-joined lines. */
function kubesprayEnv(opts: DockerNodeOptions): string {
  const m = minor(opts.kubeletVersion);
  const runtime =
    m < 24
      ? []
      : [...(m < 27 ? ['--container-runtime=remote'] : []), `--container-runtime-endpoint=${CRI_DOCKERD_SOCKET}`];
  const args = [
    '--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf',
    `--config=${KUBESPRAY_KUBELET_CONFIG}`,
    '--kubeconfig=/etc/kubernetes/kubelet.conf',
    `--pod-infra-container-image=${podInfraImage(opts)}`,
    ...runtime,
    '--runtime-cgroups=/systemd/system.slice',
  ];
  return [
    "# SIMULATION: Kubespray's kubelet.env (roles/kubernetes/node/templates/kubelet.env.v1beta1.j2)",
    'KUBE_LOGTOSTDERR="--logtostderr=true"',
    'KUBE_LOG_LEVEL="--v=2"',
    '',
    `KUBELET_ARGS="${args.map((a) => `${a} \\`).join('\n')}\n  "`,
    `KUBELET_NETWORK_PLUGIN="${m < 24 ? '--network-plugin=cni --cni-conf-dir=/etc/cni/net.d --cni-bin-dir=/opt/cni/bin' : ''}"`,
    'KUBELET_VOLUME_PLUGIN="--volume-plugin-dir=/usr/libexec/kubernetes/kubelet-plugins/volume/exec"',
    'KUBELET_CLOUDPROVIDER=""',
    '',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '',
  ].join('\n');
}

function kubeletStandIn(version: string): string {
  return `#!/bin/sh
# SIMULATION, NOT KUBELET: runbook lab stand-in (test/sim/node/docker-era.ts). It only
# answers --version; what the real kubelet would do at start is decided by the unit's
# start hook, /etc/sim-systemd/kubelet.start.
case "$*" in
  --version) echo "Kubernetes v${version}" ;;
  *) echo "kubelet (simulated): only --version is answered here; start it with systemctl" >&2; exit 1 ;;
esac
`;
}
