// playbooks/containerd.yaml end to end on nodes set up otherwise: reached through sudo, Docker's registry
// settings, air-gapped, no containerd package, kubelet flags inline in the unit.
import { expect } from 'chai';
import { readSimNode, sh } from '../sim/node/index.js';
import { nodeWithoutContainerd } from '../sim/node/no-containerd.js';
import { SANDBOX } from './sim-cluster.js';
import { changes, ENDPOINT, expectClean, migrationSuite, writes } from './migration-run.js';

describe('playbooks/containerd.yaml on a simulated Docker-era cluster (end to end): how nodes are reached and set up', function () {
  const { c, apply, node } = migrationSuite(this);

  it('a cluster reached as a sudo user with a password migrates and re-runs to no change; the password is shown nowhere', async () => {
    await c.reseed();
    const run = await apply({ inventory: c.sudoInventory });
    expectClean(run);
    for (const h of [c.controlHost, ...c.workers]) {
      expect(node(h)).to.include({ ready: true, unschedulable: false });
      expect(node(h).runtime, h).to.match(/^containerd:\/\//);
      // Written through sudo: root's files, as a root login would leave them.
      expect(
        (await sh(h, 'stat -c %U:%G /etc/containerd/config.toml /etc/crictl.yaml')).trim().split('\n'),
      ).to.deep.equal(['root:root', 'root:root']);
    }
    c.cp.state.requests.length = 0;
    const again = await apply({ inventory: c.sudoInventory });
    expectClean(again);
    expect(changes(again)).to.equal(0);
    expect(writes(c)).to.deep.equal([]);
    const everything = JSON.stringify([run.events, again.events]);
    expect(everything).to.not.contain(c.sudoPassword).and.not.contain(JSON.stringify(c.sudoPassword).slice(1, -1));
  });

  it(
    "Docker's mirrors, insecure registries and proxy are carried to containerd (pulls go through the real " +
      'mirror); what cannot be carried is reported',
    async () => {
      const [first] = c.workers as [string];
      const reg = c.registry.address;
      const proxy = {
        HTTP_PROXY: 'http://proxy.example:3128',
        HTTPS_PROXY: 'http://proxy.example:3128',
        NO_PROXY: `localhost,127.0.0.1,${reg.split(':')[0]},.svc`,
      };
      await c.reseed({
        [first]: {
          // docker.io only through the lab's real registry, a plain-HTTP mirror (the sandbox image comes
          // from there); the pods' images from registry.k8s.io.
          reachableRegistries: [`${reg} insecure`, 'registry.k8s.io'],
          daemonJson: {
            'registry-mirrors': [`http://${reg}`],
            'insecure-registries': [reg, '10.0.0.0/8'],
            'data-root': '/data/docker',
            'live-restore': true,
            'default-runtime': 'nvidia',
            runtimes: { nvidia: { path: 'nvidia-container-runtime' } },
          },
          dockerProxy: proxy,
        },
      });
      // The mirror serves docker.io's library/pause:3.9 and library/app:1; the real Docker pulls through it.
      await sh(
        first,
        `for i in library/pause:3.9 library/app:1; do docker tag registry.k8s.io/pause:3.9 ${reg}/$i && docker ` +
          `push ${reg}/$i >/dev/null && docker rmi ${reg}/$i >/dev/null; done`,
      );
      await sh(
        first,
        'docker pull docker.io/library/app:1 >/dev/null && docker rmi docker.io/library/app:1 >/dev/null',
      );
      // A pull asks for the tag's manifest (HEAD or GET), then for blobs by digest.
      const appPulls = () => c.registry.requests().filter((r) => r.includes(' /v2/library/app/manifests/')).length;
      const pulledByDocker = appPulls();
      expect(pulledByDocker, "Docker's pull went through its registry mirror").to.be.greaterThan(0);

      const run = await apply({
        limit: [first],
        extraVars: { containerd_sandbox_image: 'docker.io/library/pause:3.9' },
      });
      expectClean(run);
      expect(node(first).runtime).to.match(/^containerd:\/\//);
      expect(node(first).ready).to.equal(true);
      const hub = await sh(first, 'cat /etc/containerd/certs.d/docker.io/hosts.toml');
      expect(hub).to.contain('server = "https://registry-1.docker.io"').and.contain(`[host."http://${reg}"]`);
      const insecure = await sh(first, `cat /etc/containerd/certs.d/${reg}/hosts.toml`);
      expect(insecure)
        .to.contain(`server = "https://${reg}"`)
        .and.contain('skip_verify = true')
        .and.contain(`[host."http://${reg}"]`);
      // The real containerd pulled the sandbox image (Docker never had it) through the mirror the playbook
      // wrote, and pulls any docker.io image that way, on a node that reaches no other registry.
      expect((await sh(first, 'ctr -n k8s.io images ls -q')).split('\n')).to.include('docker.io/library/pause:3.9');
      expect(c.registry.requests().some((r) => r.includes(' /v2/library/pause/manifests/'))).to.equal(true);
      await sh(
        first,
        'ctr -n k8s.io images pull --hosts-dir /etc/containerd/certs.d docker.io/library/app:1 >/dev/null',
      );
      expect(appPulls()).to.be.greaterThan(pulledByDocker);
      await sh(first, `ctr -n k8s.io images pull --hosts-dir /etc/containerd/certs.d ${reg}/library/app:1 >/dev/null`);
      const dropIn = await sh(first, 'cat /etc/systemd/system/containerd.service.d/http-proxy.conf');
      for (const [k, v] of Object.entries(proxy)) expect(dropIn).to.contain(`Environment="${k}=${v}"`);
      expect((await readSimNode(first)).containerd?.proxy).to.deep.equal(proxy);
      const report = String(
        run.task('Report Docker settings that containerd cannot take over (nothing is dropped silently)').get(first)
          ?.data.debug,
      );
      for (const setting of [
        'insecure-registries = "10.0.0.0/8"',
        'data-root = "/data/docker"',
        'default-runtime = "nvidia"',
        'runtimes = ',
        'live-restore = true',
      ])
        expect(report).to.contain(setting);
      // live-restore keeps Docker's containers running when dockerd stops: the pods' containers were stopped first.
      expect((await sh(first, `ps -eo args | grep -c '^/bin/sh -c trap' || true`)).trim()).to.equal(
        String(JSON.parse(await sh(first, 'cat /run/sim-node/pods.json')).running.length),
      );
      // A re-run changes nothing.
      const again = await apply({
        limit: [first],
        extraVars: { containerd_sandbox_image: 'docker.io/library/pause:3.9' },
      });
      expectClean(again);
      expect(changes(again)).to.equal(0);
    },
  );

  it('an air-gapped node migrates on the images carried from Docker, in containerd before its kubelet starts', async () => {
    const kubeadm = c.workers[2]!;
    await c.reseed({ [kubeadm]: { reachableRegistries: [] } });
    const run = await apply({ limit: [kubeadm] });
    expectClean(run);
    expect(node(kubeadm)).to.include({ ready: true, unschedulable: false });
    expect(node(kubeadm).runtime).to.match(/^containerd:\/\//);
    // `docker save` of the real image (a busybox root file system, about 2 MB) piped into the real ctr.
    expect(
      String(
        run
          .task(
            'Report the images carried (one that could not be carried is pulled again, if the node can reach its registry)',
          )
          .get(kubeadm)?.data.debug,
      ),
    ).to.match(/carried 1 image\(s\), \d{7} bytes, from Docker into containerd$/);
    expect((await sh(kubeadm, 'ctr -n k8s.io images ls -q | grep -v ^sha256:')).trim().split('\n')).to.deep.equal([
      SANDBOX,
    ]);
    // The node reaches no registry: its pods run on containerd only because the image was there when its
    // kubelet started (the kubelet decides Ready once, at its start).
    const pods = JSON.parse(await sh(kubeadm, 'cat /run/sim-node/pods.json')) as {
      runtime: string;
      running: string[];
      waiting: unknown[];
    };
    expect(pods).to.deep.include({ runtime: 'containerd', waiting: [] });
    expect(pods.running).to.include(`kube-system/kube-proxy-${kubeadm}`);
  });

  it('a node without containerd gets the package installed (package module), then migrates', async () => {
    const [first] = c.workers as [string];
    await c.reseed();
    const sim = await nodeWithoutContainerd(first);
    try {
      const run = await apply({ limit: [first] });
      expectClean(run);
      expect(
        run
          .task(
            "Install containerd where the node has none (containerd_package, from the node's own repositories or mirror)",
          )
          .get(first)?.status,
      ).to.equal('changed');
      expect((await sh(first, "dpkg-query -W -f='${Version}' containerd")).trim()).to.equal(sim.version);
      expect(node(first)).to.include({ ready: true, unschedulable: false });
      expect(node(first).runtime).to.match(/^containerd:\/\//);
    } finally {
      await sim.undo();
    }
  });

  it('flags written inline in the unit move to a drop-in; the node migrates and a re-run is a no-op', async () => {
    const [first] = c.workers as [string];
    await c.reseed({ [first]: { flavour: 'inline' } });
    const run = await apply({ limit: [first] });
    expectClean(run);
    expect(node(first)).to.include({ ready: true, unschedulable: false });
    expect(node(first).runtime).to.match(/^containerd:\/\//);
    const dropIn = await sh(first, 'cat /etc/systemd/system/kubelet.service.d/90-runbook-runtime.conf');
    expect(dropIn).to.match(
      /^ExecStart=\/usr\/local\/bin\/kubelet .*--config=\/var\/lib\/kubelet\/config.yaml .*\$KUBELET_RUNTIME_ARGS$/m,
    );
    expect(await sh(first, 'cat /etc/systemd/system/kubelet.service.d/runbook-runtime.env')).to.contain(
      `--container-runtime-endpoint=${ENDPOINT}`,
    );
    expect((await readSimNode(first)).kubelet?.argv).to.include(`--container-runtime-endpoint=${ENDPOINT}`);
    c.cp.state.requests.length = 0;
    const again = await apply({ limit: [first] });
    expectClean(again);
    expect(changes(again)).to.equal(0);
    expect(writes(c)).to.deep.equal([]);
  });
});
