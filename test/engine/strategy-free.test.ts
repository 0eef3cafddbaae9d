// strategy: free and throttle, against the lab. What ansible-playbook 2.14 did
// with the same plays on lab hosts (2026-12-07):
// - free: each host ran the play's tasks on its own; its notified handlers ran
//   at the end of each section, per host (node1 and node3 ran one, two, three,
//   handlers h and h2, then post, while node2 was still in its slow first task).
// - free with serial: a batch whose every host failed ended the play; a batch
//   with one failed host of two went on to the next (max_fail_percentage 10 was
//   ignored: "[WARNING]: Using max_fail_percentage with the free strategy is not
//   supported"); any_errors_fatal likewise ignored with a warning, and run_once
//   ran the task on every host ("This task will still be executed for every
//   host"). runbook does the same, with the same warnings, each once per run
//   (compared with ansible-playbook in test/ansible-corpus-free.test.ts).
// - throttle: 1 on a block (delegated to the controller, guarded by mkdir of a
//   lock directory) ran its task on one host at a time, under free too.
// No timing is asserted: the frozen host's test waits for a file its healthy
// hosts write in their last task while it is frozen.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RolloutStop } from '../../src/engine/events.js';
import { FREE_WARNINGS } from '../../src/engine/strategy-free.js';
import { freezeHost } from '../lab/freeze.js';
import { killLeftovers, sessionCommands } from '../lab/host-faults.js';
import { lab } from '../lab/shared.js';
import { eventually, onHost } from '../support/host-shell.js';
import { labInventoryWith } from '../support/lab-inventory.js';
import { hostNames, runYaml, type Recorded } from '../support/run.js';

const MARKER_DIR = '/var/tmp';

/** Task starts on each host, in order ("handler NAME" for handlers). */
function startsOn(r: Recorded, host: string): string[] {
  return r.events.flatMap((e) =>
    e.kind === 'task-start' && e.hosts.includes(host) ? [e.handler ? `handler ${e.name}` : e.name] : [],
  );
}
const stopOf = (r: Recorded): RolloutStop | undefined =>
  r.events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []))[0];
const failures = (r: Recorded): string[] =>
  r.results.filter((x) => x.status === 'failed').map((x) => `${x.host}: ${x.msg ?? ''}`.split('\n')[0]!);

/** The lab's hosts with keepalives far apart: the frozen host is not given up while the test looks. */
const patientInventory = () =>
  labInventoryWith({ ansible_ssh_common_args: '-o ServerAliveInterval=60 -o ServerAliveCountMax=5' });

/** The file as the host sees it, read from its overlay's upper layer (no SSH: the host may be frozen). */
const upper = (host: string, path: string) => join(lab().dir, host, 'upper', path);

