// SIMULATION, NOT CRICTL: what `crictl` answers on a lab node (test/e2e's crictl
// release tarball holds a script that runs this). It talks to the runtime that
// /etc/crictl.yaml names, and answers from the host's real state: containerd's
// unit and its CRI plugin (/run/sim-node/containerd.json), the kubelet's last
// decision, and the pods the kubelet runs there — those the API binds to the
// node (asked of the control-plane stand-in, as a kubelet watches them) plus
// its static pods, each only if containerd could pull its image.
//   crictl --version | info | pods [--state ready] [--name RE] [--namespace NS] [-q]
import { CONTAINERD_STATE, CONTROL_PLANE_FILE, KUBELET_STATE, NODE_FILE, REACHABLE_FILE, type ContainerdState, type KubeletState, type NodeSpec } from './state.js';
import { canPull } from './registry.js';
import { manifestImages } from './static-pods.js';
import { isActive, readText } from './sys.js';

const VERSION = process.env.SIM_CRICTL_VERSION ?? 'v1.28.0';
const args = process.argv.slice(2);
const fail = (msg: string): never => {
  process.stderr.write(`${msg}\n`);
  process.exit(1);
};
const json = <T>(path: string): T | null => JSON.parse(readText(path) ?? 'null') as T | null;

if (args[0] === '--version' || args[0] === '-v') {
  process.stdout.write(`crictl version ${VERSION}\n`);
  process.exit(0);
}
const endpoint = /runtime-endpoint:\s*(\S+)/.exec(readText('/etc/crictl.yaml') ?? '')?.[1] ?? 'unix:///run/containerd/containerd.sock';
const containerd = json<ContainerdState>(CONTAINERD_STATE);
const sock = endpoint.replace(/^unix:\/\//, '').replace(/^\/var\/run\//, '/run/');
if (!isActive('containerd') || !containerd?.ok || containerd.address.replace(/^\/var\/run\//, '/run/') !== sock) {
  fail(`validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial unix ${sock}: connect: no such file or directory"`);
}
if (!containerd!.cri.enabled) fail(`validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": rpc error: code = Unimplemented desc = unknown service runtime.v1.RuntimeService`);
const kubelet = json<KubeletState>(KUBELET_STATE);
const onContainerd = isActive('kubelet') && kubelet?.runtime === 'containerd' && kubelet.ready;

if (args[0] === 'info') {
  const conditions = [
    { type: 'RuntimeReady', status: true, reason: '', message: '' },
    { type: 'NetworkReady', status: onContainerd, reason: onContainerd ? '' : 'NetworkPluginNotReady', message: onContainerd ? '' : 'Network plugin returns error: cni plugin not initialized' },
  ];
  process.stdout.write(`${JSON.stringify({ status: { conditions }, config: { sandboxImage: containerd!.cri.sandboxImage } }, null, 2)}\n`);
} else if (args[0] === 'pods') {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const pods = (onContainerd ? await runningPods(containerd!) : [])
    .filter((p) => !opt('--name') || new RegExp(opt('--name')!).test(p.name))
    .filter((p) => !opt('--namespace') || p.namespace === opt('--namespace'));
  if (args.includes('-q')) process.stdout.write(pods.map((p) => `${p.id}\n`).join(''));
  else {
    process.stdout.write('POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME\n');
    for (const p of pods) process.stdout.write(`${p.id}       1 minute ago        Ready               ${p.name}   ${p.namespace}         0                   (default)\n`);
  }
} else {
  fail(`crictl (simulated): '${args.join(' ')}' is not answered by this stand-in`);
}

interface Pod {
  id: string;
  namespace: string;
  name: string;
}

async function runningPods(c: ContainerdState): Promise<Pod[]> {
  const node = json<NodeSpec>(NODE_FILE)!;
  const pull = (image: string) => canPull(image, c.cri, c.proxy ?? {}, REACHABLE_FILE);
  const statics = node.controlPlane && manifestImages().every(pull) ? ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'].map((n) => ({ namespace: 'kube-system', name: `${n}-${node.nodeName}` })) : [];
  const base = readText(CONTROL_PLANE_FILE)?.trim();
  const res = await fetch(`${base}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node.nodeName}`)}`, { signal: AbortSignal.timeout(5000) });
  const list = (await res.json()) as { items?: { metadata: { namespace: string; name: string; uid: string }; spec: { containers: { image: string }[] } }[] };
  const bound = (list.items ?? []).filter((p) => p.spec.containers.every((ct) => pull(ct.image))).map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name }));
  return [...statics, ...bound].map((p, i) => ({ ...p, id: `${(i + 1).toString(16).padStart(4, '0')}${Buffer.from(p.name).toString('hex').slice(0, 9)}` }));
}
