// A lab apt repository served over HTTP: tiny .debs built on this machine with
// dpkg-deb in a temp directory (nothing is installed here), a flat index
// (Packages, Release), optionally signed by a throwaway gpg key, served by
// test/support/http-server.ts. Lab hosts share the machine's network, so their
// apt reaches it at 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpServer, type TestServer } from './http-server.js';
import { runYaml } from './run.js';

export interface RepoDeb {
  name: string;
  version: string;
  depends?: string;
}

export interface AptHttpRepo {
  server: TestServer;
  /** `http://127.0.0.1:PORT/` (a flat repository: suite `./`). */
  url: string;
  /** The signing key, ASCII-armored, and its fingerprint (when signed). */
  key?: { armored: string; fingerprint: string };
  close(): Promise<void>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function buildDeb(dir: string, d: RepoDeb): string {
  const root = join(dir, 'build', `${d.name}_${d.version}`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  mkdirSync(join(root, 'usr/share/runbook-test'), { recursive: true });
  const depends = d.depends ? `Depends: ${d.depends}\n` : '';
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: ${d.name}\nVersion: ${d.version}\nArchitecture: all\nMaintainer: ` +
      `runbook tests <tests@runbook.invalid>\n${depends}Description: runbook apt module test package\n`,
  );
  writeFileSync(join(root, 'usr/share/runbook-test', d.name), `${d.version}\n`);
  const file = `${d.name}_${d.version}_all.deb`;
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', root, join(dir, file)], { stdio: 'ignore' });
  return file;
}

function gpgKey(home: string): { armored: string; fingerprint: string } {
  const gpg = (...a: string[]) =>
    execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', ...a], { encoding: 'utf8' });
  gpg('--passphrase', '', '--quick-gen-key', 'runbook lab repo <lab@runbook.invalid>', 'ed25519', 'sign', 'never');
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(gpg('--with-colons', '--list-keys'))![1]!;
  return { armored: gpg('--armor', '--export', fingerprint), fingerprint };
}

/** Builds `debs` into a flat repository and serves it; `signed` signs Release (InRelease). */
export async function startAptRepo(debs: RepoDeb[], o: { signed?: boolean } = {}): Promise<AptHttpRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-apt-repo-'));
  const files = debs.map((d) => buildDeb(dir, d));
  const entries = files.map((f) => {
    const body = readFileSync(join(dir, f));
    const control = execFileSync('dpkg-deb', ['-f', join(dir, f)], { encoding: 'utf8' });
    return `${control.trimEnd()}\nFilename: ./${f}\nSize: ${statSync(join(dir, f)).size}\nSHA256: ${sha256(body)}\n`;
  });
  const packages = Buffer.from(`${entries.join('\n')}\n`);
  const release = Buffer.from(
    `Origin: runbook-lab\nLabel: runbook-lab\nSuite: lab\nCodename: lab\nDate: ` +
      `${new Date().toUTCString()}\nSHA256:\n ${sha256(packages)} ${packages.length} Packages\n`,
  );
  const routes: Record<string, Buffer> = { '/Packages': packages, '/Release': release };
  for (const f of files) routes[`/${f}`] = readFileSync(join(dir, f));
  let key: AptHttpRepo['key'];
  if (o.signed) {
    const home = join(dir, 'gnupg');
    mkdirSync(home, { mode: 0o700 });
    key = gpgKey(home);
    writeFileSync(join(dir, 'Release'), release);
    execFileSync('gpg', [
      '--homedir',
      home,
      '--batch',
      '--quiet',
      '--yes',
      '--clearsign',
      '-o',
      join(dir, 'InRelease'),
      join(dir, 'Release'),
    ]);
    routes['/InRelease'] = readFileSync(join(dir, 'InRelease'));
    routes['/key.asc'] = Buffer.from(key.armored);
  }
  const server = await startHttpServer(routes);
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  return {
    server,
    url: server.url('/'),
    key,
    close: async () => {
      await server.close();
      // gpg-agent started for the throwaway home ends with it.
      if (o.signed)
        execFileSync('gpgconf', ['--homedir', join(dir, 'gnupg'), '--kill', 'gpg-agent'], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * apt-get update on a lab host, through runbook (async): onHost's execFileSync
 * would block this process, and with it the repository's server, until apt gives up.
 */
export async function aptUpdate(host: string): Promise<void> {
  const r = (await runYaml(`- hosts: ${host}\n  tasks:\n    - name: update\n      command: apt-get -q update\n`))
    .task('update')
    .get(host)!;
  if (r.status !== 'changed')
    throw new Error(`apt-get update failed on ${host}: ${r.msg ?? ''} ${String(r.data.stderr ?? '')}`);
}
