// Facts read ahead of a host's batch (engine/facts-ahead.ts), on the lab's real
// hosts. Each host gets a stand-in kubelet that logs every call: the gather
// script runs `kubelet --version` once per reading, so its log counts the
// readings and says when the first one was made. A task of the first batch
// waits (wait_for, delegated: a read, not a change) for the later host's log
// to exist: it can only pass if that host was read while the first batch ran.
import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import { hostFile, onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

const READS = '/tmp/facts-ahead-kubelet-reads';
const KUBELET = '/usr/local/bin/kubelet';
const standIn = (version: string) => `#!/bin/sh\necho read >> ${READS}\necho Kubernetes v${version}\n`;

const readsOn = (host: string) => (hostFile(host, READS) ?? '').split('\n').filter((l) => l === 'read').length;
const gathers = (events: RunEvent[]) =>
  events.flatMap((e) => (e.kind === 'task-start' && e.name === 'Gathering Facts' ? [e.hosts] : []));

describe('facts read ahead of a serial batch', () => {
  let hosts: string[];
  before(() => {
    hosts = hostNames();
    for (const h of hosts) onHost(h, `test ! -e ${KUBELET} || mv ${KUBELET} ${KUBELET}.facts-ahead-saved`);
  });
  beforeEach(() => {
    for (const h of hosts)
      onHost(h, `rm -f ${READS}; printf '%s' '${standIn('1.28.0')}' > ${KUBELET}; chmod 755 ${KUBELET}`);
  });
  after(() => {
    for (const h of hosts)
      onHost(
        h,
        `rm -f ${READS} ${KUBELET}; test ! -e ${KUBELET}.facts-ahead-saved || mv ${KUBELET}.facts-ahead-saved ${KUBELET}`,
      );
  });

  it('a later batch is read while the first runs, once; each batch still opens with its own Gathering Facts', async () => {
    const [first, , last] = hosts as [string, string, string];
    const run = await runYaml(`
- hosts: all
  serial: 1
  gather_facts: true
  tasks:
    - name: The last host was read while this first batch runs
      wait_for: { path: ${READS}, timeout: 30 }
      delegate_to: ${last}
      when: inventory_hostname == '${first}'
    - name: Version
      debug: { msg: "kubelet {{ facts.kubelet_version }}" }
`);
    expect(run.recap.get(first)).to.include({ ok: 3, failed: 0, changed: 0 });
    // As ansible-playbook prints a serial play: one Gathering Facts per batch, with the batch's hosts.
    expect(gathers(run.events)).to.deep.equal(hosts.map((h) => [h]));
    for (const h of hosts) {
      expect(run.task('Version').get(h)?.data.debug).to.equal('kubelet 1.28.0');
      expect(readsOn(h), `readings of ${h}`).to.equal(1);
    }
  });

  /** A serial play whose first batch, once the last host was read ahead, writes a newer kubelet on that host. */
  const newerKubeletFromFirstBatch = (first: string, last: string) => `
- hosts: all
  serial: 1
  gather_facts: true
  tasks:
    - name: The last host was read ahead
      wait_for: { path: ${READS}, timeout: 30 }
      delegate_to: ${last}
      when: inventory_hostname == '${first}'
    - name: A newer kubelet on the last host, from the first batch
      copy: { dest: ${KUBELET}, mode: "0755", content: ${JSON.stringify(standIn('1.99.1'))} }
      delegate_to: ${last}
      when: inventory_hostname == '${first}'
    - name: Version
      debug: { msg: "kubelet {{ facts.kubelet_version }}" }
`;

  it('a host changed by an earlier batch (a delegated task) is read again at its own batch', async () => {
    const [first, second, last] = hosts as [string, string, string];
    const run = await runYaml(newerKubeletFromFirstBatch(first, last));
    expect(run.task('A newer kubelet on the last host, from the first batch').get(first)?.status).to.equal('changed');
    expect(run.task('Version').get(second)?.data.debug).to.equal('kubelet 1.28.0');
    // The reading made ahead no longer told the host's state: its batch read it anew, as Ansible would then.
    expect(run.task('Version').get(last)?.data.debug).to.equal('kubelet 1.99.1');
    expect(readsOn(last)).to.equal(2);
    expect(readsOn(second)).to.equal(1);
  });

  it("the next play's hosts are read while the play before runs", async () => {
    const [first, second] = hosts as [string, string];
    const run = await runYaml(`
- hosts: ${first}
  gather_facts: false
  tasks:
    - name: The next play's host was read while this play runs
      wait_for: { path: ${READS}, timeout: 30 }
      delegate_to: ${second}
- hosts: ${second}
  gather_facts: true
  tasks:
    - name: Version
      debug: { msg: "kubelet {{ facts.kubelet_version }}" }
`);
    expect(run.task("The next play's host was read while this play runs").get(first)?.status).to.equal('ok');
    expect(gathers(run.events)).to.deep.equal([[second]]);
    expect(run.task('Version').get(second)?.data.debug).to.equal('kubelet 1.28.0');
    expect(readsOn(second)).to.equal(1);
    expect(readsOn(first)).to.equal(0);
  });

  it('under --check nothing is applied: the reading made ahead stands', async () => {
    const [first, , last] = hosts as [string, string, string];
    const run = await runYaml(newerKubeletFromFirstBatch(first, last), { check: true });
    expect(run.task('A newer kubelet on the last host, from the first batch').get(first)?.status).to.equal('changed');
    expect(hostFile(last, KUBELET)).to.equal(standIn('1.28.0'));
    expect(run.task('Version').get(last)?.data.debug).to.equal('kubelet 1.28.0');
    expect(readsOn(last)).to.equal(1);
  });
});
