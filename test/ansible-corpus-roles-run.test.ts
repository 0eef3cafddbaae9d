// What running Kubespray's roles under both engines (/work/peer/roles-run: container-engine/containerd
// and kubernetes/preinstall) found runbook lacking, each as a small case under both engines.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bothEngines, counts } from './support/corpus-case.js';
import { startStaticServer, type StaticServer } from './support/static-server-process.js';

describe('Ansible corpus under both engines: found by running Kubespray roles', function () {
  this.timeout(180_000);

  it('filter-random: `n | random` in range(n) (start, step), one item of a list or a string, in a delay', () => {
    bothEngines('filter-random', {
      ended: 'ok',
      recap: [counts({ ok: 4, changed: 2 })],
      files: [{ report: '0 only x int\n' }],
    });
  });

  it('expr-slices: `x[1::]`, `x[a:b]`, negative indices and steps, bounds past the end, of lists and strings', () => {
    bothEngines('expr-slices', {
      ended: 'ok',
      recap: [counts({ ok: 3, changed: 2 })],
      files: [
        {
          report:
            "{'127.0.0.1': ['localhost', 'localhost.localdomain']}\n" +
            'bcd ef ace fedcba edc ab |\n' +
            '[1, 2] [2, 3] [4, 2] []\n',
        },
      ],
    });
  });

  describe('with a static HTTP server', () => {
    let server: StaticServer;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'corpus-roles-run-'));
      writeFileSync(join(dir, 'tool.bin'), 'tool-bin');
      server = await startStaticServer(dir);
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('uri-head-mirrors: uri method HEAD (Kubespray checks its mirrors so) succeeds on a file, 404 on none', () => {
      bothEngines(
        'uri-head-mirrors',
        {
          ended: 'ok',
          recap: [counts({ ok: 5, changed: 3, ignored: 1 })],
          files: [{ report: '1 [False, True] [200, 404]\n', 'tool.bin': 'tool-bin' }],
        },
        { args: ['-e', `base=${server.url}`] },
      );
    });
  });
});
