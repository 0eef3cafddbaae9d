// A write onto a full or read-only file system says which, where OpenSSH's
// sftp-server answers only "Failure" (it maps EROFS and ENOSPC to it): the
// transport asks the file system (statvfs@openssh.com). The file systems are
// small tmpfs mounted inside a lab host's own mount namespace.
import { expect } from 'chai';
import { onHost } from '../support/host-shell.js';
import { hostNames, runYaml } from '../support/run.js';

describe('why a write failed', () => {
  const host = () => hostNames()[0]!;
  before(() => {
    onHost(
      host(),
      [
        'umount /mnt/rb-full /mnt/rb-ro 2>/dev/null; mkdir -p /mnt/rb-full /mnt/rb-ro',
        'mount -t tmpfs -o size=64k tmpfs /mnt/rb-full && head -c 1048576 /dev/zero > /mnt/rb-full/filler 2>/dev/null; true',
        'mount -t tmpfs -o size=64k tmpfs /mnt/rb-ro && mkdir /mnt/rb-ro/d && mount -o remount,ro /mnt/rb-ro',
      ].join('\n'),
    );
  });
  after(() => onHost(host(), 'umount /mnt/rb-full /mnt/rb-ro; rmdir /mnt/rb-full /mnt/rb-ro'));

  it('a full file system says "no space left on device", a read-only one "read-only file system"', async () => {
    const run = await runYaml(`
- hosts: ${host()}
  gather_facts: false
  tasks:
    - name: onto full
      copy: { dest: /mnt/rb-full/f, content: "${'x'.repeat(100)}" }
      ignore_errors: true
    - name: dir on full
      file: { path: /mnt/rb-full/newdir, state: directory }
      ignore_errors: true
    - name: onto read-only
      copy: { dest: /mnt/rb-ro/d/f, content: "x" }
      ignore_errors: true
    - name: dir on read-only
      file: { path: /mnt/rb-ro/newdir, state: directory }
      ignore_errors: true
`);
    const msg = (task: string) => run.task(task).get(host())!.msg ?? '';
    expect(msg('onto full'))
      .to.contain('/mnt/rb-full/f')
      .and.contain('no space left on device')
      .and.not.contain('SFTP: Failure');
    expect(msg('onto read-only'))
      .to.contain('/mnt/rb-ro/d/f')
      .and.contain('read-only file system')
      .and.not.contain('SFTP: Failure');
    expect(msg('dir on read-only')).to.contain('/mnt/rb-ro/newdir').and.contain('read-only file system');
    // tmpfs counts inodes apart from blocks: a directory may still fit where the file did not.
    expect(run.task('dir on full').get(host())!.status).to.be.oneOf(['changed', 'failed']);
    for (const t of ['onto full', 'onto read-only', 'dir on read-only'])
      expect(run.task(t).get(host())!.status, t).to.equal('failed');
  });
});
