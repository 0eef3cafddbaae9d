// k8s_node runtime within a run: every node's check is served by one read of
// the whole cluster (one kubectl call on the control-plane host), and a node
// this run changed is never served from before its change. Against the
// control-plane stand-in (a SIMULATION), whose request log says what kubectl read.
import { expect } from 'chai';
import { smallCluster } from '../sim/control-plane/fixtures.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/index.js';
import { KUBECONFIG } from '../sim/control-plane/playbook.js';
import { hostNames, runYaml, type Recorded } from '../support/run.js';
import { onHost } from '../support/host-shell.js';
import { quote } from 'shell-quote';

describe('k8s_node runtime: one shared read of the cluster per run', () => {
  let cp: ControlPlane;
  let control: string, w1: string, w2: string;
  beforeEach(async () => {
    [control, w1, w2] = hostNames() as [string, string, string];
    cp = await startControlPlane(smallCluster(hostNames()));
    // Written by the harness, not by the run: a task that changed the control-plane host would
    // make it read anew, and the count of reads would hang on which host asks first.
    onHost(control, `mkdir -p "$(dirname ${KUBECONFIG})" && printf %s ${quote([cp.kubeconfigText])} > ${KUBECONFIG}`);
  });
  afterEach(async () => cp.stop());

  /** kubectl's reads of the node list (the whole cluster) and of single nodes, as the API server saw them. */
  const listReads = () => cp.state.requests.filter((r) => /^GET \/api\/v1\/nodes(\?|$)/.test(r)).length;
  const nodeReads = () => cp.state.requests.filter((r) => r.startsWith('GET /api/v1/nodes/')).length;
  const runtime = (name: string) => `    - name: ${name}
      k8s_node: { name: "{{ inventory_hostname }}", kubeconfig: ${KUBECONFIG}, action: runtime }
      delegate_to: ${control}
`;
  const play = (tasks: string): Promise<Recorded> =>
    runYaml(`- hosts: all
  gather_facts: false
  tasks:
${tasks}`);
  const failures = (r: Recorded) => r.results.filter((x) => x.status === 'failed').map((x) => `${x.host}: ${x.msg}`);

  it('serves every node its facts and pods from one read', async () => {
    const r = await play(runtime('runtime'));
    expect(failures(r)).to.deep.equal([]);
    expect(listReads(), 'one list of the nodes').to.equal(1);
    expect(nodeReads(), 'no node read on its own').to.equal(0);
    const on = (h: string) => r.task('runtime').get(h)!.data;
    expect(on(w1)).to.include({ node: w1, runtime_name: 'docker', ready: true, unschedulable: false });
    expect((on(w1).pods as string[]).sort()).to.deep.equal([
      'default/cache-5d8f7c-j7k8l',
      'default/web-5d8f7c-a1b2c',
      'default/web-5d8f7c-d3e4f',
      `kube-system/log-agent-${w1}`,
    ]);
    expect(on(w1).docker_socket_pods).to.deep.equal([`kube-system/log-agent-${w1}`]);
    expect((on(w2).pods as string[]).sort()).to.deep.equal(['default/web-5d8f7c-g5h6i', `kube-system/log-agent-${w2}`]);
    expect(on(control).pods).to.deep.equal([`kube-system/log-agent-${control}`]);
    for (const h of hostNames()) expect(r.recap.get(h)).to.include({ failed: 0 });
  });

  it('a node this run changed reads the cluster anew each time; the others are served a read made after the last cordon', async () => {
    // The change on w1 (an annotation, by a command of w1's) must show in w1's next check.
    const r = await play(`${runtime('before')}    - name: a change on ${w1}
      command: kubectl --kubeconfig ${KUBECONFIG} annotate node ${w1} example.com/touched=yes
      delegate_to: ${control}
      when: inventory_hostname == "${w1}"
${runtime('after the change')}    - name: cordon ${w2}
      k8s_node: { name: "{{ inventory_hostname }}", kubeconfig: ${KUBECONFIG}, action: cordon }
      delegate_to: ${control}
      when: inventory_hostname == "${w2}"
${runtime('after the cordon')}`);
    expect(failures(r)).to.deep.equal([]);
    const annotations = (task: string, h: string) => r.task(task).get(h)!.data.annotations as Record<string, string>;
    expect(annotations('before', w1)).to.not.have.property('example.com/touched');
    expect(annotations('after the change', w1)).to.have.property('example.com/touched', 'yes');
    expect(r.task('after the change').get(w2)!.data.unschedulable).to.equal(false);
    expect(r.task('after the cordon').get(w2)!.data.unschedulable).to.equal(true);
    expect(r.task('after the cordon').get(w1)!.data.unschedulable).to.equal(false);
    // "before": one read for all. Then w1 and the control-plane host (where w1's change ran) read anew
    // each time, w2 is served one of theirs; after the cordon (of w2, on the control-plane host) all three do.
    expect(listReads()).to.equal(1 + 2 + 3);
    // Single nodes: kubectl annotate's own, then the cordon's check and kubectl cordon's own; no runtime check.
    expect(nodeReads()).to.equal(3);
  });
});
