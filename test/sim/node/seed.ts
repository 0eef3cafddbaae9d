// SIMULATION, test support only: makes a lab host look like a Kubernetes node on
// Docker, with start hooks that decide like the real daemons from the host's real
// files (host/*.ts), and its Node in the control-plane stand-in. Anything an earlier
// seed or migration left on the host is removed first, so tests can re-seed.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterState, type ControlPlane } from '../control-plane/index.js';
import { lab } from '../../lab/shared.js';
import { criSocket, dockerEraFiles, dockerImages, usesCriDockerd, type DockerNodeOptions } from './docker-era.js';
import {
  CONTAINERD_STATE,
  CONTROL_PLANE_FILE,
  ETC,
  KUBELET_STATE,
  LIB,
  NODE_FILE,
  REACHABLE_FILE,
  RUN,
  UPSTREAM_FILE,
  type ContainerdState,
  type KubeletState,
  type NodeSpec,
} from './host/state.js';
import { sh, writeFilesScript } from './remote.js';
import { shellQuoteValue as q } from '../../../src/quote.js';

export const CRI_SOCKET_ANNOTATION = 'kubeadm.alpha.kubernetes.io/cri-socket';
const UNITS = ['kubelet', 'docker', 'containerd', 'cri-docker'];
/** The compiled hook programs (tsc puts host/*.ts beside this file in dist/). */
const HOST_DIR = fileURLToPath(new URL('./host/', import.meta.url));

export interface SeededNode {
  host: string;
  nodeName: string;
  opts: DockerNodeOptions;
}

export async function seedDockerNode(
  host: string,
  opts: DockerNodeOptions,
  controlPlane: ControlPlane,
): Promise<SeededNode> {
  const nodeName = host;
  const spec: NodeSpec = {
    nodeName,
    flavour: opts.flavour,
    dockerVersion: opts.dockerVersion ?? '20.10.24',
    ...(opts.controlPlane ? { controlPlane: true } : {}),
  };
  const files = {
    ...dockerEraFiles(opts),
    ...hookPrograms(),
    [NODE_FILE]: { content: `${JSON.stringify(spec, null, 2)}\n` },
    [REACHABLE_FILE]: { content: opts.reachableRegistries.map((r) => `${r}\n`).join('') },
    ...(opts.upstreamRegistry ? { [UPSTREAM_FILE]: { content: `${opts.upstreamRegistry}\n` } } : {}),
    [CONTROL_PLANE_FILE]: { content: `${controlPlane.url}\n` },
    ...Object.fromEntries(
      ['containerd', 'docker', 'kubelet'].map((u) => [
        `/etc/sim-systemd/${u}.start`,
        { content: hook(u), mode: 0o755 },
      ]),
    ),
    '/etc/sim-systemd/docker.stop': { content: hook('docker-stop', 'stop'), mode: 0o755 },
  };
  registerNode(controlPlane, host, opts);
  const units = usesCriDockerd(opts)
    ? ['containerd', 'docker', 'cri-docker', 'kubelet']
    : ['containerd', 'docker', 'kubelet'];
  const steps = [
    resetScript(),
    writeFilesScript(files),
    'systemctl daemon-reload',
    `systemctl enable ${units.join(' ')} 2>/dev/null`,
    'systemctl start containerd',
    'systemctl start docker || { tail -n 20 /run/sim-systemd/docker.journal; exit 1; }',
    importImagesScript(dockerImages(opts)),
    ...units.slice(2).map((u) => `systemctl start ${u}`),
  ];
  const kubelet = await sh(host, `{\n${steps.join('\n')}\n} >&2\ncat ${KUBELET_STATE} 2>/dev/null || echo null`);
  const state = JSON.parse(kubelet) as KubeletState | null;
  if (!state?.ready) throw new Error(`seedDockerNode ${host}: kubelet is not Ready: ${kubelet}`);
  return { host, nodeName, opts };
}

/** What the hooks recorded at their last start; null where a hook never ran. */
export async function readSimNode(
  host: string,
): Promise<{ containerd: ContainerdState | null; kubelet: KubeletState | null }> {
  const out = await sh(
    host,
    `for f in ${CONTAINERD_STATE} ${KUBELET_STATE}; do cat "$f" 2>/dev/null || echo null; echo '\x1e'; done`,
  );
  const [containerd = 'null', kubelet = 'null'] = out.split('\x1e\n');
  return {
    containerd: JSON.parse(containerd) as ContainerdState | null,
    kubelet: JSON.parse(kubelet) as KubeletState | null,
  };
}

/** The Node as kubeadm registered it on Docker; the kubelet hook then keeps its status. */
function registerNode(cp: ControlPlane, host: string, opts: DockerNodeOptions): void {
  let node = cp.state.nodes.find((n) => n.name === host);
  if (!node) {
    const address = lab().hosts.find((h) => h.name === host)?.address;
    node = clusterState({ nodes: [{ name: host, ...(address ? { address } : {}) }] }).nodes[0]!;
    cp.state.nodes.push(node);
  }
  node.annotations = { ...node.annotations, [CRI_SOCKET_ANNOTATION]: criSocket(opts) };
  cp.setNode(host, {
    ready: true,
    runtime: `docker://${opts.dockerVersion ?? '20.10.24'}`,
    kubeletVersion: `v${opts.kubeletVersion}`,
  });
}

