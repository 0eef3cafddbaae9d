import { expect } from 'chai';
import { hostFile, onHost } from '../support/host-shell.js';
import { applyPlain } from '../support/plain-apply.js';
import { hostNames, runYaml } from '../support/run.js';
import { lab } from '../lab/shared.js';
import { bootsOf, watchReboots } from '../lab/sim/reboot-watch.js';

// reboot on a lab host: the shutdown stand-in (test/lab/sim/shutdown) ends only that host's
// PID namespace and the restarter (test/lab/sim/reboot-watch.ts) starts it again with a new
// boot_id; runbook reconnects, waits for the new boot id and test_command, and the next
// task runs on the new connection. A file in the host's /run (a tmpfs) is gone after it.
// A reboot is always a change (in Ansible too): there is no "again, ok".
describe('reboot module', function () {
  this.timeout(180_000);
  const host = () => hostNames()[0]!;
  let stop: () => void = () => undefined;
  const play = (task: string) =>
    `- hosts: ${host()}\n  tasks:\n    - name: r\n${task}\n    - name: after\n      command: cat /proc/sys/kernel/random/boot_id\n`;

  before(async () => {
    stop = await watchReboots(lab(), host());
  });
  after(() => stop());

  it('reboots, reconnects once the boot id changed, and the next task runs on the new host; result as Ansible', async () => {
    onHost(host(), 'touch /run/rb-before; rm -f /var/lib/sim-reboot/log');
    const bootBefore = onHost(host(), 'cat /proc/sys/kernel/random/boot_id').trim();
    const boots = bootsOf(lab(), host());
    const rec = await runYaml(
      play('      ansible.builtin.reboot: { msg: "node maintenance", pre_reboot_delay: 30, reboot_timeout: 120 }'),
    );
    const r = rec.task('r').get(host())!;
    expect([r.status, r.data.rebooted, typeof r.data.elapsed, r.msg]).to.deep.equal([
      'changed',
      true,
      'number',
      undefined,
    ]);
    expect(bootsOf(lab(), host())).to.equal(boots + 1);
    const after = rec.task('after').get(host())!;
    expect(after.status).to.equal('changed');
    expect(String(after.data.stdout)).to.not.equal(bootBefore);
    expect(hostFile(host(), '/run/rb-before')).to.equal(null);
    // Linux shutdown takes minutes: 30 s of pre_reboot_delay is "-r 0", as Ansible sends it.
    expect(onHost(host(), 'cut -d" " -f2- /var/lib/sim-reboot/log')).to.equal('delay=0 node maintenance\n');
  });

  it('--check reboots nothing: changed, rebooted, elapsed 0', async () => {
    const boots = bootsOf(lab(), host());
    onHost(host(), 'touch /run/rb-check');
    const rec = await runYaml(play('      reboot:'), { check: true });
    const r = rec.task('r').get(host())!;
    expect([r.status, r.data.rebooted, r.data.elapsed, r.changes]).to.deep.equal([
      'changed',
      true,
      0,
      ['reboot (Reboot initiated by Ansible)'],
    ]);
    expect([bootsOf(lab(), host()), hostFile(host(), '/run/rb-check')]).to.deep.equal([boots, '']);
  });

  it("fails with Ansible's words when test_command never succeeds, and when shutdown is not in search_paths", async () => {
    const rec = await runYaml(play('      reboot: { test_command: "test -e /run/never", reboot_timeout: 15 }'));
    const r = rec.task('r').get(host())!;
    expect([r.status, r.msg, r.data.rebooted]).to.deep.equal([
      'failed',
      'Timed out waiting for post-reboot test command (timeout=15)',
      true,
    ]);
    const missing = await runYaml(play('      reboot: { search_paths: [/nowhere] }'));
    const m = missing.task('r').get(host())!;
    expect([m.status, m.msg]).to.deep.equal([
      'failed',
      `Unable to find command "shutdown" in search paths: ['/nowhere']`,
    ]);
  });

  // ansible-playbook 2.14 on a lab host (2026-12-08), `reboot: { reboot_timeout: 120 }`:
  // --check --diff printed "changed: [host]" and the recap ok=1 changed=1; --diff rebooted
  // and printed the same; no diff either way (the reboot action returns none).
  it('--diff and --check --diff: changed, no diff shown, the recap as Ansible; only --diff reboots', async () => {
    const yaml = `- hosts: ${host()}\n  gather_facts: false\n  tasks:\n    - name: r\n      reboot: { reboot_timeout: 120 }\n`;
    const shown = (check: string[]) => [
      ...check,
      `PLAY [${host()}]`,
      'TASK [r]',
      `changed: [${host()}]`,
      'PLAY RECAP',
      `${host()} : ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0`,
    ];
    const boots = bootsOf(lab(), host());
    const checked = await applyPlain(yaml, host(), ['--check', '--diff']);
    expect([checked.code, checked.lines, bootsOf(lab(), host())]).to.deep.equal([
      0,
      shown(['(check mode: nothing will be changed)']),
      boots,
    ]);
    const applied = await applyPlain(yaml, host(), ['--diff']);
    expect([applied.code, applied.lines, bootsOf(lab(), host())]).to.deep.equal([0, shown([]), boots + 1]);
  });
});
