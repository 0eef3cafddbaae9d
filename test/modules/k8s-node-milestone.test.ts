import { expect } from 'chai';
import { milestoneOf } from '../../src/modules/k8s/node-milestone.js';

// k8s_node's `milestone`: what state each action leaves the node in (the report reads it).
describe("k8s_node's milestone in its result", () => {
  it('says cordoned, uncordoned, drained, and ready-on-<runtime> only for a wait that ended Ready; reads reach none', () => {
    const docker = { ready: true, runtime_name: 'docker' };
    expect(['cordon', 'uncordon', 'drain', 'runtime', 'annotate'].map((a) => milestoneOf(a, docker))).to.deep.equal([
      { milestone: 'cordoned' },
      { milestone: 'uncordoned' },
      { milestone: 'drained' },
      {},
      {},
    ]);
    expect(milestoneOf('wait_ready', { ready: true, runtime_name: 'containerd' })).to.deep.equal({
      milestone: 'ready-on-containerd',
    });
    expect(milestoneOf('wait_ready', docker)).to.deep.equal({ milestone: 'ready-on-docker' });
    expect(milestoneOf('wait_ready', { ready: false, runtime_name: 'containerd' })).to.deep.equal({});
  });
});
