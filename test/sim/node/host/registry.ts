// SIMULATION, test support only: can this node pull an image? The lab has no
// registries; /etc/sim-node/reachable-registries lists the hosts this node could
// reach (a node in mainland China reaches registry.aliyuncs.com, not registry.k8s.io),
// one a line, optionally followed by:
//   insecure   it speaks plain HTTP or TLS with a certificate nobody trusts: only an
//              http:// host or skip_verify = true in hosts.toml gets through
//   via-proxy  only through an HTTP(S) proxy: containerd needs HTTPS_PROXY (HTTP_PROXY
//              for http://) in its environment, and the host not in NO_PROXY
// A pull goes to the image's registry, or through the mirrors containerd is told of:
// hosts.toml under the CRI registry config_path, or the deprecated registry.mirrors.
import { join } from 'node:path';
import type { CriState } from './state.js';
import { readText, run } from './sys.js';
import { readDump } from './toml.js';

/** The registry host of an image reference: `pause:3.2` and `library/x` are on docker.io. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? first : 'docker.io';
}

/** One place a pull may go: a host, over plain HTTP or TLS, verifying the certificate or not. */
export interface PullRoute {
  host: string;
  http: boolean;
  skipVerify: boolean;
}

/** Where a pull of `registry` may go, in containerd's order (mirrors first, then the registry itself). */
export function pullRoutes(registry: string, cri: CriState): PullRoute[] {
  const direct: PullRoute = { host: registry, http: false, skipVerify: false };
  if (cri.configPath !== '') {
    const hostsToml = [registry, '_default']
      .map((d) => readText(join(cri.configPath, d, 'hosts.toml')))
      .find((t) => t !== null);
    if (hostsToml === undefined || hostsToml === null) return [direct];
    // hosts.toml: [host."https://mirror"] tables, then `server` (default: the registry itself).
    const t = readDump(hostsToml);
    const mirrors = [...t.entries()].flatMap(([k, v]) => {
      const url = /^host\."(.+)"$/.exec(k)?.[1];
      return url ? [route(url, v.skip_verify === true)] : [];
    });
    const top = t.get('') ?? {};
    return [...mirrors, typeof top.server === 'string' ? route(top.server, top.skip_verify === true) : direct];
  }
  return [...(cri.mirrors[registry] ?? []).map((m) => route(m, false)), direct];
}

/** The hosts of pullRoutes, for messages. */
export function pullHosts(registry: string, cri: CriState): string[] {
  return pullRoutes(registry, cri).map((r) => `${r.http ? 'http://' : ''}${r.host}`);
}

function route(url: string, skipVerify: boolean): PullRoute {
  let host = url;
  let http = false;
  try {
    const u = new URL(url);
    host = u.host;
    http = u.protocol === 'http:';
  } catch {
    // not a URL: a bare host
  }
  return { host: host === 'registry-1.docker.io' ? 'docker.io' : host, http, skipVerify };
}

interface Reachable {
  insecure: boolean;
  viaProxy: boolean;
}

export function reachable(file: string): Map<string, Reachable> {
  const out = new Map<string, Reachable>();
  for (const line of (readText(file) ?? '').split('\n')) {
    const [host, ...marks] = line.trim().split(/\s+/);
    if (host) out.set(host, { insecure: marks.includes('insecure'), viaProxy: marks.includes('via-proxy') });
  }
  return out;
}

/** Whether containerd (with `proxy`, its environment's proxy variables) has `image` or can pull it. */
/** Whether the real containerd holds the image in the namespace the CRI plugin uses (carried, or pulled before). */
function inContainerd(image: string): boolean {
  return run('ctr', ['--connect-timeout', '2s', '-n', 'k8s.io', 'images', 'ls', '-q']).out.split('\n').includes(image);
}

export function canPull(image: string, cri: CriState, proxy: Record<string, string>, file: string): boolean {
  if (inContainerd(image)) return true;
  const ok = reachable(file);
  const noProxy = (proxy.NO_PROXY ?? proxy.no_proxy ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return pullRoutes(registryOf(image), cri).some((r) => {
    const how = ok.get(r.host);
    if (!how) return false;
    if (how.insecure && !r.http && !r.skipVerify) return false;
    if (!how.viaProxy) return true;
    const through = r.http ? (proxy.HTTP_PROXY ?? proxy.http_proxy) : (proxy.HTTPS_PROXY ?? proxy.https_proxy);
    return Boolean(through) && !noProxy.some((h) => r.host === h || r.host.endsWith(h.startsWith('.') ? h : `.${h}`));
  });
}
