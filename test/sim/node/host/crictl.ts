// SIMULATION, NOT CRICTL: what `crictl` answers on a lab node (test/e2e's crictl
// release tarball holds a script that runs this). crictl has no Debian or npm
// package, so this stands in for it, answering from the REAL containerd that
// /etc/crictl.yaml names: whether it answers and its CRI plugin loaded (`ctr plugins
// ls`), and the pods running in its k8s.io namespace (`ctr tasks ls`: the tasks the
// simulated kubelet's pod worker started, <namespace>_<pod>).
//   crictl --version | info | pods [--state ready] [--name RE] [--namespace NS] [-q] | images [-q]
import { existsSync } from 'node:fs';
import { CONTAINERD_STATE, KUBELET_STATE, type ContainerdState, type KubeletState } from './state.js';
import { readText, run } from './sys.js';

const VERSION = process.env.SIM_CRICTL_VERSION ?? 'v1.28.0';
const args = process.argv.slice(2);
const fail = (msg: string): never => {
  process.stderr.write(`${msg}\n`);
  process.exit(1);
};

if (args[0] === '--version' || args[0] === '-v') {
  process.stdout.write(`crictl version ${VERSION}\n`);
  process.exit(0);
}
const endpoint =
  /runtime-endpoint:\s*(\S+)/.exec(readText('/etc/crictl.yaml') ?? '')?.[1] ?? 'unix:///run/containerd/containerd.sock';
const sock = endpoint.replace(/^unix:\/\//, '');
const ctr = (...a: string[]) => run('ctr', ['--connect-timeout', '2s', '--address', sock, ...a]);
if (!existsSync(sock) || ctr('version').rc !== 0) {
  fail(
    `validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": rpc error: ` +
      `code = Unavailable desc = connection error: desc = "transport: Error while dialing: ` +
      `dial unix ${sock.replace(/^\/var\/run\//, '/run/')}: connect: no such file or directory"`,
  );
}
const criStatus = /^io\.containerd\.grpc\.v1\s+cri\s+\S+\s+(\S+)/m.exec(ctr('plugins', 'ls').out)?.[1];
if (criStatus !== 'ok')
  fail(
    `validate service connection: validate CRI v1 runtime API for endpoint "${endpoint}": rpc error: ` +
      `code = Unimplemented desc = unknown service runtime.v1.RuntimeService`,
  );

if (args[0] === 'info') {
  // NetworkReady stands for the CNI plugin, which the lab has none of: ready while the kubelet is Ready on containerd.
  const kubelet = JSON.parse(readText(KUBELET_STATE) ?? 'null') as KubeletState | null;
  const net = kubelet?.runtime === 'containerd' && kubelet.ready;
  const sandboxImage =
    (JSON.parse(readText(CONTAINERD_STATE) ?? 'null') as ContainerdState | null)?.cri.sandboxImage ?? '';
  const conditions = [
    { type: 'RuntimeReady', status: true, reason: '', message: '' },
    {
      type: 'NetworkReady',
      status: net,
      reason: net ? '' : 'NetworkPluginNotReady',
      message: net ? '' : 'Network plugin returns error: cni plugin not initialized',
    },
  ];
  process.stdout.write(`${JSON.stringify({ status: { conditions }, config: { sandboxImage } }, null, 2)}\n`);
} else if (args[0] === 'pods') {
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const tasks = ctr('-n', 'k8s.io', 'tasks', 'ls')
    .out.split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));
  const pods = tasks
    .filter((f) => f[0]?.includes('_') && (f[2] === 'RUNNING' || !args.includes('--state')))
    .map((f) => ({
      id: f[0]!,
      namespace: f[0]!.split('_')[0]!,
      name: f[0]!.split('_').slice(1).join('_'),
      state: f[2] === 'RUNNING' ? 'Ready' : 'NotReady',
    }))
    .filter((p) => !opt('--name') || new RegExp(opt('--name')!).test(p.name))
    .filter((p) => !opt('--namespace') || p.namespace === opt('--namespace'));
  if (args.includes('-q')) process.stdout.write(pods.map((p) => `${p.id}\n`).join(''));
  else {
    process.stdout.write(
      'POD ID              CREATED             STATE               NAME                NAMESPACE           ATTEMPT             RUNTIME\n',
    );
    for (const p of pods)
      process.stdout.write(
        `${p.id.slice(0, 13).padEnd(20)}About a minute ago  ${p.state.padEnd(20)}${p.name.padEnd(20)}${p.namespace.padEnd(20)}0                   (default)\n`,
      );
  }
} else if (args[0] === 'images') {
  const names = ctr('-n', 'k8s.io', 'images', 'ls', '-q').out.split('\n').filter(Boolean);
  if (args.includes('-q')) process.stdout.write(names.map((n) => `${n}\n`).join(''));
  else {
    process.stdout.write('IMAGE                                     TAG                 IMAGE ID            SIZE\n');
    for (const n of names)
      process.stdout.write(
        `${n.slice(0, n.lastIndexOf(':')).padEnd(42)}${n.slice(n.lastIndexOf(':') + 1).padEnd(20)}\n`,
      );
  }
} else {
  fail(`crictl (simulated): '${args.join(' ')}' is not answered by this stand-in`);
}
