// The failure policy read after every task, inside blocks too, with Ansible's
// semantics: a rescued or ignored failure is not a failure, unreachable counts
// as failed, any_errors_fatal stops every host once the current task is done,
// max_fail_percentage must be exceeded. Each case checks the recap, which
// tasks ran on which hosts, and the ROLLOUT STOPPED report.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RolloutStop } from '../../src/engine/events.js';
import { nthAddress } from '../lab/paths.js';
import { lab } from '../lab/shared.js';
import { hostNames, project, runFile, runYaml, type Recorded } from '../support/run.js';

/** The hosts a task ran on (any outcome), sorted. */
const ran = (r: Recorded, task: string): string[] => [...r.task(task).keys()].sort();
const stopOf = (r: Recorded): RolloutStop | undefined => r.events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []))[0];
/** A task that fails on the hosts named, and is ok elsewhere. */
const failOn = (name: string, hosts: string[], indent = '    ') =>
  `${indent}- name: ${name}\n${indent}  command: "true"\n${indent}  failed_when: inventory_hostname in ${JSON.stringify(hosts)}\n`;
const step = (name: string, indent = '    ') => `${indent}- name: ${name}\n${indent}  command: "true"\n`;
const pad = (text: string, by: string) => text.replace(/^(?=.)/gm, by);

