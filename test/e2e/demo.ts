// The README's first command: the containerd migration on a simulated 3-node
// Docker-era cluster (lab hosts running Debian's real dockerd, containerd and
// runc; SIMULATED: systemctl, the kubelet and the control plane; see test/sim).
// Runs the real CLI twice — the second run changes nothing — then removes
// everything it started.
import { spawn } from 'node:child_process';
import { repoRoot } from '../lab/paths.js';
import { cliMain } from '../support/cli-bin.js';
import { startSimCluster } from './sim-cluster.js';
import { sh } from '../sim/node/index.js';

function runbook(args: string[]): Promise<number> {
  const main = cliMain();
  return new Promise((resolve, reject) => {
    // Async on purpose: the control-plane stand-in answers from this process.
    const child = spawn(process.execPath, [main, ...args], { stdio: 'inherit', cwd: repoRoot() });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/** One line a node: the real daemons, the images carried into containerd, the pods running as its containers. */
async function nodeLine(host: string): Promise<string> {
  const out = await sh(
    host,
    [
      'dockerd --version | sed "s/Docker version \\([^,]*\\).*/\\1/"',
      'containerd --version | cut -d" " -f3',
      'systemctl is-active docker || true',
      'cat /proc/$(cat /run/sim-systemd/containerd.pid)/comm 2>/dev/null || echo none',
      'ctr -n k8s.io images ls -q | grep -vc "^sha256:" || true',
      'ctr -n k8s.io tasks ls | awk \'$3 == "RUNNING" {n++} END {print n + 0}\'',
    ].join('; '),
  );
  const [docker, containerd, dockerState, daemon, images, running] = out.trim().split('\n');
  return (
    `  ${host}: dockerd ${docker} (${dockerState}) -> ${daemon} ${containerd}: ${images} image(s) ` +
    `carried into k8s.io, ${running} pod container(s) running under containerd\n`
  );
}

async function main(): Promise<number> {
  process.stdout.write(
    'Starting a simulated cluster: a kubeadm control-plane node whose API server runs on its Docker, ' +
      'and 3 Docker workers (RPM 1.19, Kubespray 1.23, kubeadm 1.27 on cri-dockerd)…\n',
  );
  // RUNBOOK_DEMO_ADDRESS: the lab's first address, so a demo can run beside another lab.
  const cluster = await startSimCluster({
    labName: 'demo',
    firstAddress: process.env.RUNBOOK_DEMO_ADDRESS ?? '127.0.5.2',
  });
  try {
    await cluster.reseed();
    const args = ['apply', 'playbooks/containerd.yaml', '-i', cluster.inventory, ...process.argv.slice(2)];
    process.stdout.write(`\n== runbook ${args.join(' ')}\n`);
    const first = await runbook(args);
    if (first !== 0) return first;
    process.stdout.write(`\n== the same again: nothing left to change, no node drained\n`);
    const second = await runbook(args);
    const runtimes = cluster.cp.state.nodes
      .map((n) => `${n.name} ${n.ready ? 'Ready' : 'NotReady'} ${n.runtime}`)
      .join('\n  ');
    process.stdout.write(`\nNodes in the (simulated) control plane:\n  ${runtimes}\n`);
    process.stdout.write(
      `\nWhat really ran on each node (Debian's dockerd, containerd and runc; ` +
        `the kubelet is ` +
        `simulated):\n${(await Promise.all(cluster.cp.state.nodes.map((n) => nodeLine(n.name)))).join('')}`,
    );
    return second;
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
