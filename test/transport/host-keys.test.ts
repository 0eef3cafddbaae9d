// Host keys against the lab's real sshd's: a second key simulates a changed
// host, and known_hosts files in every form OpenSSH writes decide. Recording
// (accept-new) is atomic and safe against concurrent runs.
import { expect } from 'chai';
import { cliMain } from '../support/cli-bin.js';
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fingerprint, hashHostName } from '../../src/transport/known-hosts.js';
import { TransportError } from '../../src/transport/connection.js';
import { lab } from '../lab/shared.js';
import { runbook } from '../cli/support.js';
import { connectTo, rejection } from './helpers.js';

/** host i's real key as a known_hosts "type base64" pair. */
const realKey = (i: number): string =>
  readFileSync(lab().knownHostsFile, 'utf8').split('\n')[i]!.split(' ').slice(1, 3).join(' ');

/** A fresh key of `type`, made by ssh-keygen: what a reinstalled host (or an attacker) would present. */
function otherKey(dir: string, type: 'ed25519' | 'ecdsa' = 'ed25519'): string {
  const file = join(dir, `other-${type}-${Math.random().toString(36).slice(2)}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
}

const blob = (pair: string): Buffer => Buffer.from(pair.split(' ')[1]!, 'base64');

describe('host keys (lab hosts)', () => {
  let dir: string;
  let kh: string;
  const addr = () => lab().hosts[0]!.address;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-hostkeys-'));
    kh = join(dir, 'known_hosts');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a changed key fails under strict and accept-new with both SHA256 fingerprints, file:line and ssh-keygen -R; the file is left alone', async () => {
    const old = otherKey(dir);
    const before = `# mine\n\n${addr()} ${old}\n`;
    writeFileSync(kh, before);
    for (const hostKeyPolicy of ['strict', 'accept-new'] as const) {
      const err = await rejection(connectTo(0, { knownHostsFile: kh, hostKeyPolicy }));
      expect(err).to.be.instanceOf(TransportError);
      expect(err.message).to.include(`host key for node1 (${addr()}) has changed!`);
      expect(err.message).to.include(`offered ssh-ed25519 key ${fingerprint(blob(realKey(0)))}`);
      expect(err.message).to.include(`${kh}:3 (ssh-ed25519 ${fingerprint(blob(old))})`);
      expect(err.message).to.include(`ssh-keygen -R ${addr()} -f ${kh}`);
      expect(fingerprint(blob(old))).to.match(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
    expect(readFileSync(kh, 'utf8')).to.equal(before);
  });

  it('several keys for one host: any recorded key accepts, in plain, hashed and [host]:port lines', async () => {
    writeFileSync(
      kh,
      `${addr()} ${otherKey(dir)}\n${addr()} ${otherKey(dir, 'ecdsa')}\n${hashHostName(addr())} ${realKey(0)}\n`,
    );
    const c = await connectTo(0, { knownHostsFile: kh });
    expect((await c.exec('uname -n')).stdout).to.equal('node1\n');
    await c.close();
    // An entry for another port does not name the host on port 22.
    writeFileSync(kh, `[${addr()}]:2222 ${realKey(0)}\n`);
    const err = await rejection(connectTo(0, { knownHostsFile: kh }));
    expect(err.message).to.include('is not known');
  });

  it('@revoked refuses the key even where a plain line lists it too', async () => {
    writeFileSync(kh, `${addr()} ${realKey(0)}\n@revoked * ${realKey(0)}\n`);
    for (const hostKeyPolicy of ['strict', 'accept-new'] as const) {
      const err = await rejection(connectTo(0, { knownHostsFile: kh, hostKeyPolicy }));
      expect(err.message).to.include(`host key for node1 (${addr()}) is REVOKED in ${kh}:2`);
    }
  });

  it('@cert-authority alone does not vouch (ssh2 cannot check host certificates), and the error says so', async () => {
    writeFileSync(kh, `@cert-authority 127.0.*.* ${otherKey(dir)}\n`);
    const err = await rejection(connectTo(0, { knownHostsFile: kh }));
    expect(err.message).to.include('is not known');
    expect(err.message).to.include(`${kh}:1 names a @cert-authority for this host`);
    expect(err.message).to.include('cannot check host certificates');
  });

  it('accept-new records only an unknown key, keeps the file mode, and leaves no temp or lock file', async () => {
    writeFileSync(kh, `# keep me\n${lab().hosts[1]!.address} ${realKey(1)}`);
    chmodSync(kh, 0o600);
    const c = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' });
    await c.close();
    expect(readFileSync(kh, 'utf8')).to.equal(
      `# keep me\n${lab().hosts[1]!.address} ${realKey(1)}\n${addr()} ${realKey(0)}\n`,
    );
    expect(statSync(kh).mode & 0o777).to.equal(0o600);
    expect(readdirSync(dir)).to.deep.equal(['known_hosts']);
  });

  it('accept-new writes a hashed name into a file whose names are all hashed, as ssh with HashKnownHosts does', async () => {
    writeFileSync(kh, `${hashHostName(lab().hosts[1]!.address)} ${realKey(1)}\n`);
    const c = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' });
    await c.close();
    const added = readFileSync(kh, 'utf8').split('\n')[1]!;
    expect(added).to.match(/^\|1\|[^ ]+ ssh-ed25519 /);
    expect(added).not.to.include(addr());
    // OpenSSH finds it.
    expect(execFileSync('ssh-keygen', ['-F', addr(), '-f', kh], { encoding: 'utf8' })).to.include(realKey(0));
  });

  it('accept-new takes over a lock file a killed run left behind, and waits for a live one', async () => {
    writeFileSync(`${kh}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${kh}.lock`, old, old);
    const c = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' });
    await c.close();
    expect(readFileSync(kh, 'utf8')).to.equal(`${addr()} ${realKey(0)}\n`);
    expect(existsSync(`${kh}.lock`)).to.equal(false);

    // A fresh lock: the run waits, and records once it is released.
    writeFileSync(`${kh}.lock`, '');
    const waiting = connectTo(1, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readFileSync(kh, 'utf8')).not.to.include(realKey(1));
    rmSync(`${kh}.lock`);
    await (await waiting).close();
    expect(readFileSync(kh, 'utf8')).to.include(`${lab().hosts[1]!.address} ${realKey(1)}`);
  });

  it('two processes recording 40 hosts each into one file at once lose no entry', async () => {
    writeFileSync(kh, '# shared\n');
    chmodSync(kh, 0o640);
    const module = join(import.meta.dirname, '..', '..', 'src', 'transport', 'known-hosts-file.js');
    const script = (tag: string) => `
      import { recordHostKey } from ${JSON.stringify(module)};
      import { randomBytes } from 'node:crypto';
      const type = Buffer.from('ssh-ed25519');
      for (let i = 0; i < 40; i++) {
        const key = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), randomBytes(32)]);
        const v = await recordHostKey(${JSON.stringify(kh)}, ['${tag}-' + i + '.example'], key);
        if (v.kind !== 'unknown') throw new Error('not recorded: ' + v.kind);
      }`;
    const run = (tag: string) =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, ['--input-type=module', '-e', script(tag)], { stdio: 'inherit' }).on('exit', resolve),
      );
    expect(await Promise.all([run('a'), run('b')])).to.deep.equal([0, 0]);
    const lines = readFileSync(kh, 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('# shared');
    const names = lines
      .slice(1)
      .map((l) => l.split(' ')[0]!)
      .sort();
    const want = ['a', 'b'].flatMap((t) => Array.from({ length: 40 }, (_, i) => `${t}-${i}.example`)).sort();
    expect(names).to.deep.equal(want);
    expect(statSync(kh).mode & 0o777).to.equal(0o640);
    expect(readdirSync(dir)).to.deep.equal(['known_hosts']);
  });

  it('two concurrent `runbook ping --host-key-checking accept-new` runs on different hosts both keep their entry', async () => {
    const l = lab();
    const inv = join(dir, 'hosts.yaml');
    const hosts = Object.fromEntries(l.hosts.map((h) => [h.name, { ansible_host: h.address, ansible_port: h.port }]));
    writeFileSync(
      inv,
      stringify({
        all: {
          vars: { ansible_user: 'root', ansible_ssh_private_key_file: l.keyFile, runbook_known_hosts_file: kh },
          hosts,
        },
      }),
    );
    const main = cliMain();
    const ping = (host: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const p = spawn(process.execPath, [main, 'ping', '-i', inv, '-l', host, '--host-key-checking', 'accept-new']);
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr.on('data', (d: Buffer) => (out += d.toString()));
        p.on('exit', (code) => resolve({ code, out }));
      });
    const runs = await Promise.all(l.hosts.map((h) => ping(h.name)));
    for (const r of runs) expect(r.code, r.out).to.equal(0);
    const recorded = readFileSync(kh, 'utf8').trim().split('\n').sort();
    expect(recorded).to.deep.equal(l.hosts.map((h, i) => `${h.address} ${realKey(i)}`).sort());
    const strict = runbook(['ping', '-i', inv]);
    expect(strict.code, strict.stdout + strict.stderr).to.equal(0);
  });
});
