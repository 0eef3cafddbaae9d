// UNIT-TEST FIXTURE: a control plane as data, answering the kubectl command
// lines the k8s_node module sends to a fake host (fake-connection.ts): which
// kubectl it is, `get node`, `get pods` of a node, and cordon, uncordon, drain
// and annotate, which change the data. JSON is shaped as the API server returns
// it (the fields facts/k8s-node.ts reads). The real flows run against the
// simulated control plane and the real kubectl in test/modules/k8s-node*.test.ts.
import shellQuote from 'shell-quote';
import type { CommandAnswer } from './fake-commands.js';

export interface FakeNode {
  ready?: boolean;
  unschedulable?: boolean;
  runtime?: string;
  annotations?: Record<string, string>;
}

export interface FakePod {
  namespace: string;
  name: string;
  node: string;
  images?: string[];
  /** DaemonSet, ReplicaSet, …; a mirror pod is a static one. */
  controller?: string;
  mirror?: boolean;
  hostPaths?: string[];
}

export interface FakeCluster {
  /** The kubectl's release, e.g. v1.27.3. */
  kubectl: string;
  nodes: Record<string, FakeNode>;
  pods?: FakePod[];
  /** PodDisruptionBudgets with how many disruptions each allows now. */
  pdbs?: { namespace: string; name: string; disruptionsAllowed: number }[];
}

const NOT_FOUND = (kind: string, name: string) => ({
  rc: 1,
  stderr: `Error from server (NotFound): ${kind} "${name}" not found\n`,
});

export function kubectlAnswers(cluster: FakeCluster): CommandAnswer {
  return (command) => {
    if (command.startsWith('p=$(command -v kubectl) && stat -L'))
      return { stdout: `/usr/local/bin/kubectl 2049:${cluster.kubectl}:1:2026-01-01\n` };
    const all = shellQuote.parse(command).filter((t): t is string => typeof t === 'string');
    const at = all.indexOf('kubectl');
    if (at < 0) return undefined;
    // Global and per-command options are read where they matter; the rest is the verb and its words.
    const words = all.slice(at + 1).filter((w) => !/^--(kubeconfig|context|request-timeout|output)=/.test(w));
    const name = words[words.indexOf('--') + 1] ?? '';
    const node = cluster.nodes[name];
    switch (words[0]) {
      case 'version':
        return { stdout: JSON.stringify({ clientVersion: { gitVersion: cluster.kubectl } }) };
      case 'get':
        if (words[1] === 'node')
          return node ? { stdout: JSON.stringify(nodeJson(name, node)) } : NOT_FOUND('nodes', name);
        if (words[1] === 'pods') {
          const on = /^--field-selector=spec\.nodeName=(.*)$/.exec(
            words.find((w) => w.startsWith('--field-selector=')) ?? '',
          )?.[1];
          return { stdout: JSON.stringify({ items: (cluster.pods ?? []).filter((p) => p.node === on).map(podJson) }) };
        }
        if (words[1] === 'nodes,pods,poddisruptionbudgets') return { stdout: JSON.stringify(clusterList(cluster)) };
        return undefined;
      case 'cordon':
      case 'uncordon':
        if (!node) return NOT_FOUND('nodes', name);
        node.unschedulable = words[0] === 'cordon';
        return { stdout: `node/${name} ${words[0]}ed\n` };
      case 'drain': {
        if (!node) return NOT_FOUND('nodes', name);
        const pods = (cluster.pods ?? []).filter((p) => p.node === name && !p.mirror);
        const daemons = pods.filter((p) => p.controller === 'DaemonSet');
        node.unschedulable = true;
        if (words.includes('--ignore-daemonsets=false') && daemons.length) {
          const ids = daemons.map((p) => `${p.namespace}/${p.name}`).join(', ');
          const why = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ids}`;
          return {
            rc: 1,
            stdout: `node/${name} cordoned\n`,
            stderr: `error: unable to drain node "${name}" due to error: ${why}, continuing command...\n`,
          };
        }
        const gone = pods.filter((p) => p.controller !== 'DaemonSet');
        cluster.pods = (cluster.pods ?? []).filter((p) => !gone.includes(p));
        return {
          stdout: `node/${name} cordoned\n${gone.map((p) => `pod/${p.name} evicted\n`).join('')}node/${name} drained\n`,
        };
      }
      case 'annotate': {
        if (!node) return NOT_FOUND('nodes', name);
        node.annotations ??= {};
        const notes = node.annotations;
        for (const edit of words.slice(words.indexOf('--') + 2)) {
          if (edit.endsWith('-')) delete notes[edit.slice(0, -1)];
          else notes[edit.slice(0, edit.indexOf('='))] = edit.slice(edit.indexOf('=') + 1);
        }
        return { stdout: `node/${name} annotated\n` };
      }
      default:
        return undefined;
    }
  };
}

function nodeJson(name: string, n: FakeNode): object {
  const ready = n.ready ?? true;
  return {
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name }, annotations: { ...n.annotations } },
    spec: n.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: [
        ready
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' },
      ],
      nodeInfo: { containerRuntimeVersion: n.runtime ?? 'docker://20.10.24', kubeletVersion: 'v1.27.3' },
    },
  };
}

function podJson(p: FakePod): object {
  return {
    metadata: {
      namespace: p.namespace,
      name: p.name,
      annotations: p.mirror ? { 'kubernetes.io/config.mirror': 'x' } : {},
      ownerReferences: p.controller ? [{ kind: p.controller, controller: true }] : [],
    },
    spec: {
      nodeName: p.node,
      containers: (p.images ?? ['registry.k8s.io/pause:3.9']).map((image, i) => ({ name: `c${i}`, image })),
      volumes: (p.hostPaths ?? []).map((path, i) => ({ name: `h${i}`, hostPath: { path } })),
    },
  };
}

/** The one List `kubectl get nodes,pods,poddisruptionbudgets --all-namespaces -o json` prints. */
function clusterList(c: FakeCluster): object {
  const pdbs = (c.pdbs ?? []).map((b) => ({
    kind: 'PodDisruptionBudget',
    metadata: { namespace: b.namespace, name: b.name },
    spec: { selector: { matchLabels: {} } },
    status: { disruptionsAllowed: b.disruptionsAllowed },
  }));
  const pods = (c.pods ?? []).map((p) => ({ kind: 'Pod', ...podJson(p) }));
  return { kind: 'List', items: [...Object.entries(c.nodes).map(([n, v]) => nodeJson(n, v)), ...pods, ...pdbs] };
}