describe('strategy: free', () => {
  let n1: string, n2: string, n3: string;
  before(() => ([n1, n2, n3] = hostNames() as [string, string, string]));
  after(() => {
    for (const h of hostNames()) onHost(h, `rm -f ${MARKER_DIR}/runbook-free-*`);
  });

  it('a frozen host holds no other: the healthy hosts run every task and their handlers to the end while it is stopped', async () => {
    const run = `${MARKER_DIR}/runbook-free-${randomBytes(4).toString('hex')}`;
    const play = `- hosts: all
  gather_facts: false
  strategy: free
  tasks:
    - name: one
      shell: 'touch ${run}-started; case "$(uname -n)" in ${n2}) sleep 300;; esac'
      notify: h
    - name: two
      command: "true"
      notify: h2
    - name: three
      command: "true"
  post_tasks:
    - name: last
      shell: 'echo {{ inventory_hostname }} > ${run}-done'
  handlers:
    - name: h
      command: "true"
    - name: h2
      command: "true"
`;
    let settled = false;
    const running = runYaml(play, { inventory: patientInventory() }).finally(() => (settled = true));
    let thaw: (() => void) | undefined;
    try {
      expect(
        await eventually(() => existsSync(upper(n2, `${run}-started`)), 60_000),
        `${n2} started task one`,
      ).to.equal(true);
      thaw = freezeHost(lab(), n2);
      const healthyDone = await eventually(() => [n1, n3].every((h) => existsSync(upper(h, `${run}-done`))), 120_000);
      expect(healthyDone, `${n1} and ${n3} ran their last task while ${n2} was frozen`).to.equal(true);
      expect(settled, 'the run still waits for the frozen host').to.equal(false);
      expect(readFileSync(upper(n1, `${run}-done`), 'utf8')).to.equal(`${n1}\n`);
    } finally {
      thaw?.();
      // Its task ends once its nap is killed: a failed task, and the run ends.
      const nap = (argv: string[]) => argv[0] === 'sleep' && argv[1] === '300';
      await eventually(() => {
        killLeftovers(lab(), n2, nap);
        return !sessionCommands(lab(), n2).some((p) => nap(p.argv));
      }, 30_000);
    }
    const r = await running;
    const healthy = ['one', 'two', 'three', 'handler h', 'handler h2', 'last'];
    expect(startsOn(r, n1)).to.deep.equal(healthy);
    expect(startsOn(r, n3)).to.deep.equal(healthy);
    expect(startsOn(r, n2)).to.deep.equal(['one']);
    expect(r.task('one').get(n2)?.status).to.equal('failed');
    expect(failures(r).map((f) => f.split(':')[0])).to.deep.equal([n2]);
    expect(existsSync(upper(n2, `${run}-done`)), `${n2} never ran the last task`).to.equal(false);
    expect(r.recap.get(n1)).to.deep.equal({
      ok: 6,
      changed: 6,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    });
    expect(r.recap.get(n3)).to.deep.equal({
      ok: 6,
      changed: 6,
      unreachable: 0,
      failed: 0,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    });
    expect(r.recap.get(n2)).to.deep.equal({
      ok: 0,
      changed: 0,
      unreachable: 0,
      failed: 1,
      skipped: 0,
      rescued: 0,
      ignored: 0,
    });
    expect(stopOf(r), 'one failed host of three does not stop the play').to.equal(undefined);
  });

  /** serial batches under free: task one fails on the first host (and notifies h elsewhere), then task two. */
  const serialPlay = (serial: number) =>
    runYaml(`- hosts: all
  gather_facts: false
  strategy: free
  serial: ${serial}
  tasks:
    - name: one
      command: "true"
      failed_when: inventory_hostname == "${n1}"
      notify: h
    - name: two
      command: "true"
  handlers:
    - name: h
      command: "true"
`);

  it('serial 1: the first batch, all failed, stops the rollout; the others are untouched', async () => {
    const r = await serialPlay(1);
    expect(startsOn(r, n1)).to.deep.equal(['one']);
    expect(startsOn(r, n2)).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ failed: [n1], untouched: [n2, n3] });
    expect([...r.recap.keys()]).to.deep.equal([n1]);
  });

  it('serial 2: a batch with one failed host goes on, and the next batch runs every task', async () => {
    const r = await serialPlay(2);
    expect(startsOn(r, n1)).to.deep.equal(['one']);
    expect(startsOn(r, n2)).to.deep.equal(['one', 'two', 'handler h']);
    expect(startsOn(r, n3)).to.deep.equal(['one', 'two', 'handler h']);
    expect(stopOf(r)).to.equal(undefined);
    expect(failures(r).map((f) => f.split(':')[0])).to.deep.equal([n1]);
    expect(r.recap.get(n3)).to.include({ ok: 3, changed: 3, failed: 0 });
  });

  it(
    "any_errors_fatal on a block, the play's max_fail_percentage and run_once in a block load and are ignored: " +
      "a failure stops no other host, run_once runs on every host, and each warning is said once, in Ansible's words",
    async () => {
      const r = await runYaml(`- hosts: all
  gather_facts: false
  strategy: free
  max_fail_percentage: 0
  tasks:
    - block:
        - name: init
          command: "true"
          run_once: true
        - name: fails on the first host
          command: "true"
          failed_when: inventory_hostname == "${n1}"
        - name: init again
          command: "true"
          run_once: true
      any_errors_fatal: true
    - name: after
      command: "true"
`);
      const warnings = r.events.flatMap((e) => (e.kind === 'warning' ? [e.msg] : []));
      expect(warnings).to.deep.equal([
        FREE_WARNINGS.maxFailPercentage,
        FREE_WARNINGS.runOnce,
        FREE_WARNINGS.anyErrorsFatal,
      ]);
      expect(startsOn(r, n1)).to.deep.equal(['init', 'fails on the first host']);
      for (const h of [n2, n3])
        expect(startsOn(r, h)).to.deep.equal(['init', 'fails on the first host', 'init again', 'after']);
      expect(failures(r).map((f) => f.split(':')[0])).to.deep.equal([n1]);
      expect(stopOf(r), 'neither any_errors_fatal nor max_fail_percentage stops the play').to.equal(undefined);
      expect(r.recap.get(n2)).to.include({ ok: 4, changed: 4, failed: 0 });
    },
  );

  // ansible-playbook 2.14, the same play on two local hosts (2026-12-07): a ran one and end_play; b, in
  // the next batch, never started; the next play ran on both.
  it('meta end_play under free with serial 1 ends the play: no later batch starts, the next play runs', async () => {
    const r = await runYaml(`- hosts: all
  gather_facts: false
  strategy: free
  serial: 1
  tasks:
    - name: one
      command: "true"
    - meta: end_play
    - name: after
      command: "true"
- hosts: all
  gather_facts: false
  tasks:
    - name: next play
      command: "true"
`);
    expect(startsOn(r, n1)).to.deep.equal(['one', 'next play']);
    for (const h of [n2, n3]) expect(startsOn(r, h)).to.deep.equal(['next play']);
    expect(stopOf(r)).to.equal(undefined);
    expect(r.recap.get(n1)).to.include({ ok: 2, changed: 2, failed: 0 });
  });

  it('a play without those keywords says no warning', async () => {
    const r = await runYaml(`- hosts: all\n  gather_facts: false\n  strategy: free\n  tasks:\n    - command: "true"\n`);
    expect(r.events.filter((e) => e.kind === 'warning')).to.deep.equal([]);
    for (const h of hostNames()) expect(r.recap.get(h)).to.include({ ok: 1, failed: 0 });
  });
});

