// Faults on a real lab host mid-run: its sshd killed during a task (the host is
// unreachable, the failure policy applies, a re-run once it is back converges),
// and its SSH sessions cut while a large file is uploading (the old file stays
// whole; the next write of that file leaves no temp behind).
import { expect } from 'chai';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RolloutStop } from '../../src/engine/events.js';
import { cutSessions, killHost, restartHost } from '../lab/host-faults.js';
import { lab } from '../lab/shared.js';
import { eventually, onHost } from '../support/host-shell.js';
import { hostNames, project, runFile, type Recorded } from '../support/run.js';
import { sudoInventory } from './become-support.js';

const stopOf = (r: Recorded): RolloutStop | undefined =>
  r.events.flatMap((e) => (e.kind === 'rollout-stopped' ? [e.stop] : []))[0];
/** A path on a host, seen from the controller in the host's overlay upper layer. */
const upper = (host: string, path: string) => join(lab().dir, host, 'upper', path);
const ran = (r: Recorded, task: string): string[] => [...r.task(task).keys()].sort();

describe('faults on a host mid-run', function () {
  this.timeout(180_000);

  it('a host whose sshd is killed during a task is unreachable, the failure policy stops the rollout, and a re-run after sshd is back converges', async () => {
    const [n1, n2, n3] = hostNames() as [string, string, string];
    const marker = `/var/tmp/fault-${randomBytes(4).toString('hex')}`;
    const dir = project({
      'p.yaml': `- hosts: all
  gather_facts: false
  max_fail_percentage: 30
  tasks:
    - name: long
      # On its first run ${n2} naps long: a loaded machine slow to kill it must not let its task end first.
      shell: if [ "$(uname -n)" = ${n2} ] && [ ! -e ${marker}.started ]; then touch ${marker}.started; exec sleep 300; fi; touch ${marker}.started; sleep 4
      changed_when: false
    - name: after
      copy: { dest: ${marker}.after, content: "converged\\n" }
`,
    });
    const running = runFile(join(dir, 'p.yaml'));
    let r: Recorded;
    let killed = false;
    try {
      expect(
        await eventually(() => existsSync(upper(n2, `${marker}.started`)), 60_000),
        `${n2} started the task`,
      ).to.equal(true);
      await killHost(lab(), n2);
      killed = true;
      r = await running;
    } finally {
      await running.catch(() => undefined);
      // The other tests need every host: sshd back on the same address, keys and files.
      if (killed) await restartHost(lab(), n2);
    }
    const long = r.task('long');
    expect(long.get(n2)?.status).to.equal('unreachable');
    expect(long.get(n2)?.msg).to.match(
      new RegExp(`^connection to root@${lab().hosts[1]!.address.replace(/\./g, '\\.')}:22 `),
    );
    expect(long.get(n1)?.status).to.equal('ok');
    expect(long.get(n3)?.status).to.equal('ok');
    // 1 of 3 unreachable (33%) is more than 30: nothing after `long` runs.
    expect(ran(r, 'after')).to.deep.equal([]);
    expect(stopOf(r)).to.deep.include({ failed: [n2], done: [n1, n3], untouched: [] });
    expect(stopOf(r)?.reason).to.equal('1 of 3 hosts failed in this batch (33%), more than max_fail_percentage 30%');
    expect(r.recap.get(n2)).to.include({ unreachable: 1, failed: 0, ok: 0 });
    expect(r.recap.get(n1)).to.include({ unreachable: 0, failed: 0, ok: 1 });

    const again = await runFile(join(dir, 'p.yaml'));
    expect(stopOf(again)).to.equal(undefined);
    for (const h of [n1, n2, n3]) {
      expect(again.recap.get(h)).to.include({ unreachable: 0, failed: 0, changed: 1 });
      expect(onHost(h, `cat ${marker}.after`)).to.equal('converged\n');
    }
    const third = await runFile(join(dir, 'p.yaml'));
    for (const h of [n1, n2, n3]) expect(third.recap.get(h)).to.include({ changed: 0, failed: 0 });
  });

  it('a connection cut while a 50 MB file uploads leaves the old file whole; the re-run writes it and leaves no temp behind', async () => {
    await cutUpload();
  });

  it('the same through sudo (become): the content comes on stdin into a temp beside the file, never installed part-written', async () => {
    const l = lab();
    await cutUpload({
      inventory: sudoInventory({ ansible_become: true, ansible_become_password: l.sudoUser!.password }),
    });
  });
});

/**
 * Copies a 50 MB file over an old one on the first host, cuts the host's SSH
 * sessions once the temp beside it has grown past a random byte, then checks
 * the old file, runs again and checks the new file and that no temp is left.
 */
async function cutUpload(o: { inventory?: string } = {}): Promise<void> {
  const [n1] = hostNames() as [string];
  const dest = `/var/tmp/big-${randomBytes(4).toString('hex')}`;
  const size = 50 * 1024 * 1024;
  const dir = project({
    'p.yaml': `- hosts: ${n1}\n  gather_facts: false\n  tasks:\n    - name: upload\n      copy: { src: big.bin, dest: ${dest} }\n`,
  });
  mkdirSync(join(dir, 'files'));
  const big = randomBytes(size);
  writeFileSync(join(dir, 'files', 'big.bin'), big);
  onHost(n1, `printf 'old\\n' > ${dest}`);
  const temps = () =>
    readdirSync(upper(n1, '/var/tmp')).filter((n) => n.startsWith(`.${dest.slice('/var/tmp/'.length)}.runbook-`));
  // Cut at a random byte, while bytes flow: once the temp has grown past it.
  const cutAt = randomInt(2 * 1024 * 1024, 40 * 1024 * 1024);
  const running = runFile(join(dir, 'p.yaml'), { inventory: o.inventory });
  const grown = async () => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 5))) {
      const t = temps()[0];
      const st = t ? statSync(upper(n1, `/var/tmp/${t}`), { throwIfNoEntry: false }) : undefined;
      if (st && st.size >= cutAt) return st.size;
    }
    return -1;
  };
  const seen = await grown();
  expect(seen, 'the temp file grew past the cut point').to.be.within(cutAt, size - 1);
  expect(cutSessions(lab(), n1)).to.be.greaterThan(0);
  const r = await running;
  expect(r.task('upload').get(n1)?.status).to.equal('unreachable');
  expect(onHost(n1, `cat ${dest}`)).to.equal('old\n');
  // A dead connection cannot remove its temp: the next write of this file must.
  expect(temps(), 'the cut write left its temp').to.have.length(1);
  // A temp written in the last 2 s may be another writer's in flight (src/transport/stale-temps.ts):
  // the sweep takes it once idle, as it is when an operator runs again.
  const cut = upper(n1, `/var/tmp/${temps()[0]}`);
  while (Date.now() - statSync(cut).mtimeMs < 2500) await new Promise((r) => setTimeout(r, 100));

  const again = await runFile(join(dir, 'p.yaml'), { inventory: o.inventory });
  expect(again.task('upload').get(n1)?.status).to.equal('changed');
  const digest = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  expect(onHost(n1, `sha256sum ${dest}`).split(' ')[0]).to.equal(digest(big));
  expect(temps(), 'temp files left beside the file').to.deep.equal([]);
  onHost(n1, `rm -f ${dest}`);
}
