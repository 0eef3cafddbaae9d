import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';
import { restoreApt, useLocalAptRepo } from '../lab/sim/packages.js';

// package_facts on a lab host (Debian, real dpkg): every installed package under
// `packages` and `ansible_facts.packages`, shaped as ansible-playbook 2.14 gave
// them on a lab host (name → [{name, version, arch, category, source: apt, …}]).
describe('package_facts module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;

  before(() => {
    useLocalAptRepo(host(), [{ name: 'rbtest-facts', version: '3.1-2' }]);
    onHost(
      host(),
      'apt-get -q update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get -y -q install rbtest-facts >/dev/null',
    );
  });
  after(() => restoreApt(host(), ['rbtest-facts']));

  it('lists installed packages (a removed one is gone); ok under apply and --check; later tasks read ansible_facts.packages', async () => {
    const yaml =
      `- hosts: ${host()}\n  tasks:\n    - name: f\n      package_facts: { manager: auto }\n` +
      (`    - name: use\n      debug: { msg: "{{ ansible_facts.packages['rbtest-facts'][0].version }} {{ ` +
        `('dpkg' in packages) | ternary('T', 'F') }} {{ ('rbtest-gone' in ansible_facts.packages) ` +
        `| ternary('T', 'F') }}" }\n`);
    for (const check of [false, true]) {
      const rec = await runYaml(yaml, { check });
      const f = rec.task('f').get(host())!;
      expect([f.status, f.changes]).to.deep.equal(['ok', []]);
      const table = (f.data.ansible_facts as { packages: Record<string, unknown[]> }).packages;
      expect(table['rbtest-facts']).to.deep.equal([
        { name: 'rbtest-facts', version: '3.1-2', arch: 'all', category: '', source: 'apt' },
      ]);
      expect(table.dpkg).to.have.length(1);
      expect(rec.task('use').get(host())!.data.msg).to.equal('3.1-2 T F');
    }
    onHost(host(), 'dpkg -r rbtest-facts >/dev/null');
    const after = await runYaml(yaml);
    expect(after.task('use').get(host())!.status).to.equal('failed');
  });
});
