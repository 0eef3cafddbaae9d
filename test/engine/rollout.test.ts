import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../../src/engine/events.js';
import { lab } from '../lab/shared.js';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, project, runFile, runYaml } from '../support/run.js';

const batches = (events: RunEvent[]) => events.flatMap((e) => (e.kind === 'batch-start' ? [e.hosts] : []));
const stops = (events: RunEvent[]) => events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []));

// An inventory of 10 names over the 3 lab hosts would need 10 hosts: the serial
// table is a unit test (test/plan); here the batches are checked on the real run.
describe('serial rollouts and failure limits', () => {
  it('serial: 1 runs the hosts one batch at a time, in inventory order', async () => {
    const run = await runYaml(`
- hosts: all
  serial: 1
  tasks:
    - name: stamp
      shell: "date +%s%N > /tmp/serial-stamp"
`);
    expect(batches(run.events)).to.deep.equal(hostNames().map((h) => [h]));
    // Each batch finished before the next began: the stamps increase in host order.
    const stamps = hostNames().map((h) => Number(hostFile(h, '/tmp/serial-stamp')));
    expect([...stamps].sort((a, b) => a - b)).to.deep.equal(stamps);
  });

  it('serial [1, "50%"]: batches of 1 then 1 then 1 on 3 hosts', async () => {
    const run = await runYaml(`- hosts: all\n  serial: [1, "50%"]\n  tasks:\n    - command: "true"\n`);
    expect(batches(run.events).map((b) => b.length)).to.deep.equal([1, 1, 1]);
  });

  it('a failing host with serial 1 stops the rollout: done, failed and untouched are reported', async () => {
    const [first, second, third] = hostNames();
    for (const h of hostNames()) onHost(h, 'rm -f /tmp/rolled');
    const run = await runYaml(`
- hosts: all
  serial: 1
  tasks:
    - name: fail on the second node
      command: test {{inventory_hostname}} != ${second}
    - name: mark
      file: { path: /tmp/rolled, state: touch }
`);
    const [stop] = stops(run.events);
    expect(stop).to.deep.include({ done: [first], failed: [second], untouched: [third] });
    expect(stop?.reason).to.contain('every host of the batch failed');
    expect(hostFile(first!, '/tmp/rolled')).to.equal('');
    expect(hostFile(third!, '/tmp/rolled')).to.equal(null);
    expect(run.recap.get(third!)).to.equal(undefined);
  });

  it('max_fail_percentage must be exceeded: 1 of 3 failing (33%) goes on at 34, stops at 33', async () => {
    const [, second] = hostNames();
    const yaml = (pct: number) => `
- hosts: all
  max_fail_percentage: ${pct}
  tasks:
    - name: fail one
      command: test {{inventory_hostname}} != ${second}
    - name: after
      command: "true"
`;
    const goesOn = await runYaml(yaml(34));
    expect(stops(goesOn.events)).to.deep.equal([]);
    expect(goesOn.task('after').size).to.equal(2);
    const stopped = await runYaml(yaml(33));
    expect(stops(stopped.events)[0]?.reason).to.contain('more than max_fail_percentage 33%');
    expect(stopped.task('after').size).to.equal(0);
  });

  it('any_errors_fatal stops every host after the task where one failed', async () => {
    const [first] = hostNames();
    const run = await runYaml(`
- hosts: all
  any_errors_fatal: true
  tasks:
    - name: fail one
      command: test {{inventory_hostname}} != ${first}
    - name: after
      command: "true"
`);
    expect(stops(run.events)[0]?.reason).to.contain('any_errors_fatal');
    expect(run.task('after').size).to.equal(0);
  });

  it('an unreachable host in a serial rollout is reported as failed in the stop report', async () => {
    const dir = project({ 'p.yaml': '- hosts: all\n  serial: 1\n  tasks:\n    - command: "true"\n' });
    const inv = join(dir, 'hosts.yaml');
    writeFileSync(
      inv,
      `all:\n  hosts:\n    ghost: { ansible_host: 127.0.1.252 }\n    ${lab().hosts[0]!.name}: { ansible_host: ` +
        `${lab().hosts[0]!.address}, ansible_ssh_private_key_file: ${lab().keyFile} }\n  vars: ` +
        `{ runbook_known_hosts_file: ${lab().knownHostsFile} }\n`,
    );
    const run = await runFile(join(dir, 'p.yaml'), { inventory: inv });
    expect(stops(run.events)[0]).to.deep.include({ failed: ['ghost'], untouched: [lab().hosts[0]!.name], done: [] });
  });
});