describe('the failure policy after every step', () => {
  let n1: string, n2: string, n3: string;
  before(() => ([n1, n2, n3] = hostNames() as [string, string, string]));

  it('nested blocks: a failure in an inner block runs its always, then the outer rescue; the host is rescued, not failed, and goes on', async () => {
    const r = await runYaml(`
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: outer
      block:
        - name: inner
          block:
            - name: inner fails
              command: "true"
              failed_when: inventory_hostname == "${n2}"
            - name: inner next
              command: "true"
          always:
            - name: inner always
              command: "true"
        - name: outer next
          command: "true"
      rescue:
        - name: outer rescue
          command: "true"
      always:
        - name: outer always
          command: "true"
    - name: after
      command: "true"
`);
    expect(ran(r, 'inner fails')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'inner next')).to.deep.equal([n1, n3]);
    expect(ran(r, 'inner always')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'outer next')).to.deep.equal([n1, n3]);
    expect(ran(r, 'outer rescue')).to.deep.equal([n2]);
    expect(ran(r, 'outer always')).to.deep.equal([n1, n2, n3]);
    // any_errors_fatal did not fire: a rescued failure is not a failure.
    expect(ran(r, 'after')).to.deep.equal([n1, n2, n3]);
    expect(stopOf(r)).to.equal(undefined);
    expect(r.recap.get(n2)).to.include({ failed: 0, rescued: 1, unreachable: 0 });
    expect(r.recap.get(n1)).to.include({ failed: 0, rescued: 0 });
  });

  it('max_fail_percentage 0: a rescued failure and an ignored one do not stop the play', async () => {
    const r = await runYaml(`
- hosts: all
  gather_facts: false
  max_fail_percentage: 0
  tasks:
    - block:
${pad(failOn('fails in block', [n1]), '        ')}      rescue:
${pad(step('rescue'), '        ')}    - name: ignored
      command: "false"
      ignore_errors: true
      when: inventory_hostname == "${n3}"
${step('after')}`);
    expect(ran(r, 'rescue')).to.deep.equal([n1]);
    expect(ran(r, 'after')).to.deep.equal([n1, n2, n3]);
    expect(stopOf(r)).to.equal(undefined);
    expect(r.recap.get(n1)).to.include({ failed: 0, rescued: 1 });
    expect(r.recap.get(n3)).to.include({ failed: 0, ignored: 1 });
  });

  it('any_errors_fatal inside a block: the failing task finishes on every host, then nothing else runs, always included', async () => {
    const r = await runYaml(`
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
${pad(failOn('fatal', [n2]), '        ')}${pad(step('block next'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`);
    expect(ran(r, 'fatal')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'block next')).to.deep.equal([]);
    expect(ran(r, 'always')).to.deep.equal([]);
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ reason: `any_errors_fatal: ${n2} failed`, failed: [n2], done: [n1, n3], untouched: [] });
    expect(stopOf(r)?.failures).to.deep.equal([{ host: n2, task: 'fatal', msg: 'failed_when condition is true' }]);
    expect(r.recap.get(n2)).to.include({ failed: 1, ok: 0 });
    expect(r.recap.get(n1)).to.include({ failed: 0, ok: 1 });
  });

  it('any_errors_fatal in a rescue that fails: the play stops after that task', async () => {
    const r = await runYaml(`
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
${pad(failOn('first', [n1]), '        ')}${pad(step('second'), '        ')}      rescue:
${pad(failOn('rescue fails', [n1]), '        ')}${step('after')}`);
    expect(ran(r, 'second')).to.deep.equal([n2, n3]);
    expect(ran(r, 'rescue fails')).to.deep.equal([n1]);
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ reason: `any_errors_fatal: ${n1} failed`, failed: [n1] });
    expect(r.recap.get(n1)).to.include({ failed: 1, rescued: 1 });
  });

  it('max_fail_percentage is read after each task of a block: 2 of 3 (67%) is more than 34, so the block stops mid-way', async () => {
    const r = await runYaml(`
- hosts: all
  gather_facts: false
  max_fail_percentage: 34
  tasks:
    - block:
${pad(failOn('one', [n1]), '        ')}${pad(failOn('two', [n2]), '        ')}${pad(step('three'), '        ')}${step('after')}`);
    // 1 of 3 (33%) is not more than 34: the block goes on for the others.
    expect(ran(r, 'two')).to.deep.equal([n2, n3]);
    expect(ran(r, 'three')).to.deep.equal([]);
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ failed: [n1, n2], done: [n3], untouched: [] });
    expect(stopOf(r)?.reason).to.equal('2 of 3 hosts failed in this batch (67%), more than max_fail_percentage 34%');
    expect(r.recap.get(n3)).to.include({ ok: 2, failed: 0 });
  });

  it('serial batches: the percentage is of the batch; 1 of 2 (50%) goes on at 50 and stops at 49, leaving the next batch untouched', async () => {
    const play = (pct: number) => `
- hosts: all
  gather_facts: false
  serial: 2
  max_fail_percentage: ${pct}
  tasks:
    - block:
${pad(failOn('in block', [n1]), '        ')}${pad(step('block next'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`;
    const goes = await runYaml(play(50));
    expect(stopOf(goes)).to.equal(undefined);
    expect(ran(goes, 'block next')).to.deep.equal([n2, n3]);
    expect(ran(goes, 'always')).to.deep.equal([n1, n2, n3]);
    expect(ran(goes, 'after')).to.deep.equal([n2, n3]);

    const stops = await runYaml(play(49));
    expect(ran(stops, 'in block')).to.deep.equal([n1, n2]);
    expect(ran(stops, 'block next')).to.deep.equal([]);
    expect(ran(stops, 'always')).to.deep.equal([]);
    expect(stopOf(stops)).to.deep.include({ failed: [n1], done: [n2], untouched: [n3] });
    expect(stopOf(stops)?.reason).to.equal('1 of 2 hosts failed in this batch (50%), more than max_fail_percentage 49%');
    expect(stops.recap.has(n3), 'a host of a batch that never started has no recap line').to.equal(false);
  });

  it('serial 1 with rescue and always: a rescued host does not stop the rollout; a failed rescue does, after always ran', async () => {
    const play = (rescueFails: boolean) => `
- hosts: all
  gather_facts: false
  serial: 1
  tasks:
    - block:
${pad(failOn('in block', [n2]), '        ')}      rescue:
${pad(rescueFails ? failOn('rescue', [n2]) : step('rescue'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`;
    const rescued = await runYaml(play(false));
    expect(stopOf(rescued)).to.equal(undefined);
    expect(ran(rescued, 'after')).to.deep.equal([n1, n2, n3]);
    expect(rescued.recap.get(n2)).to.include({ failed: 0, rescued: 1 });

    const failed = await runYaml(play(true));
    expect(ran(failed, 'always')).to.deep.equal([n1, n2]);
    expect(ran(failed, 'after')).to.deep.equal([n1]);
    expect(stopOf(failed)).to.deep.include({ failed: [n2], done: [n1], untouched: [n3] });
    expect(stopOf(failed)?.reason).to.equal(`every host of the batch failed (${n2})`);
    expect(stopOf(failed)?.failures).to.deep.equal([{ host: n2, task: 'rescue', msg: 'failed_when condition is true' }]);
    expect(failed.recap.get(n2)).to.include({ failed: 1, rescued: 1 });
  });

  it('an unreachable host counts as failed for max_fail_percentage, and is not rescued', async () => {
    const dir = project({});
    const inv = join(dir, 'hosts.yaml');
    const l = lab();
    // An address of this lab's range where no host listens: refused at once.
    const ghostAddress = nthAddress(l.hosts[0]!.address, 200);
    const hosts = [`ghost: { ansible_host: ${ghostAddress} }`, ...l.hosts.slice(0, 2).map((h) => `${h.name}: { ansible_host: ${h.address} }`)];
    writeFileSync(inv, `all:\n  hosts:\n${hosts.map((h) => `    ${h}\n`).join('')}  vars: { ansible_user: root, ansible_ssh_private_key_file: ${l.keyFile}, runbook_known_hosts_file: ${l.knownHostsFile} }\n`);
    const playbook = join(dir, 'p.yaml');
    writeFileSync(playbook, `
- hosts: all
  gather_facts: false
  max_fail_percentage: 34
  tasks:
    - block:
${pad(step('reach'), '        ')}${pad(failOn('fails', [n1]), '        ')}${pad(step('last'), '        ')}      rescue:
${pad(step('rescue'), '        ')}${step('after')}`);
    const r = await runFile(playbook, { inventory: inv });
    expect(r.task('reach').get('ghost')?.status).to.equal('unreachable');
    // ghost (1 of 3, 33%) is not more than 34 and is not rescued; n1's failure is rescued.
    expect(ran(r, 'rescue')).to.deep.equal([n1]);
    expect(ran(r, 'after')).to.deep.equal([n1, n2]);
    expect(stopOf(r)).to.equal(undefined);
    expect(r.recap.get('ghost')).to.include({ unreachable: 1, failed: 0, rescued: 0 });

    writeFileSync(playbook, `
- hosts: all
  gather_facts: false
  max_fail_percentage: 34
  tasks:
${step('reach')}${failOn('fails', [n1])}${step('after')}`);
    const stopped = await runFile(playbook, { inventory: inv });
    expect(ran(stopped, 'after')).to.deep.equal([]);
    expect(stopOf(stopped)).to.deep.include({ failed: ['ghost', n1], done: [n2] });
    expect(stopOf(stopped)?.reason).to.equal('2 of 3 hosts failed in this batch (67%), more than max_fail_percentage 34%');
  });
});
