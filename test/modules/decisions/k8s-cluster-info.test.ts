// Decision table of k8s_cluster_info on a FAKE host whose kubectl answers from
// data (test/support/fake-kubectl.ts): what the preflight learns from one read of
// the cluster. The flagship's preflight against the simulated control plane and
// the real kubectl: test/e2e/containerd-migration.test.ts.
import { expect } from 'chai';
import shellQuote from 'shell-quote';
import { fakeHost } from '../../support/fake-connection.js';
import { kubectlAnswers, type FakeCluster } from '../../support/fake-kubectl.js';
import { planOn } from '../../support/plan-module.js';

const cluster: FakeCluster = {
  kubectl: 'v1.27.3',
  nodes: { n1: {}, n2: { ready: false, unschedulable: true, runtime: 'containerd://1.6.20' } },
  pods: [
    { namespace: 'default', name: 'web-1', node: 'n1', hostPaths: ['/data'] },
    { namespace: 'ci', name: 'dind-0', node: 'n1', hostPaths: ['/var/run/docker.sock'] },
    { namespace: 'mon', name: 'agent-n2', node: 'n2', hostPaths: ['/run/'] },
    { namespace: 'mon', name: 'logs-n2', node: 'n2', hostPaths: ['/run/containerd'] },
  ],
  pdbs: [
    { namespace: 'default', name: 'web', disruptionsAllowed: 1 },
    { namespace: 'db', name: 'pg', disruptionsAllowed: 0 },
  ],
};

describe('decision table (fake host): k8s_cluster_info', () => {
  it('reads nodes, socket-mounting pods and blocking budgets in one kubectl call, changing nothing', async () => {
    const host = fakeHost({ name: 'cp1', commands: [kubectlAnswers(structuredClone(cluster))] });
    const { plan, changes } = await planOn('k8s_cluster_info', { kubeconfig: '/etc/kubernetes/admin.conf' }, host);
    expect(plan.failed).to.equal(undefined);
    expect(changes).to.deep.equal([]);
    expect(plan.data).to.deep.equal({
      nodes: {
        n1: { ready: true, container_runtime: 'docker://20.10.24', unschedulable: false },
        n2: { ready: false, container_runtime: 'containerd://1.6.20', unschedulable: true },
      },
      not_ready: ['n2'],
      docker_socket_pods: ['ci/dind-0', 'mon/agent-n2'],
      blocking_pdbs: ['db/pg'],
    });
    const kubectl = host.commands.filter((c) => c.includes('kubectl') && !c.includes('command -v kubectl'));
    expect(kubectl).to.have.length(1);
    expect(shellQuote.parse(kubectl[0]!)).to.include.members([
      '--kubeconfig=/etc/kubernetes/admin.conf',
      'nodes,pods,poddisruptionbudgets',
      '--all-namespaces',
    ]);
  });

  it("a kubectl that fails ends the read with kubectl's own error", async () => {
    const host = fakeHost({
      name: 'cp1',
      commands: [(c) => (c.includes('kubectl') ? { rc: 1, stderr: 'error: unknown flag --bogus\n' } : undefined)],
    });
    const err = await planOn('k8s_cluster_info', {}, host).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String(err?.message))
      .to.match(/kubectl/)
      .and.contain('unknown flag --bogus');
  });
});
