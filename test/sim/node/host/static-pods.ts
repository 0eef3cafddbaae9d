// SIMULATION, test support only: a kubeadm control-plane node's static pods (the
// API server, etcd, scheduler, controller manager). The kubelet starts them on
// the runtime it works with; they outlive a kubelet restart, and die with
// dockerd (no live-restore). While none runs, this node's API server is gone:
// the control-plane stand-in closes its port, so kubectl gets "connection refused".
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTROL_PLANE_FILE,
  MANIFESTS,
  NODE_FILE,
  STATIC_PODS_STATE,
  type NodeSpec,
  type Runtime,
  type StaticPodsState,
} from './state.js';
import { log, readText, writeJson } from './sys.js';

export function controlPlaneNode(): NodeSpec | null {
  const node = JSON.parse(readText(NODE_FILE) ?? '{}') as NodeSpec;
  return node.controlPlane ? node : null;
}

export function staticPodsRuntime(): Runtime | null {
  return (JSON.parse(readText(STATIC_PODS_STATE) ?? 'null') as StaticPodsState | null)?.runtime ?? null;
}

/** The images the manifests name (kubelet must pull them on a runtime that lacks them). */
export function manifestImages(): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(MANIFESTS).filter((n) => n.endsWith('.yaml'));
  } catch {
    return [];
  }
  return names.flatMap((n) =>
    [...(readText(join(MANIFESTS, n)) ?? '').matchAll(/^\s*image:\s*(\S+)/gm)].map((m) => m[1]!),
  );
}

/** Records where the static pods run and tells the stand-in whether this node's API server serves. */
export async function setStaticPods(node: NodeSpec, runtime: Runtime | null): Promise<void> {
  writeJson(STATIC_PODS_STATE, { at: new Date().toISOString(), runtime } satisfies StaticPodsState);
  log(
    runtime
      ? `static pods (kube-apiserver, etcd, …) running on ${runtime}`
      : 'static pods not running: this node serves no API',
  );
  const base = readText(CONTROL_PLANE_FILE)?.trim();
  if (!base) return;
  const url = `${base}/sim/apiservers/${encodeURIComponent(node.nodeName)}`;
  try {
    await fetch(url, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ serving: runtime !== null }),
      signal: AbortSignal.timeout(5000),
    });
  } catch (e) {
    log(`W could not tell the control-plane stand-in: ${(e as Error).message}`);
  }
}
