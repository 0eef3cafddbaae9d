// SIMULATION, test support only: did Docker's log rotation (/etc/docker/daemon.json
// log-opts max-size, max-file) move to kubelet's --container-log-max-size /
// --container-log-max-files (containerLogMaxSize / containerLogMaxFiles)? DESIGN.md,
// "Facts for the migration". Same meaning, not same text: Docker's "100m" is
// 100 MiB (binary units), while for kubelet "100m" is a quantity of 0.1 (milli).
import type { Flags } from './flags.js';
import type { LogCarry } from './state.js';

export function logCarry(
  daemon: Record<string, unknown> | null,
  flags: Flags,
  config: Record<string, string>,
): LogCarry {
  const opts = (daemon?.['log-opts'] ?? null) as Record<string, string> | null;
  const kubelet = {
    maxSize: flags.get('container-log-max-size') ?? config.containerLogMaxSize ?? null,
    maxFiles: flags.get('container-log-max-files') ?? config.containerLogMaxFiles ?? null,
  };
  if (!opts || (opts['max-size'] === undefined && opts['max-file'] === undefined))
    return { docker: null, kubelet, carried: null };
  const docker = { maxSize: opts['max-size'], maxFile: opts['max-file'] };
  const why: string[] = [];
  if (docker.maxSize !== undefined) {
    const want = dockerBytes(docker.maxSize);
    const got = kubelet.maxSize === null ? null : quantityBytes(kubelet.maxSize);
    if (got !== want)
      why.push(
        `max-size ${docker.maxSize} is ${want} bytes, kubelet's ${kubelet.maxSize ?? '(unset)'} is ${got ?? 'the default 10Mi'}`,
      );
  }
  if (docker.maxFile !== undefined && Number(kubelet.maxFiles) !== Number(docker.maxFile)) {
    why.push(`max-file ${docker.maxFile}, kubelet's ${kubelet.maxFiles ?? '(unset, default 5)'}`);
  }
  return { docker, kubelet, carried: why.length === 0, ...(why.length ? { why: why.join('; ') } : {}) };
}

/** Docker's RAMInBytes: k, m, g, t with an optional b / ib, all powers of 1024. */
function dockerBytes(size: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(size.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * 1024 ** ' kmgtp'.indexOf((m[2] || ' ').toLowerCase()));
}

/** A Kubernetes quantity in bytes: Ki Mi Gi Ti (1024), k M G T (1000), m (1/1000). */
function quantityBytes(q: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(q.trim());
  if (!m) return null;
  const unit: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    m: 1e-3,
  };
  return Number(m[1]) * (m[2] ? unit[m[2]]! : 1);
}
