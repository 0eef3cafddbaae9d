import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransportError } from '../../src/transport/connection.js';
import { lab } from '../lab/shared.js';
import { connectTo, rejection } from './helpers.js';

/** The lab's known_hosts line for host i (e.g. "127.0.1.2 ssh-ed25519 AAAA…"). */
const labLine = (i: number): string => readFileSync(lab().knownHostsFile, 'utf8').split('\n')[i]!;
/** The fingerprint OpenSSH's own tool prints for host i's key. */
const labFingerprint = (i: number): string => {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', lab().knownHostsFile], { encoding: 'utf8' });
  return out.split('\n')[i]!.split(' ')[1]!;
};

/** A connect timeout no test run reaches. */
const LONG_MS = 600_000;

describe('ssh transport: connecting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runbook-connect-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('host key checking', () => {
    it('strict: accepts the key recorded in known_hosts', async () => {
      const c = await connectTo(0);
      expect((await c.exec('uname -n')).stdout).to.equal('node1\n');
      await c.close();
    });

    it('strict: refuses an unknown host, giving its fingerprint and how to accept it', async () => {
      const kh = join(dir, 'known_hosts');
      writeFileSync(kh, labLine(1) + '\n'); // node2 only
      const err = await rejection(connectTo(0, { knownHostsFile: kh }));
      expect(err).to.be.instanceOf(TransportError);
      const addr = lab().hosts[0]!.address;
      expect(err.message).to.include(`host key for node1 (${addr}) is not known`);
      expect(err.message).to.include(`ssh-ed25519 key ${labFingerprint(0)}`);
      expect(err.message).to.include(`ssh-keyscan -p 22 ${addr} >> ${kh}`);
      expect(err.message).to.include('accept-new');
      expect(readFileSync(kh, 'utf8')).to.equal(labLine(1) + '\n');
    });

    it('strict: says so when the known_hosts file does not exist', async () => {
      const err = await rejection(connectTo(0, { knownHostsFile: join(dir, 'nope') }));
      expect(err.message).to.match(/nope does not exist/);
    });

    it('strict, on first contact with no ~/.ssh: the command it gives makes the directory, records the key, and the host is then accepted', async () => {
      const kh = join(dir, 'fresh-home', '.ssh', 'known_hosts');
      const err = await rejection(connectTo(0, { knownHostsFile: kh }));
      const hint = /`(mkdir -p -m 700 [^`]+ && ssh-keyscan [^`]+)`/.exec(err.message);
      expect(hint, err.message).to.not.equal(null);
      expect(err.message).to.contain('--host-key-checking accept-new');
      execFileSync('bash', ['-c', hint![1]!], { stdio: 'ignore' });
      expect(statSync(join(dir, 'fresh-home', '.ssh')).mode & 0o777).to.equal(0o700);
      const c = await connectTo(0, { knownHostsFile: kh });
      expect((await c.exec('uname -n')).stdout).to.equal('node1\n');
      await c.close();
    });

    it('refuses a changed key loudly, under strict and accept-new alike', async () => {
      const kh = join(dir, 'known_hosts');
      const addr = lab().hosts[0]!.address;
      // node1's address with node2's key: what a man in the middle looks like.
      writeFileSync(kh, `# first line\n${addr} ${labLine(1).split(' ').slice(1).join(' ')}\n`);
      for (const hostKeyPolicy of ['strict', 'accept-new'] as const) {
        const err = await rejection(connectTo(0, { knownHostsFile: kh, hostKeyPolicy }));
        expect(err).to.be.instanceOf(TransportError);
        expect(err.message).to.include(`host key for node1 (${addr}) has changed!`);
        expect(err.message).to.include(`${kh}:2 (ssh-ed25519 ${labFingerprint(1)})`);
        expect(err.message).to.include(`offered ssh-ed25519 key ${labFingerprint(0)}`);
      }
      expect(readFileSync(kh, 'utf8').split('\n')).to.have.length(3);
    });

    it('accept-new: records an unknown host, creating the file, and knows it afterwards', async () => {
      const kh = join(dir, 'sub', 'known_hosts');
      const c = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' });
      await c.close();
      expect(readFileSync(kh, 'utf8')).to.equal(labLine(0) + '\n');
      const again = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'strict' });
      await again.close();
      expect(readFileSync(kh, 'utf8')).to.equal(labLine(0) + '\n');
    });

    it('accept-new: appends after a last line without newline, and many hosts at once do not clash', async () => {
      const kh = join(dir, 'known_hosts');
      writeFileSync(kh, '# no newline at the end');
      const n = lab().hosts.length;
      const conns = await Promise.all(
        lab().hosts.map((_, i) => connectTo(i, { knownHostsFile: kh, hostKeyPolicy: 'accept-new' })),
      );
      await Promise.all(conns.map((c) => c.close()));
      const lines = readFileSync(kh, 'utf8').split('\n');
      expect(lines[0]).to.equal('# no newline at the end');
      expect(lines.slice(1, -1).sort()).to.deep.equal(
        lab()
          .hosts.map((_, i) => labLine(i))
          .sort(),
      );
      expect(lines).to.have.length(n + 2);
    });

    it('matches hashed known_hosts entries (ssh-keygen -H)', async () => {
      const kh = join(dir, 'known_hosts');
      copyFileSync(lab().knownHostsFile, kh);
      execFileSync('ssh-keygen', ['-q', '-H', '-f', kh], { stdio: 'ignore' });
      expect(readFileSync(kh, 'utf8')).to.match(/^\|1\|/);
      const c = await connectTo(0, { knownHostsFile: kh });
      await c.close();
    });

    it('off: accepts any key and writes nothing', async () => {
      const kh = join(dir, 'known_hosts');
      const c = await connectTo(0, { knownHostsFile: kh, hostKeyPolicy: 'off' });
      await c.close();
      expect(existsSync(kh)).to.equal(false);
    });
  });

  describe('failures', () => {
    it('an address where nothing listens fails fast with ECONNREFUSED', async () => {
      // Port 1 of this lab's own first address: nothing listens there.
      const address = lab().hosts[0]!.address;
      const t0 = Date.now();
      const err = await rejection(connectTo(0, { address, port: 1, connectTimeoutMs: LONG_MS }));
      // Refused at once: not left to the connect timeout.
      expect(Date.now() - t0).to.be.below(LONG_MS);
      expect(err).to.be.instanceOf(TransportError);
      expect(err.message).to.equal(`connect ECONNREFUSED ${address}:1`);
      expect((err as TransportError).host).to.equal('node1');
    });

    it('a server that never speaks SSH times out after connectTimeoutMs', async () => {
      const sockets: import('node:net').Socket[] = [];
      const silent: Server = createServer((s) => sockets.push(s));
      // A free port on this lab's own address: no clash with another run or lab.
      const address = lab().hosts[0]!.address;
      await new Promise<void>((r) => silent.listen(0, address, r));
      const port = (silent.address() as import('node:net').AddressInfo).port;
      try {
        const t0 = Date.now();
        const err = await rejection(connectTo(0, { address, port, connectTimeoutMs: 400 }));
        // The message names the timer that fired; a slow machine only makes the wait longer.
        expect(Date.now() - t0).to.be.at.least(350);
        expect(err).to.be.instanceOf(TransportError);
        expect(err.message).to.equal(`connecting to root@${address}:${port} timed out after 400 ms`);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
      }
    });

    it('a host name that does not resolve says so', async () => {
      const err = await rejection(connectTo(0, { address: 'no-such-host.invalid' }));
      expect(err).to.be.instanceOf(TransportError);
      expect(err.message).to.match(/^cannot resolve host name no-such-host\.invalid/);
    });

    it('a missing private key file is named in the error', async () => {
      const err = await rejection(connectTo(0, { identities: [{ path: join(dir, 'id_missing'), required: true }] }));
      expect(err).to.be.instanceOf(TransportError);
      expect(err.message).to.equal(`cannot read private key file ${join(dir, 'id_missing')}: no such file`);
    });

    it('an unreadable or malformed key file is named in the error', async () => {
      const garbage = join(dir, 'id_garbage');
      writeFileSync(garbage, 'this is not a key\n');
      chmodSync(garbage, 0o600);
      const err = await rejection(connectTo(0, { identities: [{ path: garbage, required: true }] }));
      expect(err.message).to.match(new RegExp(`^private key file ${garbage}: not a usable private key`));

      const locked = join(dir, 'id_locked');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'secret', '-f', locked]);
      expect((await rejection(connectTo(0, { identities: [{ path: locked, required: true }] }))).message).to.match(
        /protected by a passphrase, and none was given/,
      );
    });

    it('a key the host does not accept fails authentication, naming user, host and key', async () => {
      const other = join(dir, 'id_other');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
      const addr = lab().hosts[0]!.address;
      const err = await rejection(connectTo(0, { identities: [{ path: other, required: true }] }));
      expect(err).to.be.instanceOf(TransportError);
      expect(err.message).to.equal(`authentication failed for root@${addr}:22 (tried: key ${other})`);
      const nobody = await rejection(connectTo(0, { user: 'nobody' }));
      expect(nobody.message).to.match(/^authentication failed for nobody@/);
    });
  });
});
