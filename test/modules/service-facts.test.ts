import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';
import { asPlainHost, asSystemdHost } from '../lab/sim/systemd-pid1.js';
import { resetUnits } from '../lab/sim/units.js';
import { writeServiceFactsUnits } from './service-facts-units.js';

// service_facts on a lab host, read as Ansible 2.14 reads it: `service --status-all` (the
// host's real init.d scripts), and on a host booted with systemd (the labelled stand-in
// of test/lab/sim/systemd-pid1.ts) the systemctl stand-in's list-units/list-unit-files.
// ansible-playbook gave the same entries in the `service-facts` corpus case.
describe('service_facts module', function () {
  this.timeout(120_000);
  const host = () => hostNames()[0]!;
  const SYSV = '/etc/init.d/sf-sysv';
  const yaml = () =>
    `- hosts: ${host()}\n  tasks:\n    - name: f\n      ansible.builtin.service_facts:\n` +
    `    - name: use\n      debug: { msg: "{{ services['sf-sysv'].state }} {{ ansible_facts.services['ssh'].source }}" }\n`;
  const run = async (check = false) => {
    const rec = await runYaml(yaml(), { check, diff: true });
    const f = rec.task('f').get(host())!;
    const services = (f.data.ansible_facts as { services: Record<string, Record<string, string>> }).services;
    return { f, services, use: rec.task('use').get(host())!.data.msg };
  };
  const ours = (services: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(services).filter(([k]) => k.startsWith('sf-')));

  before(() =>
    // A sysv script whose status is a file's presence: `service --status-all` runs it.
    onHost(
      host(),
      `printf '#!/bin/sh\\ncase "$1" in status) [ -e /run/sf-sysv ] && echo running || { echo stopped; exit 3; } ;; esac\\n' > ${SYSV} && chmod +x ${SYSV}`,
    ),
  );
  after(() => {
    asPlainHost(host());
    resetUnits(host(), 'sf-');
    onHost(host(), `rm -f ${SYSV} /run/sf-sysv`);
  });

  it('without systemd as PID 1: the sysv scripts alone, running or stopped; ok under apply and --check, no diff', async () => {
    onHost(host(), 'touch /run/sf-sysv');
    for (const check of [false, true]) {
      const { f, services, use } = await run(check);
      expect([f.status, f.changes, f.diffs]).to.deep.equal(['ok', [], []]);
      expect(ours(services)).to.deep.equal({ 'sf-sysv': { name: 'sf-sysv', state: 'running', source: 'sysv' } });
      expect(services.ssh).to.deep.equal({ name: 'ssh', state: 'running', source: 'sysv' });
      expect(Object.values(services).filter((s) => s.source !== 'sysv')).to.deep.equal([]);
      expect(use).to.equal('running sysv');
    }
    onHost(host(), 'rm /run/sf-sysv');
    expect((await run()).services['sf-sysv']!.state).to.equal('stopped');
  });

  it('under systemd: running, failed, masked, static and template units as Ansible shapes them, beside the sysv ones', async () => {
    asSystemdHost(host());
    writeServiceFactsUnits(host());
    const { f, services } = await run();
    expect([f.status, f.changes]).to.deep.equal(['ok', []]);
    const unit = (name: string, state: string, status: string) => ({ name, state, status, source: 'systemd' });
    expect(ours(services)).to.deep.equal({
      'sf-fail.service': unit('sf-fail.service', 'stopped', 'failed'),
      'sf-mask.service': unit('sf-mask.service', 'stopped', 'masked'),
      'sf-off.service': unit('sf-off.service', 'stopped', 'disabled'),
      'sf-run.service': unit('sf-run.service', 'running', 'enabled'),
      'sf-static.service': unit('sf-static.service', 'stopped', 'static'),
      'sf-sysv': { name: 'sf-sysv', state: 'stopped', source: 'sysv' },
      // A template is no unit of its own: list-unit-files names it, `show` gives its ActiveState.
      'sf-tpl@.service': unit('sf-tpl@.service', 'inactive', 'disabled'),
    });
    expect(services.ssh).to.deep.equal({ name: 'ssh', state: 'running', source: 'sysv' });
  });
});
