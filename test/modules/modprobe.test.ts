import { expect } from 'chai';
import { hostFile, onHost, treeDigest } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// community.general.modprobe on the lab hosts. Loading goes to the labelled stand-ins
// (test/lab/sim/modprobe and lsmod, state under /run/sim-modprobe); the files in
// /etc/modules-load.d and /etc/modprobe.d are real. Ansible's module reads /proc/modules,
// which this machine's kernel (no loadable modules) lacks: the both-engines corpus case
// `modprobe` (test/ansible-corpus-sys-options.test.ts) gives its Python the stand-in's list
// and compares the runs; what differs (--check with persistent, multi-line rewrites) is
// checked here against Ansible's source.
describe('modprobe module', () => {
  const host = () => hostNames()[0]!;
  const loaded = () => onHost(host(), 'lsmod | tail -n +2 | cut -d" " -f1').trim().split('\n').filter(Boolean);
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: m\n      community.general.modprobe: ${args}\n`, opts))
      .task('m')
      .get(host())!;

  beforeEach(() =>
    onHost(host(), 'rm -rf /run/sim-modprobe /etc/modules-load.d /etc/modprobe.d; mkdir -p /etc/modprobe.d'),
  );

  it('loads a module with its params and writes both files for boot; again, ok; result as Ansible', async () => {
    const args = '{ name: br_netfilter, params: "a=1 b=2", persistent: present }';
    const first = await task(args);
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      [
        'load br_netfilter a=1 b=2',
        'create directory /etc/modules-load.d',
        'write /etc/modules-load.d/br_netfilter.conf (13 bytes)',
        'write /etc/modprobe.d/br_netfilter.conf (50 bytes)',
      ],
    ]);
    expect(first.data).to.deep.equal({ name: 'br_netfilter', params: 'a=1 b=2', state: 'present' });
    expect(loaded()).to.deep.equal(['br_netfilter']);
    expect(onHost(host(), 'cat /run/sim-modprobe/br_netfilter').trim()).to.equal('a=1 b=2');
    expect(hostFile(host(), '/etc/modules-load.d/br_netfilter.conf')).to.equal('br_netfilter\n');
    expect(hostFile(host(), '/etc/modprobe.d/br_netfilter.conf')).to.equal(
      'options br_netfilter a=1\noptions br_netfilter b=2\n',
    );
    const again = await task(args);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('new params comment out the old options lines of other files; a module listed elsewhere is not listed again', async () => {
    onHost(
      host(),
      "mkdir -p /etc/modules-load.d && printf 'overlay\\nbr_netfilter # k8s\\n' > /etc/modules-load.d/k8s.conf " +
        "&& printf 'options br_netfilter old=1\\noptions other x=1\\n' > /etc/modprobe.d/k8s.conf",
    );
    const r = await task('{ name: br_netfilter, params: "new=2", persistent: present }');
    expect(r.changes).to.deep.equal([
      'load br_netfilter new=2',
      'write /etc/modprobe.d/k8s.conf (46 bytes)',
      'write /etc/modprobe.d/br_netfilter.conf (27 bytes)',
    ]);
    expect(hostFile(host(), '/etc/modprobe.d/k8s.conf')).to.equal('#options br_netfilter old=1\noptions other x=1\n');
    expect(hostFile(host(), '/etc/modules-load.d/br_netfilter.conf')).to.equal(null);
    expect((await task('{ name: br_netfilter, params: "new=2", persistent: present }')).status).to.equal('ok');
  });

  it('state absent unloads; persistent absent comments out its lines; then ok', async () => {
    await task('{ name: overlay, persistent: present }');
    expect(loaded()).to.deep.equal(['overlay']);
    const r = await task('{ name: overlay, state: absent, persistent: absent }');
    expect(r.changes).to.deep.equal(['unload overlay', 'write /etc/modules-load.d/overlay.conf (9 bytes)']);
    expect(loaded()).to.deep.equal([]);
    expect(hostFile(host(), '/etc/modules-load.d/overlay.conf')).to.equal('#overlay\n');
    expect((await task('{ name: overlay, state: absent, persistent: absent }')).status).to.equal('ok');
  });

  it('--check and --diff: the planned files as diffs, nothing loaded or written', async () => {
    const before = treeDigest(host(), '/etc/modprobe.d');
    const r = await task('{ name: ip_vs, persistent: present, params: "conn_tab_bits=12" }', {
      check: true,
      diff: true,
    });
    expect(r.status).to.equal('changed');
    expect(r.diffs).to.deep.equal([
      { path: '/etc/modules-load.d/ip_vs.conf', before: '', after: 'ip_vs\n' },
      { path: '/etc/modprobe.d/ip_vs.conf', before: '', after: 'options ip_vs conn_tab_bits=12\n' },
    ]);
    expect([loaded(), hostFile(host(), '/etc/modules-load.d'), treeDigest(host(), '/etc/modprobe.d')]).to.deep.equal([
      [],
      null,
      before,
    ]);
  });

  it("a module that does not exist fails with modprobe's words, rc and stderr", async () => {
    const r = await task('{ name: no_such_mod }');
    expect(r.status).to.equal('failed');
    expect(r.msg).to.match(/^modprobe: FATAL: Module no_such_mod not found in directory \/lib\/modules\//);
    expect(r.data.rc).to.equal(1);
  });
});