describe('throttle', () => {
  /** A task on the controller that fails if another host is inside it: it holds a lock directory while it naps. */
  const guarded = (dir: string) =>
    `shell: 'mkdir ${dir}/lock && echo "{{ inventory_hostname }} in" >> ${dir}/log && sleep 0.3 && ` +
    `echo "{{ inventory_hostname }} out" >> ${dir}/log && rmdir ${dir}/lock'
          delegate_to: localhost`;

  for (const strategy of ['linear', 'free']) {
    it(`throttle 1 on a block runs its task on one host at a time (strategy ${strategy})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'runbook-throttle-'));
      const r = await runYaml(`- hosts: all
  gather_facts: false
  strategy: ${strategy}
  tasks:
    - block:
        - name: guarded
          ${guarded(dir)}
      throttle: 1
    - name: after
      command: "true"
`);
      expect(failures(r)).to.deep.equal([]);
      const log = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n');
      expect(log).to.have.length(6);
      // Each "in" is followed by the same host's "out": no two hosts were inside at once.
      for (let i = 0; i < log.length; i += 2)
        expect(log[i + 1], `line ${i + 2} of ${log.join(' | ')}`).to.equal(log[i]!.replace(/ in$/, ' out'));
      expect(
        log
          .filter((l) => l.endsWith(' in'))
          .map((l) => l.split(' ')[0])
          .sort(),
      ).to.deep.equal(hostNames().sort());
      for (const h of hostNames()) expect(r.recap.get(h)).to.include({ ok: 2, changed: 2, failed: 0 });
    });
  }

  it('throttle 2 on a task lets two hosts in at once, never three', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-throttle-'));
    // Two lock slots: a third host inside at once would find both taken and fail.
    const r = await runYaml(`- hosts: all
  gather_facts: false
  tasks:
    - name: two slots
      shell: 'if mkdir ${dir}/a 2>/dev/null; then s=a; else mkdir ${dir}/b && s=b || exit 1; fi; sleep 0.3; rmdir ${dir}/$s'
      delegate_to: localhost
      throttle: 2
`);
    expect(failures(r)).to.deep.equal([]);
    for (const h of hostNames()) expect(r.recap.get(h)).to.include({ changed: 1, failed: 0 });
  });
});