function hook(program: string, when = 'start'): string {
  return `#!/bin/sh\n# SIMULATION: ${when} hook of a lab unit (test/sim/node/host/${program}.ts).\nexec node ${LIB}/${program}.js "$@"\n`;
}

function hookPrograms(): Record<string, { content: string }> {
  const programs = readdirSync(HOST_DIR).filter((f) => f.endsWith('.js'));
  return {
    [`${LIB}/package.json`]: { content: '{ "type": "module" }\n' },
    ...Object.fromEntries(
      programs.map((f) => [
        `${LIB}/${f}`,
        { content: readFileSync(`${HOST_DIR}${f}`, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n') },
      ]),
    ),
  };
}

/**
 * What ran on the node: every image its pods use, in the REAL Docker. There is no
 * registry to pull from, so each is a busybox-static root file system imported under
 * the image's name (one import, then tags); its command ends at SIGTERM, as a pod's
 * main process should. It naps an hour at a time, not a second: a cluster's pods
 * each forking a `sleep` every second cost CPU the rest of the suite needs; the trap
 * still ends it at once (`wait` returns on the signal), and the nap dies with the
 * container's PID namespace.
 */
function importImagesScript(images: string[]): string {
  const [first, ...rest] = images;
  if (!first) return ':';
  const cmd = JSON.stringify(['/bin/sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done']);
  return [
    'rootfs=$(mktemp -d) && mkdir -p "$rootfs/bin" "$rootfs/etc" && cp /bin/busybox "$rootfs/bin/" || exit 1',
    'for a in sh sleep ls cat echo true wget; do ln -s busybox "$rootfs/bin/$a"; done',
    `tar -C "$rootfs" -c . | docker import -c ${q(`CMD ${cmd}`)} - ${q(first)} >/dev/null || exit 1`,
    ...rest.map((i) => `docker tag ${q(first)} ${q(i)} || exit 1`),
    'rm -rf "$rootfs"',
  ].join('\n');
}

/**
 * Takes the node's real runtimes down: kubelet (its pod worker), containerd's k8s.io
 * tasks (they outlive containerd, under their shims), docker (its containers with
 * it) and containerd; then whatever of them is still left on this host — inside a
 * lab host only its own processes are visible, so matching by executable is safe
 * here — their mounts, and their data.
 */
function runtimeResetScript(): string {
  return [
    'systemctl stop kubelet 2>/dev/null',
    'if [ -S /run/containerd/containerd.sock ] && ctr --connect-timeout 2s version >/dev/null 2>&1; ' +
      'then for id in $(ctr -n k8s.io tasks ls -q); do ctr -n k8s.io tasks delete --force "$id"; done; ' +
      'for id in $(ctr -n k8s.io containers ls -q); do ctr -n k8s.io containers delete "$id"; done; ' +
      'fi >/dev/null 2>&1',
    'for u in cri-docker docker containerd; do systemctl stop $u; done 2>/dev/null',
    'for p in /proc/[0-9]*; do case "$(readlink "$p/exe" 2>/dev/null)" in ' +
      '*/containerd-shim*|*/dockerd|*/containerd|*/runc) kill -9 "${p#/proc/}" 2>/dev/null;; esac; done',
    `awk '$5 ~ "^/(var/lib/docker|var/lib/containerd|run/containerd|run/docker|run/netns)/" {print $5}' ` +
      `/proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m"; done`,
    'rm -rf /var/lib/docker/* /var/lib/containerd/* /run/containerd /run/docker /run/docker.sock /var/run/docker.pid',
  ].join('\n');
}

function resetScript(): string {
  const paths = [
    ...UNITS.map((u) => `/etc/systemd/system/${u}.service`),
    ...UNITS.map((u) => `/etc/systemd/system/multi-user.target.wants/${u}.service`),
    ...UNITS.map((u) => `/etc/sim-systemd/${u}.start`),
    ...UNITS.map((u) => `/etc/sim-systemd/${u}.stop`),
    '/etc/systemd/system/kubelet.service.d',
    '/etc/systemd/system/docker.service.d',
    '/etc/systemd/system/containerd.service.d',
    '/etc/sysconfig/kubelet',
    '/etc/default/kubelet',
    '/var/lib/kubelet',
    '/etc/kubernetes',
    '/etc/docker',
    '/etc/containerd',
    '/etc/crictl.yaml',
    '/usr/local/bin/kubelet',
    ETC,
    RUN,
    LIB,
  ];
  return [
    runtimeResetScript(),
    `rm -rf ${paths.join(' ')}`,
    `rm -f ${UNITS.map((u) => `/run/sim-systemd/${u}.*`).join(' ')}`,
  ].join('\n');
}

/**
 * Pushes every image the node's Docker holds to the lab registry that stands in for
 * the internet (host/pull.ts), under "<registry>/<image's full name>".
 */
export async function pushImagesUpstream(host: string, registry: string): Promise<void> {
  await sh(
    host,
    `for img in $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -v '^${registry}/'); do
  first=\${img%%/*}
  if [ "$first" = "$img" ]; then full=docker.io/library/$img
  else case "$first" in *.* | *:* | localhost) full=$img ;; *) full=docker.io/$img ;; esac; fi
  docker tag "$img" "${registry}/$full" && docker push "${registry}/$full" >/dev/null && docker rmi "${registry}/$full" >/dev/null || exit 1
done`,
  );
}
