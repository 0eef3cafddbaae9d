// The start hook of the lab's docker unit (/etc/sim-systemd/docker.start): it starts
// the REAL dockerd on the node's /etc/docker/daemon.json, beside the node's
// containerd (docker.service Wants= containerd: started first when it is not). A
// daemon.json dockerd rejects fails the unit, with dockerd's own words.
//
// What the lab changes, and why (SIMULATION of what cannot run here):
//   - no systemd: daemon.json's native.cgroupdriver=systemd is run as cgroupfs
//     (kubelet.ts still checks the written value against kubelet's cgroupDriver);
//   - the hosts share the machine's network: no bridge, no iptables rules;
//   - the hosts share the machine's cgroups: containers go under this host's parent.
// The flags dockerd gets here are left out when daemon.json sets the same key
// (dockerd refuses a key given both ways).
import { mkdirSync, writeFileSync } from 'node:fs';
import { answers, hostCgroupParent, startDaemon } from './daemon.js';
import { RUN } from './state.js';
import { isActive, log, readText, resyncKubelet, run } from './sys.js';
import { unitCommand } from './unit.js';

const FILE = '/etc/docker/daemon.json';
mkdirSync(RUN, { recursive: true });
const text = readText(FILE) ?? '{}';
let config: Record<string, unknown> | null = null;
try {
  const parsed = JSON.parse(text) as unknown;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as Record<string, unknown>;
} catch {
  // dockerd says why below, in its own words.
}
// A file that is not a JSON object goes to dockerd as it is, so that it names it.
let configFile = FILE;
if (config) {
  const opts = Array.isArray(config['exec-opts']) ? (config['exec-opts'] as unknown[]).map(String) : undefined;
  const lab = opts
    ? {
        ...config,
        'exec-opts': opts.map((o) => o.replace(/^native\.cgroupdriver=systemd$/, 'native.cgroupdriver=cgroupfs')),
      }
    : config;
  configFile = `${RUN}/docker-daemon.json`;
  writeFileSync(configFile, `${JSON.stringify(lab, null, 2)}\n`);
}

if (!isActive('containerd') && run('systemctl', ['start', 'containerd']).rc !== 0)
  log('W docker: containerd.service did not start (Wants=containerd.service)');

const flags: [string, string][] = [
  ['containerd', '/run/containerd/containerd.sock'],
  ['iptables', 'false'],
  ['ip6tables', 'false'],
  ['ip-masq', 'false'],
  ['bridge', 'none'],
  ['cgroup-parent', `${hostCgroupParent()}/docker`],
];
const args = [
  '--config-file',
  configFile,
  ...flags.filter(([k]) => !(config && k in config)).map(([k, v]) => `--${k}=${v}`),
];
let env: Record<string, string> = {};
try {
  env = unitCommand('docker.service').env;
} catch {
  // No unit file: no environment from it.
}
const started = await startDaemon(
  'dockerd',
  args,
  `${RUN}/dockerd.log`,
  () => answers('docker', ['version', '--format', '{{.Server.Version}}']),
  env,
);
if (started.failed) {
  log(started.failed);
  resyncKubelet();
  process.exit(1);
}
log(`level=info msg="API listen on /var/run/docker.sock" pid=${started.pid}`);
resyncKubelet('docker');
