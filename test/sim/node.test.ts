// Simulated Docker-era Kubernetes nodes (test/sim/node, a SIMULATION) on real lab
// hosts: migrated by hand with raw commands over ssh, no playbook. A right
// migration must end Ready on containerd; each wrong one NotReady or a failed unit,
// for the reason a real node would give.
import { expect } from 'chai';
import { lastingCause } from '../../src/modules/k8s/lasting-causes.js';
import { hostNames } from '../support/run.js';
import { clusterState, startControlPlane, type ControlPlane } from './control-plane/index.js';
import { kubectlFor } from './control-plane/kubectl.js';
import { ENDPOINT, migrate, realVersions, V119, V127, v2Config } from './hand-migration.js';
import { CRI_SOCKET_ANNOTATION, readSimNode, seedDockerNode, sh, type DockerNodeOptions } from './node/index.js';

// Read once the lab is up: the lab installs containerd on a fresh machine.
let CONTAINERD_VERSION = '';
let DOCKER_VERSION = '';

describe('simulated Docker-era nodes: the real dockerd and containerd, and a kubelet stand-in, decide from the host files', () => {
  let cp: ControlPlane;
  const host = (i = 0) => hostNames()[i]!;
  const node = (name: string) => cp.state.nodes.find((n) => n.name === name)!;
  before(async () => {
    const versions = realVersions();
    CONTAINERD_VERSION = versions.containerd;
    DOCKER_VERSION = versions.docker;
    cp = await startControlPlane(clusterState({ nodes: [] }));
  });
  after(async () => cp?.stop());

  it('seeds rpm 1.19, deb 1.23 and kubeadm 1.27 nodes: Ready on the real dockerd, flags in each flavour file', async () => {
    const [a, b, c] = [host(0), host(1), host(2)];
    await Promise.all([
      seedDockerNode(a, V119, cp),
      seedDockerNode(b, { ...V119, kubeletVersion: '1.23.17', flavour: 'deb', cgroupDriver: 'systemd' }, cp),
      seedDockerNode(c, V127, cp),
    ]);
    const wide = await kubectlFor(cp)('get', 'nodes', '-o', 'wide');
    for (const [name, version] of [
      [a, '1\\.19\\.11'],
      [b, '1\\.23\\.17'],
      [c, '1\\.27\\.3'],
    ] as const) {
      expect(wide.stdout).to.match(
        new RegExp(`^${name}\\s+Ready\\s.*v${version}\\s.*docker://${DOCKER_VERSION.replace(/[.+]/g, '\\$&')}$`, 'm'),
      );
    }
    expect(node(a).annotations[CRI_SOCKET_ANNOTATION]).to.equal('/var/run/dockershim.sock');
    expect(node(c).annotations[CRI_SOCKET_ANNOTATION]).to.equal('unix:///var/run/cri-dockerd.sock');
    expect(
      await sh(a, 'cat /etc/sysconfig/kubelet; kubelet --version; docker version --format "{{.Server.Version}}"'),
    ).to.equal(
      `KUBELET_EXTRA_ARGS="--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.2"\nKubernetes v1.19.11\n${DOCKER_VERSION}\n`,
    );
    // The real daemons, as the units' main processes, on overlay storage (not vfs: the tmpfs under them).
    expect(
      await sh(
        a,
        'for u in docker containerd; do cat /proc/$(cat /run/sim-systemd/$u.pid)/comm; done; ' +
          'docker info --format "{{.Driver}} {{.CgroupDriver}}"; ' +
          'docker images --format "{{.Repository}}:{{.Tag}}" | sort',
      ),
    ).to.equal('dockerd\ncontainerd\noverlay2 cgroupfs\nk8s.gcr.io/pause:3.2\nregistry.k8s.io/pause:3.9\n');
    expect(await sh(b, 'cat /etc/default/kubelet; grep cgroupDriver /var/lib/kubelet/config.yaml')).to.equal(
      'KUBELET_EXTRA_ARGS="--network-plugin=cni --pod-infra-container-image=k8s.gcr.io/pause:3.6"\ncgroupDriver: systemd\n',
    );
    expect(await sh(c, 'cat /var/lib/kubelet/kubeadm-flags.env')).to.equal(
      'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/cri-dockerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9"\n',
    );
    const sim = await readSimNode(a);
    expect(sim.containerd).to.include({ ok: true, version: CONTAINERD_VERSION });
    expect(sim.containerd!.cri).to.include({ enabled: false, why: 'plugin cri is in disabled_plugins' });
    expect(sim.kubelet).to.include({
      runtime: 'docker',
      endpoint: null,
      ready: true,
      cause: 'Ready',
      containerRuntimeVersion: `docker://${DOCKER_VERSION}`,
    });
    expect(sim.kubelet!.argv).to.include.members(['--network-plugin=cni', '--config=/var/lib/kubelet/config.yaml']);
    expect((await readSimNode(c)).kubelet).to.include({
      runtime: 'docker',
      endpoint: 'unix:///var/run/cri-dockerd.sock',
      ready: true,
    });
  });

  it('a correct by-hand migration of a 1.19 rpm node ends Ready on containerd://<real containerd version>', async () => {
    await seedDockerNode(host(), V119, cp);
    const units = await migrate(host(), V119, {
      config: v2Config('registry.k8s.io/pause:3.2', false),
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT} --pod-infra-container-image=registry.k8s.io/pause:3.2`,
    });
    expect(units).to.deep.equal({ containerd: 'active', kubelet: 'active' });
    expect(node(host())).to.include({
      ready: true,
      runtime: `containerd://${CONTAINERD_VERSION}`,
      kubeletVersion: 'v1.19.11',
    });
    const sim = await readSimNode(host());
    expect(sim.containerd!.cri).to.deep.equal({
      enabled: true,
      sandboxImage: 'registry.k8s.io/pause:3.2',
      systemdCgroup: false,
      configPath: '',
      mirrors: {},
    });
    expect(sim.kubelet).to.include({
      runtime: 'containerd',
      endpoint: ENDPOINT,
      cgroupDriver: 'cgroupfs',
      cause: 'Ready',
    });
    expect(sim.kubelet!.report).to.include({ ok: true, status: 200 });
    expect(
      (
        await kubectlFor(cp)(
          'get',
          'node',
          host(),
          '-o',
          'jsonpath={.status.conditions[0].status} {.status.nodeInfo.containerRuntimeVersion}',
        )
      ).stdout,
    ).to.equal(`True containerd://${CONTAINERD_VERSION}`);
  });

  it(
    "Docker's bundled containerd config kept (CRI disabled): " +
      'NotReady (unknown service runtime.v1alpha2.RuntimeService) until containerd restarts with CRI',
    async () => {
      await seedDockerNode(host(), V119, cp);
      const units = await migrate(host(), V119, {
        config: 'true',
        flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
      });
      expect(units).to.deep.equal({ containerd: 'active', kubelet: 'active' });
      expect(node(host()).ready).to.equal(false);
      const { kubelet } = await readSimNode(host());
      expect(kubelet).to.include({ cause: 'CRIDisabled', containerRuntimeVersion: null });
      // k8s_node's wait_ready knows these words as a cause waiting cannot cure.
      expect(lastingCause(kubelet!.message)?.id).to.equal('cri_plugin_disabled');
      expect(kubelet!.message).to.contain('unknown service runtime.v1alpha2.RuntimeService');
      // The running kubelet notices containerd come back with CRI: restart order does not matter.
      await sh(host(), `${v2Config('registry.k8s.io/pause:3.2', false)} && systemctl restart containerd`);
      expect(node(host())).to.include({ ready: true, runtime: `containerd://${CONTAINERD_VERSION}` });
    },
  );

  it('1.19 without --container-runtime=remote still runs dockershim: with Docker stopped the node is NotReady', async () => {
    await seedDockerNode(host(), V119, cp);
    await migrate(host(), V119, {
      config: v2Config('registry.k8s.io/pause:3.2', false),
      flags: `--container-runtime-endpoint=${ENDPOINT}`,
    });
    expect(node(host())).to.include({ ready: false, runtime: `docker://${DOCKER_VERSION}` });
    const { kubelet } = await readSimNode(host());
    expect(kubelet).to.include({ runtime: 'docker', cause: 'DockerUnreachable' });
    // k8s_node's wait_ready knows these words as a cause waiting cannot cure.
    expect(lastingCause(kubelet!.message)?.id).to.equal('runtime_socket_missing');
    expect(kubelet!.warnings[0]).to.contain('without --container-runtime=remote');
    // Docker back: the running dockershim kubelet is Ready again (still on Docker, not migrated).
    await sh(host(), 'systemctl start docker');
    expect(node(host())).to.include({ ready: true, runtime: `docker://${DOCKER_VERSION}` });
  });

  it('1.27 kubeadm: --container-runtime=remote fails kubelet (unknown flag); the endpoint in config.yaml alone gives Ready', async () => {
    await seedDockerNode(host(), V127, cp);
    const config = v2Config('registry.k8s.io/pause:3.9', true);
    const failed = await migrate(host(), V127, {
      config,
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
    });
    expect(failed).to.deep.equal({ containerd: 'active', kubelet: 'failed' });
    expect(await sh(host(), 'systemctl status kubelet; true')).to.contain('unknown flag: --container-runtime');
    const crashed = (await readSimNode(host())).kubelet;
    expect(crashed).to.include({
      cause: 'Crashed',
      crashed: 'failed to parse kubelet flag: unknown flag: --container-runtime',
    });
    // The same words as wait_ready's table; the kubelet exits on them and posts nothing, so here the unit fails at once.
    expect(lastingCause(crashed?.crashed ?? '')?.id).to.equal('unknown_flag');
    const fixed = await migrate(host(), V127, {
      config,
      flags: '--pod-infra-container-image=registry.k8s.io/pause:3.9',
      more: `echo 'containerRuntimeEndpoint: ${ENDPOINT}' >> /var/lib/kubelet/config.yaml`,
    });
    expect(fixed).to.deep.equal({ containerd: 'active', kubelet: 'active' });
    expect(node(host())).to.include({
      ready: true,
      runtime: `containerd://${CONTAINERD_VERSION}`,
      kubeletVersion: 'v1.27.3',
    });
  });

  it('SystemdCgroup = true under a cgroupfs kubelet: NotReady, cgroup driver mismatch', async () => {
    await seedDockerNode(host(), V119, cp);
    await migrate(host(), V119, {
      config: v2Config('registry.k8s.io/pause:3.2', true),
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
    });
    expect(node(host()).ready).to.equal(false);
    const { kubelet } = await readSimNode(host());
    expect(kubelet).to.include({
      cause: 'CgroupDriverMismatch',
      containerRuntimeVersion: `containerd://${CONTAINERD_VERSION}`,
    });
    // k8s_node's wait_ready knows these words as a cause waiting cannot cure.
    expect(lastingCause(kubelet!.message)?.id).to.equal('cgroup_driver');
    expect(kubelet!.message).to.contain(
      'runc create failed: expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got "/kubepods/',
    );
  });

  it('a sandbox image on an unreachable registry: NotReady; a hosts.toml mirror on a reachable one: Ready', async () => {
    const china = { ...V119, reachableRegistries: ['registry.aliyuncs.com'] };
    await seedDockerNode(host(), china, cp);
    const flags = `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`;
    await migrate(host(), china, { config: v2Config('registry.k8s.io/pause:3.2', false), flags });
    expect(node(host()).ready).to.equal(false);
    const { kubelet } = await readSimNode(host());
    expect(kubelet).to.include({ cause: 'SandboxImageUnreachable' });
    // k8s_node's wait_ready knows these words as a cause waiting cannot cure.
    expect(lastingCause(kubelet!.message)?.id).to.equal('sandbox_image');
    expect(kubelet!.message).to.contain(
      'failed to get sandbox image "registry.k8s.io/pause:3.2": failed to pull image',
    );
    const mirror = [
      `sed -i 's|^\\( *\\)config_path = .*|\\1config_path = "/etc/containerd/certs.d"|' /etc/containerd/config.toml`,
      'mkdir -p /etc/containerd/certs.d/registry.k8s.io',
      `printf '%s\\n' 'server = "https://registry.k8s.io"' '[host."https://registry.aliyuncs.com"]' '  ` +
        `capabilities = ["pull", "resolve"]' > /etc/containerd/certs.d/registry.k8s.io/hosts.toml`,
    ].join('\n');
    await migrate(host(), china, { config: `${v2Config('registry.k8s.io/pause:3.2', false)}\n${mirror}`, flags });
    expect(node(host()).ready).to.equal(true);
    expect((await readSimNode(host())).containerd!.cri.configPath).to.equal('/etc/containerd/certs.d');
  });

  it('a containerd config that does not parse fails the containerd unit with the real error, and the node goes NotReady', async () => {
    await seedDockerNode(host(), V119, cp);
    const units = await migrate(host(), V119, {
      config: `printf 'version = 2\\n[plugins."io.containerd.grpc.v1.cri"\\n' > /etc/containerd/config.toml`,
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
    });
    expect(units).to.deep.equal({ containerd: 'failed', kubelet: 'active' });
    expect(await sh(host(), 'systemctl status containerd; true')).to.match(
      /containerd: failed to load TOML: \/etc\/containerd\/config\.toml: \(2, \d+\)/,
    );
    expect(node(host()).ready).to.equal(false);
    expect((await readSimNode(host())).kubelet!.message).to.contain(
      'dial unix /run/containerd/containerd.sock: connect: no such file or directory',
    );
  });

  it('registry.mirrors together with config_path: containerd runs without its CRI plugin, NotReady', async () => {
    await seedDockerNode(host(), V119, cp);
    const mirrors =
      `sed -i -e 's|^\\( *\\)config_path = .*|\\1config_path = "/etc/containerd/certs.d"|' -e ` +
      `'s|^\\( *\\)\\[plugins."io.containerd.grpc.v1.cri".registry.mirrors\\]|&\\n\\1  ` +
      `[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\\n\\1    endpoint = ` +
      `["https://registry.aliyuncs.com"]|' /etc/containerd/config.toml`;
    await migrate(host(), V119, {
      config: `${v2Config('registry.k8s.io/pause:3.2', false)}\n${mirrors}`,
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
    });
    const { containerd, kubelet } = await readSimNode(host());
    expect(containerd!.cri).to.include({
      enabled: false,
      why: 'invalid plugin config: `mirrors` cannot be set when `config_path` is provided',
    });
    expect(containerd!.cri.mirrors).to.deep.equal({ 'docker.io': ['https://registry.aliyuncs.com'] });
    expect(kubelet).to.include({ cause: 'CRIDisabled', ready: false });
  });

  it("Docker's log-opts: kubelet's 100Mi and 5 files carry them; 100m (a Kubernetes quantity of 0.1) does not", async () => {
    const opts: DockerNodeOptions = { ...V119, flavour: 'deb', logOpts: { maxSize: '100m', maxFile: '5' } };
    await seedDockerNode(host(), opts, cp);
    expect((await readSimNode(host())).kubelet!.logs).to.deep.equal({
      docker: { maxSize: '100m', maxFile: '5' },
      kubelet: { maxSize: null, maxFiles: null },
      carried: false,
      why: "max-size 100m is 104857600 bytes, kubelet's (unset) is the default 10Mi; max-file 5, kubelet's (unset, default 5)",
    });
    const flags = `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`;
    await migrate(host(), opts, {
      config: v2Config('registry.k8s.io/pause:3.2', false),
      flags: `${flags} --container-log-max-size=100m --container-log-max-files=5`,
    });
    expect((await readSimNode(host())).kubelet!.logs).to.include({ carried: false });
    await migrate(host(), opts, {
      config: 'true',
      flags,
      more: `printf 'containerLogMaxSize: 100Mi\\ncontainerLogMaxFiles: 5\\n' >> /var/lib/kubelet/config.yaml`,
    });
    const { kubelet } = await readSimNode(host());
    expect(kubelet!.logs).to.deep.equal({
      docker: { maxSize: '100m', maxFile: '5' },
      kubelet: { maxSize: '100Mi', maxFiles: '5' },
      carried: true,
    });
    expect(kubelet!.ready).to.equal(true);
  });

  it('a registry behind a proxy: NotReady until containerd has the proxy; an insecure one needs http:// or skip_verify', async () => {
    await seedDockerNode(
      host(),
      { ...V119, reachableRegistries: ['registry.k8s.io via-proxy', 'mirror.example:5000 insecure'] },
      cp,
    );
    await migrate(host(), V119, {
      config: v2Config('registry.k8s.io/pause:3.2', false),
      flags: `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
    });
    expect((await readSimNode(host())).kubelet).to.include({ cause: 'SandboxImageUnreachable' });
    await sh(
      host(),
      'mkdir -p /etc/systemd/system/containerd.service.d && printf ' +
        '\'[Service]\\nEnvironment="HTTPS_PROXY=http://proxy:3128" "NO_PROXY=.svc"\\n\' > ' +
        '/etc/systemd/system/containerd.service.d/http-proxy.conf && systemctl restart containerd',
    );
    expect(node(host())).to.include({ ready: true, runtime: `containerd://${CONTAINERD_VERSION}` });
    // The sandbox image on the insecure mirror: over verified TLS it fails; with skip_verify it pulls.
    const onMirror = (hosts: string) =>
      `sed -i 's|^\\( *\\)sandbox_image = .*|\\1sandbox_image = "mirror.example:5000/pause:3.2"|; ` +
      `s|^\\( *\\)config_path = .*|\\1config_path = "/etc/containerd/certs.d"|' ` +
      `/etc/containerd/config.toml && mkdir -p /etc/containerd/certs.d/mirror.example:5000 && printf ` +
      `'${hosts}' > /etc/containerd/certs.d/mirror.example:5000/hosts.toml && systemctl restart ` +
      `containerd`;
    await sh(host(), onMirror('server = "https://mirror.example:5000"\\n'));
    expect((await readSimNode(host())).kubelet).to.include({ cause: 'SandboxImageUnreachable' });
    await sh(host(), onMirror('server = "https://mirror.example:5000"\\nskip_verify = true\\n'));
    expect(node(host())).to.include({ ready: true });
  });
});
