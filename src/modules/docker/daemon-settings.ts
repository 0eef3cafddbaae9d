// What Docker did for a node that containerd must now do (DESIGN.md, "Docker
// settings and containerd's equivalents"): daemon.json and docker.service's
// proxy drop-in, turned into containerd's registry hosts.toml entries and proxy
// environment — and what cannot be carried, with what to do about it, so
// nothing is silently dropped. Pure functions.

/** One hosts.toml: containerd tries each mirror in order, then `server`. */
export interface RegistryHosts {
  registry: string;
  server: string;
  mirrors: string[];
  /** TLS without verifying the certificate, for `server` and every mirror (Docker's insecure-registries). */
  skip_verify?: boolean;
}

export interface NotCarried {
  setting: string;
  value: string;
  what: string;
}

export interface DockerSettings {
  registries: RegistryHosts[];
  proxy: Record<string, string>;
  cgroup_driver: string;
  log_max_size: string;
  log_max_file: string;
  not_carried: NotCarried[];
}

const DOCKER_HUB = 'https://registry-1.docker.io';

/** daemon.json (parsed) + docker.service's environment + the playbook's own registries → settings for containerd. */
export function dockerSettings(
  daemon: Record<string, unknown>,
  serviceEnv: Record<string, string>,
  extra: RegistryHosts[],
): DockerSettings {
  const notCarried: NotCarried[] = [];
  const list = (key: string) => (Array.isArray(daemon[key]) ? (daemon[key] as unknown[]).map(String) : []);

  const registries: RegistryHosts[] = [];
  const mirrors = list('registry-mirrors');
  if (mirrors.length > 0) registries.push({ registry: 'docker.io', server: DOCKER_HUB, mirrors });
  for (const entry of list('insecure-registries')) {
    // A CIDR (10.0.0.0/8) trusts every registry in a network: containerd's hosts.toml names registries one by one.
    if (entry.includes('/')) {
      notCarried.push({
        setting: 'insecure-registries',
        value: JSON.stringify(entry),
        what: 'containerd has no network-wide trust: add a containerd_registry_mirrors entry with skip_verify: true for each registry in that network',
      });
      continue;
    }
    const host = entry.replace(/^https?:\/\//, '');
    // Docker tries TLS without verification, then plain HTTP: both, in that order.
    registries.push({ registry: host, server: `https://${host}`, mirrors: [`http://${host}`], skip_verify: true });
  }
  for (const r of extra) merge(registries, r);

  const ignored: [string, (v: unknown) => string][] = [
    [
      'data-root',
      (v) =>
        `containerd keeps its own data in /var/lib/containerd; ${String(v)} is left as it is (images there are Docker's, not containerd's)`,
    ],
    [
      'graph',
      (v) =>
        `the old name of data-root: containerd keeps its own data in /var/lib/containerd; ${String(v)} is left as it is`,
    ],
    [
      'default-runtime',
      (v) =>
        `set the runtime for containerd: a [plugins."io.containerd.grpc.v1.cri".containerd] ` +
        `default_runtime_name = "${String(v)}" with its runtimes entry in /etc/containerd/config.toml ` +
        `(e.g. the nvidia-container-toolkit's \`nvidia-ctk runtime configure --runtime=containerd\`)`,
    ],
    [
      'runtimes',
      () =>
        'declare each runtime under [plugins."io.containerd.grpc.v1.cri".containerd.runtimes] in /etc/containerd/config.toml',
    ],
    ['live-restore', () => 'nothing to carry: containerd keeps containers running across its own restarts (its shims)'],
    ['storage-driver', (v) => `containerd uses its own snapshotter (overlayfs by default), not Docker's ${String(v)}`],
  ];
  for (const [key, what] of ignored) {
    if (daemon[key] !== undefined && daemon[key] !== false)
      notCarried.push({ setting: key, value: JSON.stringify(daemon[key]), what: what(daemon[key]) });
  }

  const logOpts = (daemon['log-opts'] ?? {}) as Record<string, unknown>;
  const driver =
    list('exec-opts')
      .map((o) => /^native\.cgroupdriver=(.+)$/.exec(o)?.[1])
      .find(Boolean) ?? 'cgroupfs';
  return {
    registries,
    proxy: Object.fromEntries(Object.entries(serviceEnv).filter(([k]) => /^(https?|no)_proxy$/i.test(k))),
    cgroup_driver: driver,
    log_max_size: logOpts['max-size'] === undefined ? '' : String(logOpts['max-size']),
    log_max_file: logOpts['max-file'] === undefined ? '' : String(logOpts['max-file']),
    not_carried: notCarried,
  };
}

/** The playbook's entry for a registry joins Docker's: its server wins, mirrors add up (its own first). */
function merge(into: RegistryHosts[], r: RegistryHosts): void {
  const same = into.find((x) => x.registry === r.registry);
  if (!same) {
    into.push({ ...r, mirrors: [...(r.mirrors ?? [])] });
    return;
  }
  same.server = r.server ?? same.server;
  same.mirrors = [...new Set([...(r.mirrors ?? []), ...same.mirrors])];
  if (r.skip_verify !== undefined) same.skip_verify = r.skip_verify;
}
