import { expect } from 'chai';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { readSimNode, sh } from '../sim/node/index.js';
import { nodeWithoutContainerd } from '../sim/node/no-containerd.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';
import { onHost } from '../support/host-shell.js';
import { runFile, type Recorded, type RunOpts } from '../support/run.js';
import { CRICTL_VERSION, KUBECONFIG, SANDBOX, startSimCluster, type SimCluster } from './sim-cluster.js';

const playbook = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'containerd.yaml');
const cleanupPlaybook = join(import.meta.dirname, '..', '..', '..', 'playbooks', 'docker-cleanup.yaml');
const stops = (events: RunEvent[]) => events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []));
const changes = (run: Recorded) => [...run.recap.values()].reduce((n, c) => n + c.changed, 0);
const writes = (c: SimCluster) => c.cp.state.requests.filter((r) => !r.startsWith('GET'));
const ENDPOINT = 'unix:///run/containerd/containerd.sock';
/** Honest reports: no task failed, none was rescued, on any host. */
function expectClean(run: Recorded): void {
  const failures = run.results
    .filter((r) => r.status === 'failed' || r.status === 'unreachable')
    .map((r) => `${r.host}: ${r.msg}`);
  expect(failures, 'no fatal line').to.deep.equal([]);
  for (const [h, counts] of run.recap) expect(counts, h).to.include({ failed: 0, unreachable: 0, rescued: 0 });
  expect(stops(run.events)).to.deep.equal([]);
}

