import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml, type RunOpts } from '../support/run.js';

// ansible.posix.sysctl on the lab hosts. The running values come from the labelled
// stand-in (test/lab/sim/sysctl, values under /run/sim-sysctl); the files are real.
// Compared with ansible-playbook 2.14 in the `sysctl` corpus case.
describe('sysctl module', () => {
  const host = () => hostNames()[0]!;
  const sim = (key: string) =>
    onHost(host(), `cat /run/sim-sysctl/${key.replace(/\./g, '/')} 2>/dev/null; true`).trim();
  const task = async (args: string, opts: RunOpts = {}) =>
    (await runYaml(`- hosts: ${host()}\n  tasks:\n    - name: s\n      ansible.posix.sysctl: ${args}\n`, opts))
      .task('s')
      .get(host())!;
  // The machine's own value: the tests must never change it.
  const machineSwappiness = () => readFileSync('/proc/sys/vm/swappiness', 'utf8').trim();
  let before = '';

  beforeEach(() => {
    before = machineSwappiness();
    onHost(host(), 'rm -rf /run/sim-sysctl /etc/sysctl.d/90-lab.conf; mkdir -p /etc/sysctl.d');
  });
  afterEach(() => expect(machineSwappiness(), 'the machine kernel value').to.equal(before));

  it('writes the key to the file and reloads it; applied again, ok; the kernel of the machine is untouched', async () => {
    const args = '{ name: vm.swappiness, value: "7", sysctl_file: /etc/sysctl.d/90-lab.conf }';
    const first = await task(args);
    expect([first.status, first.changes]).to.deep.equal([
      'changed',
      ['write /etc/sysctl.d/90-lab.conf (16 bytes)', 'sysctl -p /etc/sysctl.d/90-lab.conf'],
    ]);
    expect(hostFile(host(), '/etc/sysctl.d/90-lab.conf')).to.equal('vm.swappiness=7\n');
    expect(onHost(host(), "stat -c '%a %U' /etc/sysctl.d/90-lab.conf").trim()).to.equal('644 root');
    expect([sim('vm.swappiness'), onHost(host(), 'sysctl -n vm.swappiness').trim()]).to.deep.equal(['7', '7']);
    const again = await task(args);
    expect([again.status, again.changes]).to.deep.equal(['ok', []]);
  });

  it('keeps other lines, drops later duplicates, rewrites key = value as key=value (as Ansible)', async () => {
    onHost(
      host(),
      "printf '# lab\\nnet.ipv4.ip_forward = 0\\n\\nvm.swappiness=1\\nnet.ipv4.ip_forward=0\\n' > /etc/sysctl.d/90-lab.conf",
    );
    const r = await task(
      '{ name: net.ipv4.ip_forward, value: true, sysctl_file: /etc/sysctl.d/90-lab.conf, reload: false }',
    );
    expect(r.status).to.equal('changed');
    expect(hostFile(host(), '/etc/sysctl.d/90-lab.conf')).to.equal('# lab\nnet.ipv4.ip_forward=1\n\nvm.swappiness=1\n');
    expect(sim('net.ipv4.ip_forward'), 'reload: false applies nothing').to.equal('');
  });

  it('with reload, a file already right but a running value that differs is a change (sysctl -p)', async () => {
    onHost(host(), "echo 'vm.swappiness=9' > /etc/sysctl.d/90-lab.conf");
    const r = await task('{ name: vm.swappiness, value: 9, sysctl_file: /etc/sysctl.d/90-lab.conf }');
    expect([r.status, r.changes]).to.deep.equal(['changed', ['sysctl -p /etc/sysctl.d/90-lab.conf']]);
    expect(sim('vm.swappiness')).to.equal('9');
    expect((await task('{ name: vm.swappiness, value: 9, sysctl_file: /etc/sysctl.d/90-lab.conf }')).status).to.equal(
      'ok',
    );
  });

  it('sysctl_set writes the running value with sysctl -w; state absent takes the key out of the file', async () => {
    const r = await task(
      '{ name: vm.swappiness, value: 3, sysctl_set: true, reload: false, sysctl_file: /etc/sysctl.d/90-lab.conf }',
    );
    expect(r.changes).to.deep.equal([
      `sysctl -w vm.swappiness=3 (running: ${before})`,
      'write /etc/sysctl.d/90-lab.conf (16 bytes)',
    ]);
    expect(sim('vm.swappiness')).to.equal('3');
    const gone = await task('{ name: vm.swappiness, state: absent, sysctl_file: /etc/sysctl.d/90-lab.conf }');
    expect(gone.status).to.equal('changed');
    expect(hostFile(host(), '/etc/sysctl.d/90-lab.conf')).to.equal('');
    expect(
      (await task('{ name: vm.swappiness, state: absent, sysctl_file: /etc/sysctl.d/90-lab.conf }')).status,
    ).to.equal('ok');
  });

  it('--check and --diff: the planned file as a diff, nothing written, nothing applied', async () => {
    const r = await task('{ name: vm.swappiness, value: "5", sysctl_file: /etc/sysctl.d/90-lab.conf }', {
      check: true,
      diff: true,
    });
    expect(r.status).to.equal('changed');
    expect(r.diffs).to.deep.equal([{ path: '/etc/sysctl.d/90-lab.conf', before: '', after: 'vm.swappiness=5\n' }]);
    expect(hostFile(host(), '/etc/sysctl.d/90-lab.conf')).to.equal(null);
    expect(sim('vm.swappiness')).to.equal('');
  });

  it("an unknown key fails the reload with sysctl's words; ignoreerrors passes -e and the file is kept", async () => {
    const bad = await task('{ name: net.lab.nothere, value: 1, sysctl_file: /etc/sysctl.d/90-lab.conf }');
    expect([bad.status, bad.msg]).to.deep.equal([
      'failed',
      'Failed to reload sysctl: sysctl: cannot stat /proc/sys/net/lab/nothere: No such file or directory',
    ]);
    onHost(host(), 'rm -f /etc/sysctl.d/90-lab.conf');
    const ok = await task(
      '{ name: net.lab.nothere, value: 1, ignoreerrors: true, sysctl_file: /etc/sysctl.d/90-lab.conf }',
    );
    expect(ok.status).to.equal('changed');
    expect(hostFile(host(), '/etc/sysctl.d/90-lab.conf')).to.equal('net.lab.nothere=1\n');
  });

  it("state present without value is refused with Ansible's words", async () => {
    const r = await task('{ name: vm.swappiness }');
    expect([r.status, r.msg]).to.deep.equal(['failed', 'state is present but all of the following are missing: value']);
  });
});
