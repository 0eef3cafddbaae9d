import { expect } from 'chai';
import { readSimNode, sh } from '../sim/node/index.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';
import { onHost } from '../support/host-shell.js';
import { runFile, type RunOpts } from '../support/run.js';
import { CRICTL_VERSION } from './sim-cluster.js';
import { changes, cleanupPlaybook, ENDPOINT, expectClean, playbook, writes, migrationSuite } from './migration-run.js';

describe('playbooks/containerd.yaml on a simulated Docker-era cluster (end to end)', function () {
  const { c, apply, node } = migrationSuite(this);
  const podsPerOwner = () => {
    const count: Record<string, number> = {};
    for (const p of c.cp.state.pods)
      if (p.owner?.kind === 'ReplicaSet') count[p.owner.name] = (count[p.owner.name] ?? 0) + 1;
    return count;
  };

  describe('a full migration, then a re-run', () => {
    before(async () => c.reseed());

    it('stops at preflight when pods mount docker.sock, naming them, before touching any node', async () => {
      c.cp.state.pods.push({
        ...c.cp.state.pods[0]!,
        name: 'dind-0',
        hostPaths: ['/var/run/docker.sock'],
        owner: undefined,
      });
      c.cp.state.requests.length = 0;
      const run = await runFile(playbook, { inventory: c.inventory });
      c.cp.state.pods = c.cp.state.pods.filter((p) => p.name !== 'dind-0');
      const failed = run.results.find((r) => r.status === 'failed');
      expect(failed?.msg).to.contain('docker.sock').and.contain('default/dind-0').and.contain('allow_docker_sock_pods');
      expect(writes(c)).to.deep.equal([]);
      for (const w of c.workers) expect(node(w).runtime).to.match(/^docker:\/\//);
    });

    it('moves every node, the single control plane last, to containerd://, Ready and schedulable, with no pod lost', async () => {
      const before = podsPerOwner();
      const run = await apply();
      expectClean(run);
      for (const w of [c.controlHost, ...c.workers]) {
        const n = node(w);
        expect(n.runtime, w).to.match(/^containerd:\/\//);
        expect(n).to.include({ ready: true, unschedulable: false });
        expect(n.annotations['kubeadm.alpha.kubernetes.io/cri-socket']).to.equal(
          'unix:///run/containerd/containerd.sock',
        );
        const sim = await readSimNode(w);
        expect(sim.kubelet).to.include({ runtime: 'containerd', ready: true });
        expect(sim.containerd?.cri.enabled).to.equal(true);
        expect((await sh(w, '/usr/local/bin/crictl --version')).trim()).to.equal(`crictl version ${CRICTL_VERSION}`);
        const proof = run
          .task(
            'Proof on the node, through crictl, that containerd is ready and runs every pod the API has on this node',
          )
          .get(w);
        expect(proof?.msg, w).to.match(/^runtime ready; each of the node's [1-9]\d* pod\(s\) has a ready sandbox$/);
        expect(proof?.data.missing, w).to.deep.equal([]);
        expect(await sh(w, 'cat /etc/crictl.yaml')).to.contain(
          'runtime-endpoint: unix:///run/containerd/containerd.sock',
        );
      }
      // Docker's log rotation reached kubelet where daemon.json had it.
      expect((await readSimNode(c.workers[0]!)).kubelet?.logs.carried).to.equal(true);
      expect(podsPerOwner()).to.deep.equal(before);
      expect(c.cp.state.pods.every((p) => node(p.node)?.ready)).to.equal(true);
      // Every pod the API binds to a node runs there as a real container in containerd's k8s.io
      // namespace (the drained ones where they moved, the DaemonSet's and static pods recreated),
      // and nothing else does; Docker is stopped.
      for (const w of [c.controlHost, ...c.workers]) {
        const bound = c.cp.state.pods
          .filter((p) => p.node === w)
          .map((p) => `${p.namespace}/${p.name}`)
          .sort();
        const tasks = (await sh(w, 'ctr -n k8s.io tasks ls | awk \'$3 == "RUNNING" {print $1}\''))
          .trim()
          .split('\n')
          .map((id) => id.replace('_', '/'))
          .sort();
        expect(tasks, w).to.deep.equal(bound);
        expect((await sh(w, 'systemctl is-active docker || true')).trim(), w).to.equal('inactive');
      }

      // Workers first, then the control plane: the order of the plays' first results.
      const drained = run.events.flatMap((e) =>
        e.kind === 'task-result' && e.task === 'Cordon and drain the node' ? [e.result.host] : [],
      );
      expect(drained).to.deep.equal([...c.workers, c.controlHost]);
      // kubectl ran on the control-plane host for the workers; for the only control plane, on itself.
      for (const w of c.workers)
        expect(run.task('Cordon and drain the node').get(w)?.delegatedTo).to.equal(c.controlHost);
      // The single control plane's API was announced, went away and was waited for; the report tells the
      // outage from the events' timestamps (test/report/migration-report.test.ts).
      expect(run.task('Announce the API outage of a single control plane').get(c.controlHost)?.data.debug).to.contain(
        'only control-plane host',
      );
      const wait = run
        .task('Wait until the node is Ready (and, on a control-plane node, its API server back)')
        .get(c.controlHost)!;
      expect(wait.msg).to.match(/the API server was unreachable for \d+ s first/);
      expect(wait.data).to.include({ action: 'wait_ready', milestone: 'ready-on-containerd' });
      expect(wait.data.api_unreachable_s).to.be.a('number');
      expect(c.cp.apiServers.serving(c.controlHost)).to.equal(true);

      // Kubespray node: KUBELET_ARGS in kubelet.env (several lines before), its own config file untouched.
      const [rpm, kubespray, kubeadm] = c.workers as [string, string, string];
      expect(await sh(kubespray, '. /etc/kubernetes/kubelet.env; echo "$KUBELET_ARGS"')).to.contain(
        `--container-runtime=remote --container-runtime-endpoint=${ENDPOINT}`,
      );
      expect(await sh(kubespray, 'cat /etc/kubernetes/kubelet-config.yaml')).to.not.contain('containerRuntimeEndpoint');
      expect((await readSimNode(kubespray)).kubelet?.argv).to.include('--config=/etc/kubernetes/kubelet-config.yaml');
      // RPM 1.19: the flags in /etc/sysconfig/kubelet.
      expect(await sh(rpm, 'cat /etc/sysconfig/kubelet')).to.contain(`--container-runtime-endpoint=${ENDPOINT}`);
      // kubeadm 1.27 on cri-dockerd (a worker and the control plane): endpoint in config.yaml, none on the
      // command line, cri-dockerd stopped and disabled.
      for (const h of [kubeadm, c.controlHost]) {
        expect(await sh(h, 'cat /var/lib/kubelet/config.yaml')).to.contain(`containerRuntimeEndpoint: ${ENDPOINT}`);
        expect(await sh(h, 'cat /var/lib/kubelet/kubeadm-flags.env')).to.not.contain('cri-dockerd');
        expect(
          (await sh(h, 'systemctl is-active cri-docker; systemctl is-enabled cri-docker || true')).trim().split('\n'),
        ).to.deep.equal(['inactive', 'disabled']);
      }
    });

    it('a re-run with disable_docker=true disables docker on the migrated nodes, draining none', async () => {
      const nodes = [c.controlHost, ...c.workers];
      const run = await apply({ extraVars: { disable_docker: 'true' } });
      expectClean(run);
      for (const w of nodes) expect((await sh(w, 'systemctl is-enabled docker || true')).trim()).to.equal('disabled');
      // One change per node (docker's enablement), and no node drained again.
      expect(changes(run)).to.equal(nodes.length);
      expect([...run.task('Cordon and drain the node').values()].map((r) => r.status)).to.deep.equal(
        nodes.map(() => 'skipped'),
      );
    });

    it('playbooks/docker-cleanup.yaml shows under --check what it would remove, removes Docker but not containerd.io, and re-runs to no change', async () => {
      const nodes = [c.controlHost, ...c.workers];
      const [first] = c.workers as [string];
      // Docker's packages as Docker's repository ships them (tiny stand-ins from a local repository), and some data.
      useLocalAptRepo(first, [
        { name: 'docker-ce', version: '5:20.10.24-1' },
        { name: 'containerd.io', version: '1.6.20-1' },
      ]);
      try {
        onHost(
          first,
          'apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq docker-ce containerd.io >/dev/null 2>&1',
        );
        // On top of what the real dockerd left there (its overlay2 layers), a 1 MiB file.
        for (const h of nodes)
          await sh(
            h,
            'mkdir -p /var/lib/docker/overlay2 && head -c 1048576 /dev/zero > /var/lib/docker/overlay2/layer',
          );
        const cleanup = (o: RunOpts = {}) => runFile(cleanupPlaybook, { inventory: c.inventory, ...o });
        const all = { remove_docker_packages: 'true', prune_docker_data: 'true' };
        const installed = () =>
          sh(first, "dpkg-query -W -f='${Package} ${Status}\\n' docker-ce containerd.io 2>/dev/null; true");

        const check = await cleanup({ check: true, extraVars: all });
        expectClean(check);
        expect(String(check.task('Report it (prune_docker_data removes it)').get(first)?.data.debug)).to.match(
          /takes \d{7,} bytes/,
        );
        const wouldRemove = check
          .task("Remove Docker's packages (remove_docker_packages)")
          .get(first)
          ?.changes.join(' ');
        expect(wouldRemove).to.contain('docker-ce');
        expect(wouldRemove).to.not.contain('containerd.io');
        expect(await installed()).to.contain('docker-ce install ok installed');
        expect((await sh(first, 'ls /var/lib/docker/overlay2')).split('\n')).to.include('layer');

        const tasks = (h: string) => sh(h, 'ctr -n k8s.io tasks ls | awk \'$3 == "RUNNING" {print $1}\' | sort');
        const podsBefore = await Promise.all(nodes.map(tasks));
        const run = await cleanup({ extraVars: all });
        expectClean(run);
        // containerd's pods, real containers, run on untouched.
        expect(await Promise.all(nodes.map(tasks))).to.deep.equal(podsBefore);
        const after = await installed();
        expect(after).to.not.contain('docker-ce install ok installed');
        expect(after).to.contain('containerd.io install ok installed');
        for (const h of nodes) {
          // The lab's /var/lib/docker is a file system of its own (as a disk for Docker is on many
          // nodes): it cannot go, its contents do, and the run says so.
          expect(
            (
              await sh(
                h,
                'ls -A /var/lib/docker 2>&1; systemctl is-enabled docker; systemctl is-active containerd; true',
              )
            )
              .trim()
              .split('\n'),
          ).to.deep.equal(['disabled', 'active']);
          expect(
            String(
              run
                .task(
                  'Say which mounts are left (unmount them and remove them from /etc/fstab when the disk is no longer needed)',
                )
                .get(h)?.data.debug,
            ),
          ).to.contain('/var/lib/docker is a mount of its own: emptied, still mounted');
          expect(node(h)).to.include({ ready: true });
        }
        const again = await cleanup({ extraVars: all });
        expectClean(again);
        expect(changes(again)).to.equal(0);
      } finally {
        restoreApt(first, ['docker-ce', 'containerd.io']);
      }
    });

    it('a re-run changes nothing, drains no node, writes nothing to the API, and reports no failure at all', async () => {
      c.cp.state.requests.length = 0;
      const run = await apply();
      expectClean(run);
      expect(changes(run)).to.equal(0);
      expect(writes(c)).to.deep.equal([]);
      expect(run.events.some((e) => e.kind === 'task-result' && e.task.startsWith('Restore the files'))).to.equal(
        false,
      );
    });
  });

  it('stops at preflight when a node is not Ready, before touching any node', async () => {
    await c.reseed();
    c.cp.setNode(c.workers[1]!, { ready: false });
    c.cp.state.requests.length = 0;
    const run = await apply();
    c.cp.setNode(c.workers[1]!, { ready: true });
    expect(run.task('Every node is Ready before we start').get(c.controlHost)!.status).to.equal('failed');
    expect(writes(c)).to.deep.equal([]);
    expect(run.results.some((r) => c.workers.includes(r.host))).to.equal(false);
  });

  it('--check --diff shows each node its file diffs and changes nothing', async () => {
    await c.reseed();
    const digest = () =>
      Promise.all(
        c.workers.map((w) =>
          sh(
            w,
            'cat /etc/containerd/config.toml /etc/sysconfig/kubelet /etc/default/kubelet /var/lib/kubelet/kubeadm-flags.env 2>/dev/null | sha256sum',
          ),
        ),
      );
    const before = await digest();
    c.cp.state.requests.length = 0;
    const run = await apply({ check: true, diff: true });
    expect(await digest()).to.deep.equal(before);
    expect(writes(c)).to.deep.equal([]);
    for (const w of c.workers) {
      const config = run
        .task("Write containerd's config (version 2, containerd 1.x), checked by containerd first")
        .get(w);
      expect(config?.status, JSON.stringify(run.results.map((r) => [r.host, r.status, r.msg]))).to.equal('changed');
      expect(config?.diffs[0]?.before).to.contain('disabled_plugins = ["cri"]');
      expect(config?.diffs[0]?.after).to.contain('sandbox_image = "registry.k8s.io/pause:3.9"');
      expect(node(w).runtime).to.match(/^docker:\/\//);
    }
  });

  it('a node on containerd 2.x gets a version 3 config (shown under --check)', async () => {
    await c.reseed();
    const facts = { containerd_version: '2.0.2', kubelet_version: '1.23.17', arch: 'x86_64' };
    const run = await apply({ check: true, diff: true, limit: [c.controlHost, c.workers[0]!], extraVars: { facts } });
    const v3 = run
      .task("Write containerd's config (version 3, containerd 2.x), checked by containerd first")
      .get(c.workers[0]!)!;
    expect(v3.status).to.equal('changed');
    expect(v3.diffs[0]?.after)
      .to.contain('version = 3')
      .and.contain('[plugins."io.containerd.cri.v1.images".pinned_images]');
    expect(
      run.task("Write containerd's config (version 2, containerd 1.x), checked by containerd first").get(c.workers[0]!)!
        .status,
    ).to.equal('skipped');
  });
});
