// Issue 21's modules under --diff and --check, both engines (runbook and ansible-playbook 2.14);
// get_url and uri with a static HTTP server in its own process (ansible-playbook runs with spawnSync).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bothEngines, counts } from './support/corpus-case.js';
import { startHttpsStaticServer } from './support/https-server.js';
import { startStaticServer, type StaticServer } from './support/static-server-process.js';

describe('Ansible corpus under both engines: --diff and --check of get_url, uri and slurp', function () {
  this.timeout(300_000);
  let server: StaticServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-corpus-net-'));
    writeFileSync(join(dir, 'v1.txt'), 'version one\n');
    writeFileSync(join(dir, 'v2.txt'), 'version two\n');
    writeFileSync(join(dir, 'hello.txt'), 'hello over tls\n');
    server = await startStaticServer(dir);
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('net-diff: get_url new, replaced and unchanged, uri GET and dest under --diff: changed as Ansible, no diff registered', () => {
    bothEngines(
      'net-diff',
      {
        ended: 'ok',
        recap: [counts({ ok: 8, changed: 6 })],
        files: [
          {
            'changed.txt': 'version two\n',
            'new.txt': 'version one\n',
            'same.txt': 'version one\n',
            'uri.txt': 'version two\n',
            said: 'changed T T F F T\ndiff F F F F F\npage version one\n',
          },
        ],
      },
      { args: ['--diff', '-e', `base=${server.url}`] },
    );
  });

  it('slurp-check: slurp under --check returns the content as without it; an assert reads it back', () => {
    bothEngines(
      'slurp-check',
      { ended: 'ok', recap: [counts({ ok: 4, changed: 2 })], files: [{ 'f.txt': 'slurped text\n' }] },
      { args: ['--check'] },
    );
  });

  it('validate-certs: uri and get_url refuse a self-signed certificate with the same key phrase, and take it with validate_certs: false', async () => {
    const tls = await startHttpsStaticServer(dir);
    try {
      bothEngines(
        'validate-certs',
        {
          ended: 'ok',
          recap: [counts({ ok: 6, changed: 3, ignored: 2 })],
          files: [{ 'hello.txt': 'hello over tls\n', said: 'uri T -1 T T 200 hello over tls\nget T T T\n' }],
        },
        { args: ['-e', `base=${tls.url}`] },
      );
    } finally {
      await tls.close();
    }
  });
});
