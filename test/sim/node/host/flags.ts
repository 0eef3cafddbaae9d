// SIMULATION, test support only: kubelet's command line and its KubeletConfiguration
// file, read the way kubelet reads them, and the flags a kubelet version no longer has.
import { atLeast, readText } from './sys.js';

export type Flags = Map<string, string>;

/** `--name=value`, `--name value`, or a bare `--name` ("true"); later ones win, as with pflag. */
export function parseFlags(args: string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(args[i]!);
    if (!m) continue;
    let value = m[2];
    if (value === undefined) value = args[i + 1] !== undefined && !args[i + 1]!.startsWith('-') ? args[++i]! : 'true';
    flags.set(m[1]!, value);
  }
  return flags;
}

/**
 * The first flag this kubelet would refuse as unknown, if any. `--container-runtime`
 * is gone in 1.27 (DESIGN.md, "Facts for the migration"); the dockershim-only flags
 * went with dockershim in 1.24 (Kubernetes CHANGELOG-1.24).
 */
export function removedFlag(version: string, flags: Flags): string | undefined {
  const gone = [
    ...(atLeast(version, '1.24')
      ? [
          'network-plugin',
          'network-plugin-mtu',
          'cni-bin-dir',
          'cni-conf-dir',
          'cni-cache-dir',
          'docker-endpoint',
          'image-pull-progress-deadline',
          'experimental-dockershim-root-directory',
        ]
      : []),
    ...(atLeast(version, '1.27') ? ['container-runtime'] : []),
  ];
  return gone.find((f) => flags.has(f));
}

/**
 * The top-level scalars of a KubeletConfiguration (`key: value` at column 0). A file
 * that is missing or not a KubeletConfiguration stops kubelet, as it would the real one.
 */
export function kubeletConfig(path: string): Record<string, string> {
  const text = readText(path);
  if (text === null)
    throw new Error(
      `failed to load Kubelet config file ${path}, error failed to read kubelet config file "${path}": open ${path}: no such file or directory`,
    );
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9]*):\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/\s+#.*$/, '').replace(/^(["'])(.*)\1$/, '$2');
  }
  if (out.kind !== 'KubeletConfiguration')
    throw new Error(
      `failed to load Kubelet config file ${path}: kind is "${out.kind ?? ''}", want KubeletConfiguration`,
    );
  return out;
}
