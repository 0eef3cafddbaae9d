// The failure policy read after every task, inside blocks too, with Ansible's
// semantics: a rescued or ignored failure is not a failure, unreachable counts
// as failed, max_fail_percentage must be exceeded, and any_errors_fatal fails
// every host of the batch where it stands, as ansible-core 2.17+ does (its
// linear strategy marks all hosts failed; each goes to its block's rescue, else
// its always). The any_errors_fatal cases cite ansible-core's integration tests
// (test/integration/targets/any_errors_fatal); ansible-core 2.14, run on the lab,
// still let the other hosts go on inside the block (bug #31543, fixed in 2.17). Each case checks the recap, which
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
const stopOf = (r: Recorded): RolloutStop | undefined =>
  r.events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []))[0];
/** A task that fails on the hosts named, and is ok elsewhere. */
const failOn = (name: string, hosts: string[], indent = '    ') =>
  `${indent}- name: ${name}\n${indent}  command: "true"\n${indent}  failed_when: inventory_hostname in ${JSON.stringify(hosts)}\n`;
const step = (name: string, indent = '    ') => `${indent}- name: ${name}\n${indent}  command: "true"\n`;
const pad = (text: string, by: string) => text.replace(/^(?=.)/gm, by);
/** A play under any_errors_fatal whose first task is a block (its tasks follow, indented 8). */
const FATAL_BLOCK = '\n- hosts: all\n  gather_facts: false\n  any_errors_fatal: true\n  tasks:\n    - block:';
/** Every failed result, as "task@host", sorted: no fatal line but those expected. */
const failures = (r: Recorded): string[] =>
  r.events
    .flatMap((e) =>
      e.kind === 'task-result' && e.result.status === 'failed' && !e.result.ignored
        ? [`${e.task}@${e.result.host}`]
        : [],
    )
    .sort();

