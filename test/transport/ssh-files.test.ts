import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Connection } from '../../src/transport/connection.js';
import { RemoteFileError } from '../../src/transport/connection.js';
import { connectTo, rejection, viaOpenSsh } from './helpers.js';

const D = '/srv/runbook-sftp-test';

describe('ssh transport: files over SFTP on a lab host', () => {
  let conn: Connection;
  before(async () => {
    conn = await connectTo(0);
    viaOpenSsh(0, `rm -rf ${D} && mkdir -p ${D}`);
  });
  after(async () => {
    await conn?.close();
  });

  /** `stat` of a path as the host's coreutils print it: mode in octal, owner, size. */
  const hostStat = (path: string): string => viaOpenSsh(0, `stat -c '%a %U:%G %s %F' ${path}`).trim();
  const leftovers = (): string => viaOpenSsh(0, `ls -A ${D} | grep runbook- || true`).trim();

  describe('stat and lstat', () => {
    it('describe files and directories', async () => {
      const s = await conn.stat('/etc/passwd');
      expect(s).to.deep.include({ type: 'file', mode: 0o644, uid: 0, gid: 0 });
      expect(s!.size).to.be.greaterThan(0);
      expect(s!.mtimeMs).to.be.closeTo(Number(viaOpenSsh(0, 'stat -c %Y /etc/passwd')) * 1000, 1000);
      expect(await conn.stat('/tmp')).to.deep.include({ type: 'directory', mode: 0o1777 });
    });

    it('are null for a missing path', async () => {
      expect(await conn.stat('/no/such/path')).to.equal(null);
      expect(await conn.lstat(`${D}/missing`)).to.equal(null);
    });

    it('lstat sees a symlink, stat follows it', async () => {
      viaOpenSsh(0, `ln -sfn /etc/passwd ${D}/link`);
      expect((await conn.lstat(`${D}/link`))!.type).to.equal('symlink');
      expect((await conn.stat(`${D}/link`))!.type).to.equal('file');
    });
  });

  describe('readFile', () => {
    it('reads a whole file, or null when missing', async () => {
      expect(String(await conn.readFile('/etc/hostname'))).to.equal('node1\n');
      expect(await conn.readFile(`${D}/missing`)).to.equal(null);
    });

    it('reads files whose size the kernel reports as 0', async () => {
      expect(String(await conn.readFile('/proc/sys/kernel/hostname'))).to.equal('node1\n');
    });

    it('fails clearly on a directory', async () => {
      const err = await rejection(conn.readFile('/etc'));
      expect(err).to.be.instanceOf(RemoteFileError);
      expect(err.message).to.match(/^read \/etc on node1: /);
    });
  });

  describe('writeFile', () => {
    it('round-trips binary data of every byte value, 3 MB of it', async () => {
      const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3 * 1024 * 1024)]);
      await conn.writeFile(`${D}/blob`, data);
      expect((await conn.readFile(`${D}/blob`))!.equals(data)).to.equal(true);
      const sha = createHash('sha256').update(data).digest('hex');
      expect(viaOpenSsh(0, `sha256sum < ${D}/blob`).split(' ')[0]).to.equal(sha);
    });

    it('writes strings as UTF-8, and empty files', async () => {
      await conn.writeFile(`${D}/text`, 'grüße ✓\n');
      expect(viaOpenSsh(0, `cat ${D}/text`)).to.equal('grüße ✓\n');
      await conn.writeFile(`${D}/empty`, '');
      expect(hostStat(`${D}/empty`)).to.equal('644 root:root 0 regular empty file');
    });

    it('gives a new file 0644 regardless of the server umask, or the mode asked for', async () => {
      await conn.writeFile(`${D}/new-default`, 'x');
      expect(hostStat(`${D}/new-default`)).to.equal('644 root:root 1 regular file');
      await conn.writeFile(`${D}/new-0640`, 'x', { mode: 0o640 });
      expect(hostStat(`${D}/new-0640`)).to.equal('640 root:root 1 regular file');
    });

    it('keeps the mode and owner of the file it replaces', async () => {
      viaOpenSsh(0, `echo old > ${D}/kept && chown nobody:nogroup ${D}/kept && chmod 0604 ${D}/kept`);
      await conn.writeFile(`${D}/kept`, 'new\n');
      expect(hostStat(`${D}/kept`)).to.equal('604 nobody:nogroup 4 regular file');
      expect(viaOpenSsh(0, `cat ${D}/kept`)).to.equal('new\n');
    });

    it('sets an explicit owner and mode, setuid bit included (chown first, or it would clear it)', async () => {
      const nobody = Number(viaOpenSsh(0, 'id -u nobody'));
      await conn.writeFile(`${D}/suid`, '#!/bin/sh\n', { mode: 0o4755, uid: nobody, gid: 0 });
      expect(hostStat(`${D}/suid`)).to.equal('4755 nobody:root 10 regular file');
      expect(await conn.stat(`${D}/suid`)).to.deep.include({ mode: 0o4755, uid: nobody, gid: 0 });
    });

    it('replaces atomically: a reader sees the old or the new content, never a mix', async () => {
      const a = Buffer.alloc(512 * 1024, 'a');
      const b = Buffer.alloc(512 * 1024, 'b');
      const sums = new Set([a, b].map((x) => createHash('md5').update(x).digest('hex')));
      await conn.writeFile(`${D}/flip`, a);
      const reader = conn.exec(`for i in $(seq 300); do md5sum < ${D}/flip; done`);
      for (let i = 0; i < 30; i++) await conn.writeFile(`${D}/flip`, i % 2 ? a : b);
      const seen = new Set(
        (await reader).stdout
          .trim()
          .split('\n')
          .map((l) => l.split(' ')[0]!),
      );
      for (const s of seen) expect(sums.has(s), `a reader saw a partial file (${s})`).to.equal(true);
    });

    it('leaves no temp file behind, after success and after a failed rename', async () => {
      expect(leftovers()).to.equal('');
      // A mount point cannot be renamed over (EBUSY): the temp file is written, then removed.
      viaOpenSsh(0, `touch ${D}/pinned && mount --bind /etc/hostname ${D}/pinned`);
      try {
        const err = await rejection(conn.writeFile(`${D}/pinned`, 'x'));
        expect(err).to.be.instanceOf(RemoteFileError);
        expect(err.message).to.match(new RegExp(`^write ${D}/pinned on node1: `));
      } finally {
        viaOpenSsh(0, `umount ${D}/pinned`);
      }
      expect(leftovers()).to.equal('');
    });

    it('fails with host and path when the directory is missing', async () => {
      const err = await rejection(conn.writeFile('/no/such/dir/f', 'x'));
      expect(err).to.be.instanceOf(RemoteFileError);
      expect(err.message).to.equal('write /no/such/dir/f on node1: no such file or directory');
      expect((err as RemoteFileError).code).to.equal('ENOENT');
    });

    it('refuses to replace a directory', async () => {
      const err = await rejection(conn.writeFile(D, 'x'));
      expect(err.message).to.equal(`write ${D} on node1: is a directory`);
    });
  });

  describe('mkdir, chmod, chown, unlink, rmdir', () => {
    it('mkdir makes one level with exactly the mode asked (the umask does not apply); a directory already there is success, a file is not', async () => {
      await conn.mkdir(`${D}/d1`, 0o777);
      await conn.mkdir(`${D}/d1/d2`, 0o700);
      expect(hostStat(`${D}/d1`)).to.equal('777 root:root 4096 directory');
      expect(hostStat(`${D}/d1/d2`)).to.equal('700 root:root 4096 directory');
      expect(await rejection(conn.mkdir(`${D}/x/y`, 0o755))).to.have.property('code', 'ENOENT');
      // A directory already there is success (another connection may have made it just now), with the mode asked.
      await conn.mkdir(`${D}/d1`, 0o755);
      expect(hostStat(`${D}/d1`)).to.equal('755 root:root 4096 directory');
      viaOpenSsh(0, `echo x > ${D}/plain`);
      const onFile = await rejection(conn.mkdir(`${D}/plain`, 0o755));
      expect(onFile.message).to.match(new RegExp(`^mkdir ${D}/plain on node1: `));
    });

    it('chmod and chown change what the host sees', async () => {
      viaOpenSsh(0, `echo x > ${D}/perm`);
      await conn.chmod(`${D}/perm`, 0o600);
      await conn.chown(`${D}/perm`, Number(viaOpenSsh(0, 'id -u nobody')), 0);
      expect(hostStat(`${D}/perm`)).to.equal('600 nobody:root 2 regular file');
      expect((await rejection(conn.chmod(`${D}/gone`, 0o600))).message).to.equal(
        `chmod ${D}/gone on node1: no such file or directory`,
      );
    });

    it('unlink removes a file or an empty directory; rmdir an empty directory', async () => {
      viaOpenSsh(0, `mkdir -p ${D}/rm/empty ${D}/rm/empty2 && touch ${D}/rm/file`);
      await conn.unlink(`${D}/rm/file`);
      await conn.unlink(`${D}/rm/empty`);
      await conn.rmdir(`${D}/rm/empty2`);
      expect(viaOpenSsh(0, `ls -A ${D}/rm`)).to.equal('');
      expect(await rejection(conn.unlink(`${D}/rm/file`))).to.have.property('code', 'ENOENT');
      viaOpenSsh(0, `mkdir -p ${D}/rm/full/x`);
      expect((await rejection(conn.rmdir(`${D}/rm/full`))).message).to.match(
        new RegExp(`^rmdir ${D}/rm/full on node1: `),
      );
    });
  });

  it('a file written on node1 is invisible on node2 and on the machine itself', async () => {
    const other = await connectTo(1);
    try {
      await conn.writeFile('/etc/runbook-isolation-proof', 'node1 only\n');
      expect(await conn.stat('/etc/runbook-isolation-proof')).to.not.equal(null);
      expect(await other.stat('/etc/runbook-isolation-proof')).to.equal(null);
      expect(viaOpenSsh(1, 'uname -n; ls /etc/runbook-isolation-proof 2>&1 || true')).to.match(
        /^node2\n.*No such file/,
      );
      expect(existsSync('/etc/runbook-isolation-proof')).to.equal(false);
    } finally {
      await other.close();
      await conn.unlink('/etc/runbook-isolation-proof');
    }
  });
});
