// By-hand migrations of simulated Docker-era nodes (test/sim/node): the node shapes the tests seed and
// the raw commands a person would run, no playbook. Shared by test/sim/node*.test.ts.
import { execFileSync } from 'node:child_process';
import { FLAGS_FILE, shell, type DockerNodeOptions } from './node/index.js';

/** The lab's real containerd version and dockerd's (e.g. 20.10.24+dfsg1, Debian's docker.io); read once the lab is up. */
export function realVersions(): { containerd: string; docker: string } {
  return {
    containerd: execFileSync('containerd', ['--version'], { encoding: 'utf8' }).split(/\s+/)[2]!,
    docker: /version ([^,\s]+)/.exec(execFileSync('dockerd', ['--version'], { encoding: 'utf8' }))![1]!,
  };
}

export const ENDPOINT = 'unix:///run/containerd/containerd.sock';
export const V119: DockerNodeOptions = {
  kubeletVersion: '1.19.11',
  flavour: 'rpm',
  cgroupDriver: 'cgroupfs',
  reachableRegistries: ['registry.k8s.io', 'k8s.gcr.io'],
};
export const V127: DockerNodeOptions = {
  kubeletVersion: '1.27.3',
  flavour: 'kubeadm',
  cgroupDriver: 'systemd',
  reachableRegistries: ['registry.k8s.io'],
};

/** `containerd config default` with the CRI plugin's sandbox image and runc's cgroup driver set. */
export const v2Config = (sandbox: string, systemdCgroup: boolean): string =>
  `containerd config default | sed -e 's|^\\( *\\)SystemdCgroup = .*|\\1SystemdCgroup = ${systemdCgroup}|' -e ` +
  `'s|^\\( *\\)sandbox_image = .*|\\1sandbox_image = "${sandbox}"|' > /etc/containerd/config.toml`;

/** A by-hand migration: kubelet and Docker stopped, containerd reconfigured, the kubelet flags replaced, restarted. */
export async function migrate(
  host: string,
  opts: DockerNodeOptions,
  step: { config: string; flags: string; more?: string },
): Promise<{ containerd: string; kubelet: string }> {
  const { path, variable } = FLAGS_FILE[opts.flavour as keyof typeof FLAGS_FILE];
  const steps = [
    'systemctl stop kubelet',
    'systemctl disable --now docker 2>/dev/null',
    step.config,
    `sed -i 's|^${variable}=.*|${variable}="${step.flags}"|' ${path}`,
    step.more ?? '',
    'systemctl restart containerd',
    'systemctl start kubelet',
  ];
  const r = await shell(host, `{\n${steps.join('\n')}\n} >&2\nsystemctl is-active containerd kubelet`);
  const [containerd = '', kubelet = ''] = r.out.trim().split('\n');
  return { containerd, kubelet };
}
