// Mocha root hooks: one lab for the whole run, in .lab/test (127.0.1.2 …).
// RUNBOOK_LAB_HOSTS sets its size (default 3). A lab that cannot start fails the run.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { startLab, stopLab } from './lab.js';
import { labDir, TEST_LAB } from './paths.js';
import { lab, setSharedLab } from './shared.js';

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(120_000);
    // Labs of a run that was killed outright (no exit handlers ran), including the
    // extra ones tests start in .lab/test-*: they would hold their addresses.
    const root = labDir('');
    const entries = existsSync(root) ? readdirSync(root, { withFileTypes: true }) : [];
    const stale = entries.filter((d) => d.isDirectory() && d.name.startsWith('test'));
    await Promise.all(stale.map((d) => stopLab(join(root, d.name))));

    const hosts = Number(process.env.RUNBOOK_LAB_HOSTS ?? 3);
    setSharedLab(await startLab({ hosts, dir: labDir(TEST_LAB.dir), firstAddress: TEST_LAB.firstAddress }));
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(60_000);
    let running;
    try {
      running = lab();
    } catch {
      return; // beforeAll failed: nothing to stop
    }
    setSharedLab(undefined);
    await running.stop();
  },
};