describe('playbooks/containerd.yaml on a simulated Docker-era cluster (end to end)', function () {
  this.timeout(240_000);
  let c: SimCluster;
  const apply = (o: RunOpts = {}) =>
    runFile(playbook, { inventory: c.inventory, ...o, extraVars: { allow_docker_sock_pods: 'true', ...o.extraVars } });
  const node = (name: string) => c.cp.state.nodes.find((n) => n.name === name)!;
  const podsPerOwner = () => {
    const count: Record<string, number> = {};
    for (const p of c.cp.state.pods)
      if (p.owner?.kind === 'ReplicaSet') count[p.owner.name] = (count[p.owner.name] ?? 0) + 1;
    return count;
  };

  before(async () => {
    c = await startSimCluster();
  });
  after(async () => {
    await c?.stop();
  });

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

  it('a node whose sandbox registry is unreachable is rolled back, and the rollout stops there', async () => {
    const [first, second, third] = c.workers as [string, string, string];
    await c.reseed({ [second]: { reachableRegistries: [] } });
    c.cp.state.requests.length = 0;
    // Nothing carried from Docker: the node must pull, and cannot.
    const run = await apply({ extraVars: { carry_images: 'false' } });
    const [stop] = stops(run.events);
    expect(stop).to.deep.include({ done: [first], failed: [second], untouched: [third] });
    expect(node(first).runtime).to.match(/^containerd:\/\//);
    expect(node(second)).to.include({ ready: true, unschedulable: false });
    expect(node(second).runtime).to.match(/^docker:\/\//);
    expect(await sh(second, 'cat /etc/containerd/config.toml')).to.contain('disabled_plugins = ["cri"]');
    expect(node(third).runtime).to.match(/^docker:\/\//);
    expect(c.cp.state.requests.some((r) => r.includes(`/nodes/${third}`) && !r.startsWith('GET'))).to.equal(false);
    const failure = run.results.find(
      (r) => r.host === second && r.status === 'failed' && r.msg?.includes('rolled back'),
    );
    expect(failure?.msg).to.contain('rolled back to Docker');
  });

  it('a PodDisruptionBudget that blocks the drain stops the rollout, naming it; the node is left uncordoned', async () => {
    const [first] = c.workers as [string];
    await c.reseed({}, { pdbOn: first });
    const run = await apply();
    const [stop] = stops(run.events);
    expect(stop?.failed).to.deep.equal([first]);
    const drain = run.task('Cordon and drain the node').get(first)!;
    expect(drain.status).to.equal('failed');
    expect(drain.msg).to.contain('db-pdb');
    expect(run.task('Warn about them').get(c.controlHost)!.data.debug).to.contain('default/db-pdb');
    expect(node(first)).to.include({ unschedulable: false, ready: true });
    expect(node(first).runtime).to.match(/^docker:\/\//);
    // Nothing on the node changed, and the report says so instead of claiming a rollback.
    expect(stop?.failures[0]?.msg)
      .to.contain(`${first} was not touched`)
      .and.contain('db-pdb')
      .and.not.contain('rolled back');
    expect(
      run
        .task(
          'Restore the files this run replaced (the oldest backup of each made after the mark), remove those it created',
        )
        .get(first)?.status ?? 'skipped',
    ).to.equal('skipped');
    expect(run.task('Stop kubelet').has(first)).to.equal(false);
  });

  it('a failed control-plane switch is rolled back: the API serves again and the node is uncordoned', async () => {
    // The workers migrate; the control plane cannot pull its sandbox or static pod images on containerd.
    await c.reseed({ [c.controlHost]: { reachableRegistries: [] } });
    const run = await apply({ extraVars: { carry_images: 'false' } });
    const [stop] = stops(run.events);
    expect(stop).to.deep.include({ failed: [c.controlHost], untouched: [] });
    expect(stop?.failures[0]?.msg).to.contain('rolled back to Docker').and.contain('Ready and uncordoned');
    for (const w of c.workers) expect(node(w).runtime, w).to.match(/^containerd:\/\//);
    expect(c.cp.apiServers.serving(c.controlHost)).to.equal(true);
    expect(node(c.controlHost)).to.include({ ready: true, unschedulable: false });
    expect(node(c.controlHost).runtime).to.match(/^docker:\/\//);
    expect(node(c.controlHost).annotations['kubeadm.alpha.kubernetes.io/cri-socket']).to.equal(
      'unix:///var/run/cri-dockerd.sock',
    );
    expect(await sh(c.controlHost, 'cat /etc/containerd/config.toml')).to.contain('disabled_plugins = ["cri"]');
    expect((await readSimNode(c.controlHost)).kubelet).to.include({ runtime: 'docker', ready: true });
    // kubectl on the control-plane host answers again.
    expect(
      (await sh(c.controlHost, `kubectl --kubeconfig=${KUBECONFIG} get node ${c.controlHost} -o name`)).trim(),
    ).to.equal(`node/${c.controlHost}`);
  });

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

  it('crictl proves the switch on the node: a pod of the node that does not come back on containerd rolls it back', async () => {
    const [first] = c.workers as [string];
    // Docker has the image; containerd would have to pull it from a registry this node cannot reach.
    await c.reseed({}, { imageOn: { node: first, image: 'quay.io/calico/node:v3.26.1' } });
    const run = await apply({ limit: [first] });
    const proof = run
      .task('Proof on the node, through crictl, that containerd is ready and runs every pod the API has on this node')
      .get(first)!;
    expect(proof.status).to.equal('failed');
    expect(proof.msg).to.contain(`no ready sandbox through crictl for: kube-system/net-agent-${first}`);
    const [stop] = stops(run.events);
    expect(stop?.failures[0]?.msg).to.contain('rolled back to Docker');
    expect(node(first)).to.include({ ready: true, unschedulable: false });
    expect(node(first).runtime).to.match(/^docker:\/\//);
  });

  it('playbooks/docker-cleanup.yaml refuses a node still on Docker and changes nothing on it', async () => {
    await c.reseed();
    const run = await runFile(cleanupPlaybook, {
      inventory: c.inventory,
      limit: [c.workers[0]!],
      extraVars: { remove_docker_packages: 'true', prune_docker_data: 'true' },
    });
    const refused = run.task('Refuse a node that still runs on Docker').get(c.workers[0]!)!;
    expect(refused.status).to.equal('failed');
    expect(refused.msg).to.contain('still runs on docker://').and.contain('nothing was changed');
    expect(changes(run)).to.equal(0);
    expect(
      (await sh(c.workers[0]!, 'systemctl is-active docker; systemctl is-enabled docker')).trim().split('\n'),
    ).to.deep.equal(['active', 'enabled']);
  });

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
