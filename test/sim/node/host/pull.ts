// How an image the node's containerd lacks gets there, as the CRI plugin would pull
// it — for REAL where the lab can, SIMULATED where it cannot:
//   - a registry the node reaches through a hosts.toml mirror (the playbook wrote it
//     under the CRI config_path) is pulled for real with that hosts.toml: `ctr images
//     pull --hosts-dir`. The lab's real registry serves such mirrors (test/lab/registry.ts);
//   - any other registry is the internet, which the lab has none of. Where the node's
//     simulated network reaches it (registry.ts: canPull), the pull is SIMULATED by a
//     real pull of the same name from the lab's registry, where the cluster's start
//     pushed every image it has ("<lab registry>/<registry host>/<path>"), then tagged
//     with the image's own name. Where it does not, the pull fails as it would.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { canPull, registryOf } from './registry.js';
import { REACHABLE_FILE, UPSTREAM_FILE, type ContainerdState } from './state.js';
import { readText, run } from './sys.js';

/** docker.io's short names in full: `pause:3.2` is docker.io/library/pause:3.2. */
export function fullName(image: string): string {
  const registry = registryOf(image);
  if (registry !== 'docker.io' || image.startsWith('docker.io/')) return image;
  return `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

/** Pulls `image` into containerd's k8s.io namespace; returns why it could not. */
export function pullImage(image: string, c: ContainerdState): string | undefined {
  const ctr = (...args: string[]) =>
    run('timeout', ['60', 'ctr', '--connect-timeout', '2s', '--address', c.address, '-n', 'k8s.io', ...args]);
  const name = fullName(image);
  const registry = registryOf(name);
  const hostsDir = c.cri.configPath;
  if (hostsDir !== '' && existsSync(join(hostsDir, registry, 'hosts.toml'))) {
    const r = ctr('images', 'pull', '--hosts-dir', hostsDir, name);
    if (r.rc !== 0)
      return `failed to pull and unpack image "${name}" through ${join(hostsDir, registry, 'hosts.toml')}: ${r.err.trim().split('\n').pop()}`;
    return tagAs(ctr, name, image);
  }
  if (!canPull(image, c.cri, c.proxy ?? {}, REACHABLE_FILE))
    return `failed to pull image "${name}": dial tcp: lookup ${registry}: i/o timeout (this node cannot reach ${registry})`;
  const upstream = readText(UPSTREAM_FILE)?.trim();
  if (!upstream) return `failed to pull image "${name}": the lab has no registry standing in for ${registry}`;
  const via = `${upstream}/${name}`;
  const r = ctr('images', 'pull', '--plain-http', via);
  if (r.rc !== 0)
    return `failed to pull image "${name}" (simulated by the lab registry, ${via}): ${r.err.trim().split('\n').pop()}`;
  ctr('images', 'tag', '--force', via, name);
  ctr('images', 'rm', via);
  return tagAs(ctr, name, image);
}

/** A short name the pods use (`pause:3.2`) is tagged too, as containerd's CRI resolves it. */
function tagAs(ctr: (...args: string[]) => { rc: number }, name: string, image: string): undefined {
  if (image !== name) ctr('images', 'tag', '--force', name, image);
  return undefined;
}