describe('the failure policy after every step', () => {
  let n1: string, n2: string, n3: string;
  before(() => ([n1, n2, n3] = hostNames() as [string, string, string]));

  it('any_errors_fatal in nested blocks: every host runs the inner always, then the outer rescue, and all go on rescued', async () => {
    // ansible-core 2.17+: the iterator fails each host's innermost block first
    // (no rescue there: its always), then the outer block's rescue takes over.
    // (2.14 on the lab ran "inner next" and "outer next" on node1 and node3.)
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
    const all = [n1, n2, n3];
    expect(ran(r, 'inner fails')).to.deep.equal(all);
    expect(ran(r, 'inner next')).to.deep.equal([]);
    expect(ran(r, 'inner always')).to.deep.equal(all);
    expect(ran(r, 'outer next')).to.deep.equal([]);
    expect(ran(r, 'outer rescue')).to.deep.equal(all);
    expect(ran(r, 'outer always')).to.deep.equal(all);
    expect(ran(r, 'after')).to.deep.equal(all);
    expect(stopOf(r)).to.equal(undefined);
    expect(failures(r)).to.deep.equal([`inner fails@${n2}`]);
    // Only the host whose task failed counts a rescue; the others count no failure at all.
    expect(r.recap.get(n2)).to.include({ ok: 4, failed: 0, rescued: 1, unreachable: 0 });
    expect(r.recap.get(n1)).to.include({ ok: 5, failed: 0, rescued: 0 });
    expect(r.recap.get(n3)).to.include({ ok: 5, failed: 0, rescued: 0 });
  });

  it('max_fail_percentage 0: a rescued failure and an ignored one do not stop the play', async () => {
    // As ansible-core (2.14 on the lab, and the current linear strategy): a rescued host is not in the failed count.
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

  it('any_errors_fatal in a block with rescue and always: every host is rescued and goes on', async () => {
    // ansible-core 2.17+ (porting guide; integration test 80981.yml): the rescue
    // runs on all hosts, as all are failed, and all recover after it.
    // (2.14 on the lab: "block next" ran on node1 and node3, the rescue on node2 only.)
    const r = await runYaml(`${FATAL_BLOCK}
${pad(failOn('fatal', [n2]), '        ')}${pad(step('block next'), '        ')}      rescue:
${pad(step('rescue'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`);
    const all = [n1, n2, n3];
    expect(ran(r, 'fatal')).to.deep.equal(all);
    expect(ran(r, 'block next')).to.deep.equal([]);
    expect(ran(r, 'rescue')).to.deep.equal(all);
    expect(ran(r, 'always')).to.deep.equal(all);
    expect(ran(r, 'after')).to.deep.equal(all);
    expect(stopOf(r)).to.equal(undefined);
    expect(failures(r)).to.deep.equal([`fatal@${n2}`]);
    expect(r.recap.get(n2)).to.include({ ok: 3, failed: 0, rescued: 1 });
    expect(r.recap.get(n1)).to.include({ ok: 4, failed: 0, rescued: 0 });
  });

  it('any_errors_fatal in a block with only always: every host runs the always, then the play stops', async () => {
    // ansible-core 2.17+ (integration test 31543.yml): always runs on both hosts,
    // nothing after the block runs. (2.14 on the lab ran "block next" and "after" on node1 and node3.)
    const r = await runYaml(`${FATAL_BLOCK}
${pad(failOn('fatal', [n2]), '        ')}${pad(step('block next'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`);
    expect(ran(r, 'fatal')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'block next')).to.deep.equal([]);
    expect(ran(r, 'always')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({
      reason: `any_errors_fatal: ${n2} failed`,
      failed: [n2],
      done: [n1, n3],
      untouched: [],
    });
    expect(stopOf(r)?.failures).to.deep.equal([{ host: n2, task: 'fatal', msg: 'failed_when condition is true' }]);
    expect(failures(r)).to.deep.equal([`fatal@${n2}`]);
    // The hosts any_errors_fatal stopped count no failure (no task of theirs failed).
    expect(r.recap.get(n2)).to.include({ failed: 1, ok: 1, rescued: 0 });
    expect(r.recap.get(n1)).to.include({ failed: 0, ok: 2, rescued: 0 });
  });

  it('any_errors_fatal and a rescue that fails: the other hosts leave the rescue, always runs everywhere, the play stops', async () => {
    // ansible-core 2.17+: all hosts enter the rescue; when it fails on one, the
    // others are failed out of it (rescue -> always), and none is rescued
    // (integration test always_block.yml: the always still runs).
    const r = await runYaml(`${FATAL_BLOCK}
${pad(failOn('first', [n1]), '        ')}${pad(step('second'), '        ')}      rescue:
${pad(failOn('rescue fails', [n1]), '        ')}${pad(step('rescue next'), '        ')}      always:
${pad(step('always'), '        ')}${step('after')}`);
    expect(ran(r, 'second')).to.deep.equal([]);
    expect(ran(r, 'rescue fails')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'rescue next')).to.deep.equal([]);
    expect(ran(r, 'always')).to.deep.equal([n1, n2, n3]);
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ reason: `any_errors_fatal: ${n1} failed`, failed: [n1], done: [n2, n3] });
    expect(failures(r)).to.deep.equal([`first@${n1}`, `rescue fails@${n1}`]);
    expect(r.recap.get(n1)).to.include({ failed: 1, rescued: 1, ok: 1 });
    expect(r.recap.get(n2)).to.include({ failed: 0, rescued: 0, ok: 3 });
  });

  it('max_fail_percentage is read after each task of a block: 2 of 3 (67%) is more than 34, so the block stops mid-way', async () => {
    // ansible-core's linear strategy: once exceeded, every host is failed and the play returns at once (no rescue, no always).
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
    expect(stopOf(stops)?.reason).to.equal(
      '1 of 2 hosts failed in this batch (50%), more than max_fail_percentage 49%',
    );
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
    expect(stopOf(failed)?.failures).to.deep.equal([
      { host: n2, task: 'rescue', msg: 'failed_when condition is true' },
    ]);
    expect(failed.recap.get(n2)).to.include({ failed: 1, rescued: 1 });
  });

  it('an unreachable host counts as failed for max_fail_percentage, and is not rescued', async () => {
    const dir = project({});
    const inv = join(dir, 'hosts.yaml');
    const l = lab();
    // An address of this lab's range where no host listens: refused at once.
    const ghostAddress = nthAddress(l.hosts[0]!.address, 200);
    const hosts = [
      `ghost: { ansible_host: ${ghostAddress} }`,
      ...l.hosts.slice(0, 2).map((h) => `${h.name}: { ansible_host: ${h.address} }`),
    ];
    writeFileSync(
      inv,
      `all:\n  hosts:\n${hosts.map((h) => `    ${h}\n`).join('')}  vars: { ansible_user: root, ` +
        `ansible_ssh_private_key_file: ${l.keyFile}, runbook_known_hosts_file: ${l.knownHostsFile} }\n`,
    );
    const playbook = join(dir, 'p.yaml');
    writeFileSync(
      playbook,
      `
- hosts: all
  gather_facts: false
  max_fail_percentage: 34
  tasks:
    - block:
${pad(step('reach'), '        ')}${pad(failOn('fails', [n1]), '        ')}${pad(step('last'), '        ')}      rescue:
${pad(step('rescue'), '        ')}${step('after')}`,
    );
    const r = await runFile(playbook, { inventory: inv });
    expect(r.task('reach').get('ghost')?.status).to.equal('unreachable');
    // ghost (1 of 3, 33%) is not more than 34 and is not rescued; n1's failure is rescued.
    expect(ran(r, 'rescue')).to.deep.equal([n1]);
    expect(ran(r, 'after')).to.deep.equal([n1, n2]);
    expect(stopOf(r)).to.equal(undefined);
    expect(r.recap.get('ghost')).to.include({ unreachable: 1, failed: 0, rescued: 0 });

    writeFileSync(
      playbook,
      `
- hosts: all
  gather_facts: false
  max_fail_percentage: 34
  tasks:
${step('reach')}${failOn('fails', [n1])}${step('after')}`,
    );
    const stopped = await runFile(playbook, { inventory: inv });
    expect(ran(stopped, 'after')).to.deep.equal([]);
    expect(stopOf(stopped)).to.deep.include({ failed: ['ghost', n1], done: [n2] });
    expect(stopOf(stopped)?.reason).to.equal(
      '2 of 3 hosts failed in this batch (67%), more than max_fail_percentage 34%',
    );
  });
});
