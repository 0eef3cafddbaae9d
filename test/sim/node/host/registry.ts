// SIMULATION, test support only: can this node pull an image? The lab has no
// registries; /etc/sim-node/reachable-registries lists the hosts this node could
// reach (a node in mainland China reaches registry.aliyuncs.com, not registry.k8s.io).
// A pull goes to the image's registry, or through the mirrors containerd is told of:
// hosts.toml under the CRI registry config_path, or the deprecated registry.mirrors.
import { join } from 'node:path';
import type { CriState } from './state.js';
import { readText } from './sys.js';
import { readDump } from './toml.js';

/** The registry host of an image reference: `pause:3.2` and `library/x` are on docker.io. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? first : 'docker.io';
}

/** Hosts a pull of `registry` may go to, in containerd's order (mirrors first, then the registry itself). */
export function pullHosts(registry: string, cri: CriState): string[] {
  if (cri.configPath !== '') {
    const hostsToml = [registry, '_default'].map((d) => readText(join(cri.configPath, d, 'hosts.toml'))).find((t) => t !== null);
    if (hostsToml === undefined || hostsToml === null) return [registry];
    // hosts.toml: [host."https://mirror"] tables, then `server` (default: the registry itself).
    const t = readDump(hostsToml);
    const mirrors = [...t.keys()].flatMap((k) => (/^host\."(.+)"$/.exec(k) ? [hostOf(/^host\."(.+)"$/.exec(k)![1]!)] : []));
    const server = t.get('')?.server;
    return [...mirrors, typeof server === 'string' ? hostOf(server) : registry];
  }
  return [...(cri.mirrors[registry] ?? []).map(hostOf), registry];
}

function hostOf(url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // not a URL: a bare host
  }
  return host === 'registry-1.docker.io' ? 'docker.io' : host;
}

export function reachable(file: string): Set<string> {
  return new Set((readText(file) ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
}
