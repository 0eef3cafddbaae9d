// SIMULATION, NOT KUBELET: the simulated kubelet's running part — its unit's main
// process (kubelet.ts starts it once it has decided to run). Every second it makes
// the node's REAL runtime run the node's pods as REAL containers: the pods the API
// binds to this node (asked of the control-plane stand-in, as a kubelet watches
// them) and, on a control-plane node, its static pods. Under Docker they are
// containers named k8s_main_<pod>_<namespace> (dockershim's prefix); under
// containerd they are tasks <namespace>_<pod> in the k8s.io namespace, labelled as
// the CRI plugin labels them, started with the real ctr (the lab has no CRI
// client, so no pod sandbox container: the sandbox image must be present, as the
// CRI plugin needs it). A pod the API no longer binds here (evicted) is removed. A
// pod whose image the runtime lacks does not start: /run/sim-node/pods.json says why.
import { hostCgroupParent } from './daemon.js';
import { pullImage } from './pull.js';
import { manifestImages, staticPodsRuntime } from './static-pods.js';
import {
  CONTAINERD_STATE,
  CONTROL_PLANE_FILE,
  KUBELET_STATE,
  NODE_FILE,
  PODS_STATE,
  type ContainerdState,
  type KubeletState,
  type NodeSpec,
  type PodsState,
} from './state.js';
import { readJson, readText, run, writeJson } from './sys.js';

const NS_LABEL = 'io.kubernetes.pod.namespace';
const NAME_LABEL = 'io.kubernetes.pod.name';
const node = JSON.parse(readText(NODE_FILE) ?? '{}') as NodeSpec;

interface Pod {
  namespace: string;
  name: string;
  image: string;
}

async function syncOnce(): Promise<void> {
  const kubelet = readJson<KubeletState>(KUBELET_STATE);
  // A NotReady kubelet leaves what runs as it is; a runtime it cannot reach has nothing to change.
  if (
    !kubelet ||
    kubelet.crashed ||
    !kubelet.ready ||
    (kubelet.runtime !== 'docker' && kubelet.runtime !== 'containerd')
  )
    return;
  const runtime = kubelet.runtime === 'docker' ? docker : containerd();
  const { pods: wanted, fromApi } = await desiredPods(kubelet.runtime);
  // Asking the runtime costs a process: only when something changed, and every 5 s.
  const signature = JSON.stringify([kubelet.at, kubelet.runtime, fromApi, wanted.map(key)]);
  if (signature === lastSignature && Date.now() - lastFull < 5000) return;
  const running = runtime.list();
  const waiting: PodsState['waiting'] = fromApi
    ? []
    : [{ pod: '*', why: 'the API did not answer: only static pods started, nothing removed' }];
  for (const pod of wanted) {
    if (running.has(key(pod))) continue;
    const why = runtime.start(pod);
    if (why) waiting.push({ pod: key(pod), why });
  }
  const keep = new Set(wanted.map(key));
  if (fromApi) for (const k of running) if (!keep.has(k)) runtime.remove(k);
  writeJson(PODS_STATE, {
    at: new Date().toISOString(),
    runtime: kubelet.runtime,
    running: [...runtime.list()].sort(),
    waiting,
  } satisfies PodsState);
  lastSignature = waiting.length === 0 ? signature : '';
  lastFull = Date.now();
}

let lastSignature = '';
let lastFull = 0;

const key = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;

