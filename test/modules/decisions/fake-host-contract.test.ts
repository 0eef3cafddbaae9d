// The fake host (test/support/fake-connection.ts) keeps the Connection contract
// the way a real connection does: the same operations, on the fake and on the
// local connection (this machine's files, in a temp directory), give the same
// results and the same failures. The decision tables rest on this.
import { expect } from 'chai';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectLocal } from '../../../src/transport/local.js';
import type { Connection } from '../../../src/transport/connection.js';
import { fakeHost } from '../../support/fake-connection.js';

type Step = (c: Connection, at: (p: string) => string) => Promise<unknown>;

/** What an operation gave, comparable across the two: a value, or the failure's code. */
async function outcome(step: Step, c: Connection, at: (p: string) => string): Promise<unknown> {
  try {
    const v = await step(c, at);
    if (v && typeof v === 'object' && 'type' in v) {
      const { type, mode, uid, gid, size } = v as {
        type: string;
        mode: number;
        uid: number;
        gid: number;
        size: number;
      };
      return { type, mode: mode.toString(8), uid, gid, size: type === 'file' ? size : undefined };
    }
    return Buffer.isBuffer(v) ? v.toString('utf8') : (v ?? null);
  } catch (e) {
    return { failed: (e as { code?: string }).code ?? (e as Error).name };
  }
}

const steps: [string, Step][] = [
  ['stat of a missing path', (c, at) => c.stat(at('/w/none'))],
  ['read of a missing path', (c, at) => c.readFile(at('/w/none'))],
  [
    'a new file is 0644 root',
    async (c, at) => {
      await c.writeFile(at('/w/a'), 'one');
      return c.stat(at('/w/a'));
    },
  ],
  [
    'a write with a mode',
    async (c, at) => {
      await c.writeFile(at('/w/a'), 'two', { mode: 0o600 });
      return c.stat(at('/w/a'));
    },
  ],
  [
    "a write without a mode keeps the file's",
    async (c, at) => {
      await c.writeFile(at('/w/a'), 'three');
      return c.stat(at('/w/a'));
    },
  ],
  ['the content written', (c, at) => c.readFile(at('/w/a'))],
  ['a write into a missing directory', (c, at) => c.writeFile(at('/w/none/a'), 'x')],
  ['a write over a directory', (c, at) => c.writeFile(at('/w'), 'x')],
  [
    'mkdir with an exact mode',
    async (c, at) => {
      await c.mkdir(at('/w/d'), 0o750);
      return c.stat(at('/w/d'));
    },
  ],
  ['mkdir of a directory already there', (c, at) => c.mkdir(at('/w/d'), 0o750)],
  ['mkdir where a file is', (c, at) => c.mkdir(at('/w/a'), 0o755)],
  ['mkdir under a missing parent', (c, at) => c.mkdir(at('/w/none/d'), 0o755)],
  ['stat follows a symlink', (c, at) => c.stat(at('/w/link'))],
  ['lstat does not', async (c, at) => (await c.lstat(at('/w/link')))?.type],
  [
    'a write at a symlink replaces the link (a rename), not its target',
    async (c, at) => {
      await c.writeFile(at('/w/link'), 'via link');
      return [
        (await c.lstat(at('/w/link')))?.type,
        String(await c.readFile(at('/w/a'))),
        String(await c.readFile(at('/w/link'))),
      ];
    },
  ],
  [
    'chown clears setuid',
    async (c, at) => {
      await c.chmod(at('/w/a'), 0o4755);
      await c.chown(at('/w/a'), 0, 0);
      return c.stat(at('/w/a'));
    },
  ],
  ['chmod of a missing path', (c, at) => c.chmod(at('/w/none'), 0o644)],
  ['unlink of a directory', (c, at) => c.unlink(at('/w/d'))],
  [
    'rmdir of a directory that is not empty',
    async (c, at) => {
      await c.writeFile(at('/w/d/f'), 'x');
      return c.rmdir(at('/w/d'));
    },
  ],
  [
    'unlink, then rmdir of the emptied directory',
    async (c, at) => {
      await c.unlink(at('/w/d/f'));
      await c.rmdir(at('/w/d'));
      return c.stat(at('/w/d'));
    },
  ],
  ['unlink of a missing path', (c, at) => c.unlink(at('/w/none'))],
];

describe('the fake host keeps the Connection contract as the local connection does', () => {
  let dir: string;
  let local: Connection;
  const fake = fakeHost({ files: { '/w': { dir: true } } });
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-fake-contract-'));
    local = connectLocal('localhost');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every step gives the same result or the same failure code on both', async () => {
    const onLocal = (p: string) => join(dir, p);
    await local.mkdir(onLocal('/w'), 0o755);
    const got: Record<string, [unknown, unknown]> = {};
    for (const [what, step] of steps) {
      // No Connection operation makes a symlink: both get one here.
      if (what === 'stat follows a symlink') {
        symlinkSync('a', onLocal('/w/link'));
        fakeSymlink(fake, '/w/link', 'a');
      }
      got[what] = [await outcome(step, local, onLocal), await outcome(step, fake, (p) => p)];
    }
    const differ = Object.entries(got).filter(([, [a, b]]) => JSON.stringify(a) !== JSON.stringify(b));
    expect(differ, 'steps where the fake differs: [local, fake]').to.deep.equal([]);
    // And the steps did what their names say (not two connections failing alike).
    expect(got['a new file is 0644 root']![1]).to.deep.equal({ type: 'file', mode: '644', uid: 0, gid: 0, size: 3 });
    expect(got['chown clears setuid']![1]).to.deep.equal({ type: 'file', mode: '755', uid: 0, gid: 0, size: 5 });
    expect(got['a write at a symlink replaces the link (a rename), not its target']![1]).to.deep.equal([
      'file',
      'three',
      'via link',
    ]);
    expect(got['a write into a missing directory']![1]).to.deep.equal({ failed: 'ENOENT' });
  });
});

/** A symlink added to a running fake host, as a test seeding one would. */
function fakeSymlink(host: ReturnType<typeof fakeHost>, path: string, target: string): void {
  host.seedPath(path, { symlink: target });
}
