// A host that stops answering mid-task (its processes frozen with SIGSTOP, its TCP
// connection still open) is found out by keepalives: it is reported unreachable
// with the reason, the failure policy applies, and the run ends without it.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freezeHost } from '../lab/freeze.js';
import { killLeftovers, sessionCommands } from '../lab/host-faults.js';
import { lab } from '../lab/shared.js';
import { eventually, onHost } from '../support/host-shell.js';
import { labInventoryWith } from '../support/lab-inventory.js';
import { runYaml, type Recorded } from '../support/run.js';

const MARKER_DIR = '/var/tmp';

/**
 * The long task: it touches the marker, then naps 3 s, except on `stuck` hosts,
 * which nap far longer, so that a loaded machine slow to freeze them cannot let
 * their task end first (they are frozen, or behind a frozen jump host, anyway).
 */
const napAfter = (marker: string, stuck: string[]) =>
  `touch ${marker}; case "$(uname -n)" in ${stuck.join('|')}) sleep 300;; *) sleep 3;; esac`;

/** The lab's hosts with keepalives every second, given up after 2 unanswered. */
function keepaliveInventory(extra: Record<string, unknown> = {}): string {
  return labInventoryWith({ ...extra, ansible_ssh_common_args: '-o ServerAliveInterval=1 -o ServerAliveCountMax=2' });
}

/**
 * Runs `play` (whose long task touches {{ marker }}), freezes `victim` once that
 * task has started there, and waits for the run to end. The marker is seen in the
 * host's overlay upper layer (no SSH needed); each run has its own, as a file
 * removed from the upper layer behind the overlay's back may still look present.
 */
async function runAndFreeze(
  play: (marker: string) => string,
  victim: string,
  o: { frozen?: string; vars?: Record<string, unknown> } = {},
): Promise<Recorded> {
  const marker = `${MARKER_DIR}/runbook-freeze-${randomBytes(4).toString('hex')}`;
  const running = runYaml(play(marker), { inventory: keepaliveInventory(o.vars) });
  let thaw: (() => void) | undefined;
  try {
    expect(
      await eventually(() => existsSync(join(lab().dir, victim, 'upper', marker)), 60_000),
      `${victim} started the task`,
    ).to.equal(true);
    thaw = freezeHost(lab(), o.frozen ?? victim);
    return await running;
  } finally {
    thaw?.();
    await endNaps();
  }
}

/**
 * The long naps the dead connections left running on the stuck hosts (their
 * sshd sessions outlive the client): ended here, and none may remain.
 */
async function endNaps(): Promise<void> {
  const nap = (argv: string[]) => argv[0] === 'sleep' && argv[1] === '300';
  for (const h of lab().hosts) killLeftovers(lab(), h.name, nap);
  const gone = await eventually(
    () => lab().hosts.every((h) => !sessionCommands(lab(), h.name).some((p) => nap(p.argv))),
    10_000,
  );
  expect(gone, 'no sleep 300 remains on a lab host').to.equal(true);
}

describe('a connection that dies mid-run', () => {
  after(() => {
    for (const h of lab().hosts) onHost(h.name, `rm -f ${MARKER_DIR}/runbook-freeze-*`);
  });

  it('is reported unreachable with the reason; the other hosts go on to the end', async () => {
    const play = (marker: string) => `- hosts: all
  gather_facts: false
  tasks:
    - name: long
      shell: ${napAfter(marker, ['node2'])}
    - name: after
      command: "true"
`;
    const r = await runAndFreeze(play, 'node2');
    const long = r.task('long');
    expect(long.get('node2')?.status).to.equal('unreachable');
    expect(long.get('node2')?.msg).to.equal(
      `connection to root@${lab().hosts[1]!.address}:22 lost: no answer to keepalives for 3 s (ServerAliveInterval 1 s, ServerAliveCountMax 2)`,
    );
    expect(long.get('node1')?.status).to.equal('changed');
    expect(long.get('node3')?.status).to.equal('changed');
    expect([...r.task('after').keys()].sort()).to.deep.equal(['node1', 'node3']);
    expect(r.recap.get('node2')).to.include({ unreachable: 1, failed: 0 });
    expect(r.recap.get('node1')).to.include({ unreachable: 0, failed: 0 });
  });

  it('counts against the batch: with serial 1, the lost host stops the rollout before the next batch', async () => {
    const play = (marker: string) => `- hosts: all
  gather_facts: false
  serial: 1
  tasks:
    - name: long
      shell: ${napAfter(marker, ['node2'])}
`;
    const r = await runAndFreeze(play, 'node2');
    expect(r.task('long').get('node1')?.status).to.equal('changed');
    expect(r.task('long').get('node2')?.status).to.equal('unreachable');
    expect(r.task('long').has('node3'), 'node3 untouched').to.equal(false);
    const stopped = r.events.find((e) => e.kind === 'rollout-stopped');
    expect(stopped, 'rollout-stopped event').to.not.equal(undefined);
  });

  it('a jump host that stops answering: every host behind it is unreachable, and the run ends', async () => {
    // Both behind the jump host nap long: neither may finish before it is frozen.
    const play = (marker: string) => `- hosts: node2:node3
  gather_facts: false
  tasks:
    - name: long
      shell: ${napAfter(marker, ['node2', 'node3'])}
`;
    const jump = `root@${lab().hosts[0]!.address}`;
    const r = await runAndFreeze(play, 'node2', { frozen: 'node1', vars: { runbook_jump_hosts: [jump] } });
    for (const h of [lab().hosts[1]!, lab().hosts[2]!]) {
      const res = r.task('long').get(h.name);
      expect(res?.status, h.name).to.equal('unreachable');
      // Its own keepalives or the jump host's: whichever gives up first tells. A host whose
      // connection was still being opened through the jump host (a loaded machine: only node2's
      // start is awaited before the freeze) is told the jump host's loss alone.
      const linkLost = `the link to jump host ${jump.replace(/\./g, '\\.')}:22 was lost: no answer to keepalives`;
      expect(res?.msg).to.match(
        new RegExp(
          `^(connection to root@${h.address.replace(/\./g, '\\.')}:22 lost: ` +
            `(no answer to keepalives for 3 s|${linkLost})|${linkLost})`,
        ),
      );
    }
  });
});
