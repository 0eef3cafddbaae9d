// Decision table of k8s_node on a FAKE host whose kubectl answers from data
// (test/support/fake-kubectl.ts): what each action plans for each node state,
// which kubectl flags a release gets, and that a second plan after applying is
// ok. The real kubectl against the simulated control plane: test/modules/k8s-node*.test.ts.
import { expect } from 'chai';
import shellQuote from 'shell-quote';
import { fakeHost } from '../../support/fake-connection.js';
import { kubectlAnswers, type FakeCluster } from '../../support/fake-kubectl.js';
import { converge, planOn } from '../../support/plan-module.js';

const cluster = (over: Partial<FakeCluster> = {}): FakeCluster => ({
  kubectl: 'v1.27.3',
  nodes: { n1: {}, n2: { unschedulable: true } },
  pods: [
    { namespace: 'default', name: 'web-1', node: 'n1', controller: 'ReplicaSet', images: ['nginx:1.25'] },
    {
      namespace: 'kube-system',
      name: 'proxy-n1',
      node: 'n1',
      controller: 'DaemonSet',
      hostPaths: ['/var/run/docker.sock'],
    },
    { namespace: 'kube-system', name: 'etcd-n1', node: 'n1', mirror: true },
  ],
  ...over,
});

const on = (c: FakeCluster) => fakeHost({ name: 'cp1', commands: [kubectlAnswers(c)] });

describe('decision table (fake host): k8s_node', () => {
  const rows: { args: Record<string, unknown>; changes: string[]; msg?: string }[] = [
    { args: { name: 'n1', action: 'cordon' }, changes: ['cordon node n1'] },
    { args: { name: 'n2', action: 'cordon' }, changes: [], msg: 'node n2 is already cordoned' },
    { args: { name: 'n2', action: 'uncordon' }, changes: ['uncordon node n2'] },
    { args: { name: 'n1', action: 'uncordon' }, changes: [], msg: 'node n1 is already schedulable' },
    { args: { name: 'n1', action: 'drain' }, changes: ['drain node n1: cordon, evict 1 pod(s): default/web-1'] },
    { args: { name: 'n2', action: 'drain' }, changes: [], msg: 'node n2 is cordoned and has no pods to evict' },
    {
      args: { name: 'n1', action: 'annotate', annotations: { a: '1', gone: null } },
      changes: ['annotate node n1: a=1'],
    },
  ];
  for (const row of rows) {
    it(`${JSON.stringify(row.args)}: ${row.changes.join(', ') || row.msg}`, async () => {
      const c = cluster();
      const host = on(c);
      const { first, applied, again } = await converge('k8s_node', row.args, host);
      expect(first.plan.failed).to.equal(undefined);
      expect(first.changes).to.deep.equal(row.changes);
      expect(first.plan.msg).to.equal(row.msg);
      expect(applied.filter((r) => r.failed)).to.deep.equal([]);
      expect(again.changes).to.deep.equal([]);
    });
  }

  it('an annotation already there and one to remove: only the removal is sent, with its diff', async () => {
    const c = cluster({ nodes: { n1: { annotations: { a: '1', old: 'x' } } } });
    const { plan, changes } = await planOn(
      'k8s_node',
      { name: 'n1', action: 'annotate', annotations: { a: '1', old: null } },
      on(c),
    );
    expect(changes).to.deep.equal(['annotate node n1: old-']);
    expect(plan.changes[0]!.diff).to.deep.equal({ path: 'node/n1 annotations', before: 'old: x\n', after: '' });
  });

  it('the drain flags follow the kubectl release: 1.19 gets --delete-local-data, 1.27 --delete-emptydir-data', async () => {
    for (const [release, flag] of [
      ['v1.19.16', '--delete-local-data=true'],
      ['v1.27.3', '--delete-emptydir-data=true'],
    ] as const) {
      const host = on(cluster({ kubectl: release }));
      await converge('k8s_node', { name: 'n1', action: 'drain', timeout: 120 }, host);
      const drain = host.commands.find((c) => / drain /.test(c))!;
      expect(shellQuote.parse(drain).join(' ')).to.equal(
        `timeout --kill-after=5 135 kubectl drain --ignore-daemonsets=true ${flag} --force=false --timeout=120s -- n1`,
      );
    }
  });

  it('ignore_daemonsets: false plans to evict the DaemonSet pod too; kubectl refuses, and the task fails with its words', async () => {
    const host = on(cluster());
    const { first, applied } = await converge(
      'k8s_node',
      { name: 'n1', action: 'drain', ignore_daemonsets: false },
      host,
    );
    expect(first.changes).to.deep.equal(['drain node n1: cordon, evict 2 pod(s): default/web-1, kube-system/proxy-n1']);
    expect(applied).to.have.length(1);
    expect(applied[0]!.failed).to.equal(true);
    expect(applied[0]!.msg).to.equal(
      'drain of node n1 failed: error: unable to drain node "n1" due to error: ' +
        'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/proxy-n1, ' +
        'continuing command...',
    );
  });

  it('options a release lacks fail before anything changes: disable_eviction on kubectl 1.17', async () => {
    const host = on(cluster({ kubectl: 'v1.17.17' }));
    const { plan } = await planOn('k8s_node', { name: 'n1', action: 'drain', disable_eviction: true }, host);
    expect(plan.failed).to.equal(
      'kubectl v1.17.17 has no disable_eviction (--disable-eviction): it came in kubectl 1.18 (kubectl on cp1); drop the option or use a newer kubectl there',
    );
    expect(host.commands.filter((c) => / drain /.test(c))).to.deep.equal([]);
  });

  it('a kubectl older than 1.16 and a node the cluster does not have fail, naming them', async () => {
    const old = await planOn('k8s_node', { name: 'n1', action: 'cordon' }, on(cluster({ kubectl: 'v1.15.12' })));
    expect(old.plan.failed).to.equal(
      'kubectl v1.15.12 is older than 1.16, the oldest runbook knows the flags of (kubectl on cp1); install a kubectl of 1.16 or later there',
    );
    const missing = await planOn('k8s_node', { name: 'n9', action: 'cordon' }, on(cluster()));
    expect(missing.plan.failed).to.equal('node "n9" not found (kubectl on cp1)');
  });

  it("runtime reads only: the pods of the node, their images, and those mounting Docker's socket", async () => {
    const host = on(cluster());
    const { plan, changes } = await planOn('k8s_node', { name: 'n1', action: 'runtime' }, host);
    expect(changes).to.deep.equal([]);
    expect(plan.data).to.deep.include({
      action: 'runtime',
      container_runtime: 'docker://20.10.24',
      pods: ['default/web-1', 'kube-system/proxy-n1', 'kube-system/etcd-n1'],
      images: ['nginx:1.25', 'registry.k8s.io/pause:3.9'],
      docker_socket_pods: ['kube-system/proxy-n1'],
    });
    expect(host.commands.every((c) => / (version|get) /.test(c) || c.startsWith('p=$('))).to.equal(true);
  });
});
