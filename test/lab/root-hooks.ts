// Mocha root hooks: one lab for the whole run, in .lab/test (127.0.1.2 …).
// RUNBOOK_LAB_HOSTS sets its size (default 3). RUNBOOK_LAB_NAME and
// RUNBOOK_LAB_FIRST_ADDRESS let two runs on one machine use separate labs
// (e.g. `test-b` on 127.0.7.2). A lab that cannot start fails the run.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { startLab, stopLab } from './lab.js';
import { labDir, TEST_LAB } from './paths.js';
import { lab, setSharedLab } from './shared.js';
import { freshBundle } from '../support/cli-bin.js';

// Every `runbook apply` a test starts keeps its run record here, not in the tester's ~/.runbook.
process.env.RUNBOOK_HOME ??= mkdtempSync(join(tmpdir(), 'runbook-test-home-'));
// The suite's own playbooks were written when runbook gathered facts only for `gather_facts: true`: they run
// with Ansible's explicit gathering (as `gather_facts: false` on each); test/engine/gather-default.test.ts
// and the corpus case gather-facts-default run the default, implicit gathering.
process.env.ANSIBLE_GATHERING ??= 'explicit';

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(120_000);
    freshBundle();
    // Labs of a run that was killed outright (no exit handlers ran), including the
    // extra ones tests start in .lab/test-*: they would hold their addresses.
    const root = labDir('');
    const entries = existsSync(root) ? readdirSync(root, { withFileTypes: true }) : [];
    const name = process.env.RUNBOOK_LAB_NAME ?? TEST_LAB.dir;
    const stale = entries.filter((d) => d.isDirectory() && (d.name === name || d.name.startsWith(`${name}-`)));
    await Promise.all(stale.map((d) => stopLab(join(root, d.name))));

    const hosts = Number(process.env.RUNBOOK_LAB_HOSTS ?? 3);
    const firstAddress = process.env.RUNBOOK_LAB_FIRST_ADDRESS ?? TEST_LAB.firstAddress;
    setSharedLab(await startLab({ hosts, dir: labDir(name), firstAddress }));
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(60_000);
    let running: ReturnType<typeof lab>;
    try {
      running = lab();
    } catch {
      return; // beforeAll failed: nothing to stop
    }
    setSharedLab(undefined);
    await running.stop();
  },
};
