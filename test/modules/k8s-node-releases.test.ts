// k8s_node with the kubectl of older releases on the host that runs it (the
// SIMULATION stand-in of test/sim/kubectl in front of the machine's kubectl
// 1.32): the drain uses the flags that release has, and a client runbook
// cannot drive fails the task before anything in the cluster changes.
import { expect } from 'chai';
import { placement, smallCluster } from '../sim/control-plane/fixtures.js';
import { startControlPlane, type ControlPlane } from '../sim/control-plane/index.js';
import { nodePlay } from '../sim/control-plane/playbook.js';
import { installKubectl, kubectlCalls, removeKubectl } from '../sim/kubectl/index.js';
import { shell } from '../sim/node/remote.js';
import { hostNames } from '../support/run.js';

describe("k8s_node with the kubectl of the host's own release", () => {
  let cp: ControlPlane;
  const control = () => hostNames()[0]!;
  const worker = () => hostNames()[1]!;
  const node = () => cp.state.nodes.find((n) => n.name === worker())!;
  const writes = () => cp.state.requests.filter((r) => !r.startsWith('GET'));

  beforeEach(async () => {
    cp = await startControlPlane(smallCluster(hostNames()));
  });
  afterEach(async () => cp.stop());
  after(async () => removeKubectl(control()));

  const { run: play, task, result } = nodePlay(() => cp, worker, control);

  it('the 1.19 stand-in refuses --delete-emptydir-data as kubectl 1.19 does, and says 1.19 in each version format', async () => {
    await installKubectl(control(), '1.19.16');
    const refused = await shell(control(), 'kubectl drain --delete-emptydir-data=true -- some-node');
    expect(refused).to.deep.equal({
      rc: 1,
      out: '',
      err: "Error: unknown flag: --delete-emptydir-data\nSee 'kubectl drain --help' for usage.\n",
    });
    const json = await shell(control(), 'kubectl version --client -o json');
    expect(JSON.parse(json.out).clientVersion).to.include({ major: '1', minor: '19', gitVersion: 'v1.19.16' });
    expect((await shell(control(), 'kubectl version --client')).out).to.match(
      /^Client Version: version\.Info\{Major:"1", Minor:"19", GitVersion:"v1\.19\.16", /,
    );
    expect((await shell(control(), 'kubectl version --client --short')).out).to.equal('Client Version: v1.19.16\n');
  });

  // The command as shown is shell-quoted: `--delete-local-data\=true`.
  const words = (cmd: unknown) => String(cmd).replace(/\\=/g, '=').split(' ');
  for (const [release, flag, not] of [
    ['1.19.16', '--delete-local-data', '--delete-emptydir-data'],
    ['1.20.15', '--delete-emptydir-data', '--delete-local-data'],
  ] as const) {
    it(`drain through kubectl ${release} uses ${flag}, evicts the pods, and a second drain is ok`, async () => {
      await installKubectl(control(), release);
      const run = await play(
        task('drain', 'action: drain, timeout: 60') + task('drain again', 'action: drain, timeout: 60'),
      );
      const first = result(run, 'drain');
      expect(first.status, first.msg).to.equal('changed');
      expect(words(first.data.cmd)).to.include(`${flag}=true`).and.not.include(`${not}=true`);
      expect(first.data.stderr).to.not.contain('deprecated');
      expect(cp.state.pods.filter((p) => p.node === worker()).map((p) => p.name)).to.deep.equal([
        `log-agent-${worker()}`,
      ]);
      expect(node().unschedulable).to.equal(true);
      expect(result(run, 'drain again')).to.include({
        status: 'ok',
        msg: `node ${worker()} is cordoned and has no pods to evict`,
      });
      // The release was read once for the host, not once per task.
      expect((await kubectlCalls(control())).filter((a) => a[0] === 'version')).to.deep.equal([
        ['version', '--client', '--output=json'],
      ]);
    });
  }

  it('kubectl 1.15 fails every action before anything changes, naming its release', async () => {
    await installKubectl(control(), '1.15.12');
    const before = placement(cp.state);
    const run = await play(task('cordon', 'action: cordon') + task('drain', 'action: drain, timeout: 60'));
    const r = result(run, 'cordon');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.equal(
      `kubectl v1.15.12 is older than 1.16, the oldest runbook knows the flags of (kubectl on ${control()}); install a kubectl of 1.16 or later there`,
    );
    expect(writes()).to.deep.equal([]);
    expect(placement(cp.state)).to.deep.equal(before);
    expect(node().unschedulable).to.equal(false);
  });

  it('disable_eviction through kubectl 1.17 fails naming the option and the release; through 1.18 it is passed', async () => {
    await installKubectl(control(), '1.17.17');
    const before = placement(cp.state);
    const old = result(await play(task('drain', 'action: drain, disable_eviction: true, timeout: 60')), 'drain');
    expect(old.status).to.equal('failed');
    expect(old.msg).to.equal(
      `kubectl v1.17.17 has no disable_eviction (--disable-eviction): ` +
        `it came in kubectl 1.18 (kubectl on ${control()}); drop the option or use a newer kubectl there`,
    );
    expect(writes()).to.deep.equal([]);
    expect(placement(cp.state)).to.deep.equal(before);
    await installKubectl(control(), '1.18.20');
    const run = result(
      await play(task('drain', 'action: drain, disable_eviction: true, skip_wait_for_delete_timeout: 30, timeout: 60')),
      'drain',
    );
    expect(run.status, run.msg).to.equal('changed');
    expect(words(run.data.cmd)).to.include.members([
      '--delete-local-data=true',
      '--disable-eviction=true',
      '--skip-wait-for-delete-timeout=30',
    ]);
    expect(cp.state.pods.filter((p) => p.node === worker()).map((p) => p.name)).to.deep.equal([
      `log-agent-${worker()}`,
    ]);
  });
  it("no kubectl on the task's PATH fails the task saying so, before anything changes", async () => {
    const run = await play(task('drain', 'action: drain, timeout: 60', '      environment: { PATH: /nonexistent }\n'));
    expect(result(run, 'drain')).to.include({
      status: 'failed',
      msg: `kubectl is not installed on ${control()} (not on the PATH of the task's user)`,
    });
    expect(writes()).to.deep.equal([]);
  });
  it('a kubectl whose release cannot be read fails the task quoting what it printed, before anything changes', async () => {
    await shell(
      control(),
      'mkdir -p /tmp/odd-kubectl && printf "#!/bin/sh\\necho kubectl from nowhere\\n" > /tmp/odd-kubectl/kubectl && chmod 755 /tmp/odd-kubectl/kubectl',
    );
    const run = await play(
      task('drain', 'action: drain, timeout: 60', '      environment: { PATH: "/tmp/odd-kubectl:/usr/bin:/bin" }\n'),
    );
    expect(result(run, 'drain')).to.include({
      status: 'failed',
      msg: `cannot tell which kubectl release runs on ${control()}: \`kubectl version --client\` printed "kubectl from nowhere"`,
    });
    expect(writes()).to.deep.equal([]);
    await shell(control(), 'rm -rf /tmp/odd-kubectl');
  });
});