/** The static pods (kubelet runs them without the API: this node's own API server is one) and the API's pods for this node. */
async function desiredPods(runtime: 'docker' | 'containerd'): Promise<{ pods: Pod[]; fromApi: boolean }> {
  const base = readText(CONTROL_PLANE_FILE)?.trim();
  const pods: Pod[] = [];
  // Static pods run where kubelet.ts started them (static-pods.ts).
  if (node.controlPlane && staticPodsRuntime() === runtime) {
    for (const image of manifestImages()) {
      const name = /\/([a-z0-9-]+):/.exec(image)?.[1] ?? 'static';
      pods.push({ namespace: 'kube-system', name: `${name}-${node.nodeName}`, image });
    }
  }
  let fromApi = false;
  if (base) {
    try {
      const res = await fetch(
        `${base}/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node.nodeName}`)}`,
        { signal: AbortSignal.timeout(3000) },
      );
      const list = (await res.json()) as {
        items?: {
          metadata: { namespace: string; name: string; annotations?: Record<string, string> };
          spec: { containers: { image: string }[] };
        }[];
      };
      // Mirror pods are the API's copies of the static pods above.
      const bound = (list.items ?? []).filter((p) => !p.metadata.annotations?.['kubernetes.io/config.mirror']);
      for (const p of bound)
        pods.push({ namespace: p.metadata.namespace, name: p.metadata.name, image: p.spec.containers[0]?.image ?? '' });
      fromApi = true;
    } catch {
      // The API is away (this node's own API server, restarting): keep what runs.
    }
  }
  return { pods: pods.filter((p, i) => pods.findIndex((q) => key(q) === key(p)) === i), fromApi };
}

interface Runtime {
  /** namespace/name of the pods running. */
  list(): Set<string>;
  /** Starts the pod; returns why it cannot start. */
  start(pod: Pod): string | undefined;
  remove(key: string): void;
}

const docker: Runtime = {
  list() {
    const out = run('docker', [
      'ps',
      '--filter',
      `label=${NAME_LABEL}`,
      '--format',
      `{{.Label "${NS_LABEL}"}}/{{.Label "${NAME_LABEL}"}}`,
    ]);
    return new Set(out.out.split('\n').filter(Boolean));
  },
  start(pod) {
    if (run('docker', ['image', 'inspect', pod.image]).rc !== 0)
      return `ErrImageNeverPull: ${pod.image} is not in Docker`;
    const name = `k8s_main_${pod.name}_${pod.namespace}`;
    run('docker', ['rm', '-f', name]);
    const r = run('docker', [
      'run',
      '-d',
      '--name',
      name,
      '--label',
      `${NS_LABEL}=${pod.namespace}`,
      '--label',
      `${NAME_LABEL}=${pod.name}`,
      '--network',
      'none',
      pod.image,
    ]);
    return r.rc === 0 ? undefined : `docker run: ${r.err.trim()}`;
  },
  remove(k) {
    const [ns, name] = k.split('/');
    run('docker', ['rm', '-f', `k8s_main_${name}_${ns}`]);
  },
};

function containerd(): Runtime {
  const c = readJson<ContainerdState>(CONTAINERD_STATE);
  const address = c?.address ?? '/run/containerd/containerd.sock';
  const ctr = (...args: string[]) =>
    run('ctr', ['--connect-timeout', '2s', '--address', address, '-n', 'k8s.io', ...args]);
  const idOf = (k: string) => k.replace('/', '_');
  const images = () => new Set(ctr('images', 'ls', '-q').out.split('\n').filter(Boolean));
  return {
    list() {
      const tasks = ctr('tasks', 'ls')
        .out.split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/))
        .filter((f) => f[2] === 'RUNNING');
      return new Set(
        tasks
          .map((f) => f[0]!)
          .filter((id) => id.includes('_'))
          .map((id) => id.replace('_', '/')),
      );
    },
    start(pod) {
      if (!c) return 'containerd has not started';
      const have = images();
      const sandbox = c.cri.sandboxImage;
      const noSandbox = have.has(sandbox) ? undefined : pullImage(sandbox, c);
      if (noSandbox) return `failed to get sandbox image "${sandbox}": ${noSandbox}`;
      const noImage = have.has(pod.image) ? undefined : pullImage(pod.image, c);
      if (noImage) return `ErrImagePull: ${noImage}`;
      const id = idOf(key(pod));
      forget(id);
      const r = ctr(
        'run',
        '-d',
        '--cgroup',
        `${hostCgroupParent()}/k8s.io/${id}`,
        '--label',
        `${NS_LABEL}=${pod.namespace}`,
        '--label',
        `${NAME_LABEL}=${pod.name}`,
        pod.image,
        id,
      );
      return r.rc === 0 ? undefined : `ctr run: ${r.err.trim()}`;
    },
    remove(k) {
      forget(idOf(k));
    },
  };
  function forget(id: string): void {
    ctr('tasks', 'delete', '--force', id);
    ctr('containers', 'delete', id);
  }
}

// Last: the runtimes above are constants, initialised only once their lines have run.
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
while (!stopping) {
  try {
    await syncOnce();
  } catch (e) {
    writeJson(PODS_STATE, {
      at: new Date().toISOString(),
      runtime: null,
      running: [],
      waiting: [{ pod: '*', why: (e as Error).message }],
    } satisfies PodsState);
  }
  await new Promise((r) => setTimeout(r, 1000));
}
